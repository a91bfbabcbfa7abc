package io.arbalest.bench;

import io.arbalest.am.driver.Driver;
import io.arbalest.am.driver.QueryResult;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.sdk.ArbalestSession;
import io.arbalest.sdk.DataFrame;
import io.arbalest.sdk.Row;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * One engine of the TPC-H or TPC-DS harness, in a JVM of its own: runs each query once to warm up, then
 * {@code runs} timed times, and prints {@code RESULT,query,median_ms,rows} (or
 * {@code ERROR,query,message}) per query on stdout.
 *
 * <p>Arguments: engine (arbalest, arbalest-df: the queries as DataFrame programs in local mode,
 * local-cluster: one executor process per thread, yarn: one executor
 * container per thread on the cluster of HADOOP_CONF_DIR, or duckdb), benchmark (tpch, tpcds),
 * warehouse, threads, runs, comma-separated queries, and the memory budget ("" for the
 * engines' defaults): arbalest.query.memory for Arbalest, memory_limit for DuckDB, both
 * spilling beyond it.
 */
public final class EngineMain {
    private EngineMain() {
    }

    public static void main(String[] args) throws Exception {
        String engine = args[0];
        Benchmark benchmark = Benchmark.of(args[1]);
        String warehouse = args[2];
        int threads = Integer.parseInt(args[3]);
        int runs = Integer.parseInt(args[4]);
        List<String> queries = benchmark.parse(args[5]);
        String memory = args.length > 6 ? args[6] : "";
        ArbalestConfig defaults = memory.isEmpty() ? ArbalestConfig.defaults()
                : ArbalestConfig.defaults().with(ArbalestConfig.QUERY_MEMORY, memory);
        switch (engine) {
            case "arbalest" -> arbalest(defaults.with(ArbalestConfig.MASTER, "local[" + threads + "]"), benchmark,
                    warehouse, runs, queries);
            case "arbalest-df" -> dataFrames("local[" + threads + "]", warehouse, runs, queries);
            case "local-cluster" -> arbalest(defaults.with(ArbalestConfig.MASTER, "local-cluster[" + threads + ",1,"
                    + clusterExecutorMemoryMb() + "]"), benchmark, warehouse, runs, queries);
            case "yarn" -> arbalest(defaults.with(ArbalestConfig.MASTER, "yarn")
                    .with(ArbalestConfig.EXECUTOR_INSTANCES, Integer.toString(threads))
                    .with(ArbalestConfig.EXECUTOR_MEMORY, yarnExecutorMemory())
                    .with(ArbalestConfig.YARN_JAR, System.getenv().getOrDefault("ARBALEST_YARN_JAR", "")),
                    benchmark, warehouse, runs, queries);
            case "duckdb" -> duckdb(benchmark, warehouse, threads, runs, queries, memory);
            default -> throw new IllegalArgumentException("unknown engine " + engine);
        }
    }

    /** Heap of each executor of the local-cluster engine: ARBALEST_BENCH_EXECUTOR_MB, 3072 by default. */
    static int clusterExecutorMemoryMb() {
        return Integer.parseInt(System.getenv().getOrDefault("ARBALEST_BENCH_EXECUTOR_MB", "3072"));
    }

    /** Container memory of each executor of the yarn engine: ARBALEST_BENCH_YARN_EXECUTOR_MEMORY, 3g by default. */
    static String yarnExecutorMemory() {
        return System.getenv().getOrDefault("ARBALEST_BENCH_YARN_EXECUTOR_MEMORY", "3g");
    }

    private static void arbalest(ArbalestConfig config, Benchmark benchmark, String warehouse, int runs,
            List<String> queries) throws Exception {
        try (Driver driver = Driver.open(config, warehouse)) {
            for (String query : queries) {
                String sql = benchmark.text(query);
                TpchQueries.time(query, runs, () -> {
                    try (QueryResult result = driver.execute(sql)) {
                        return new TpchQueries.Answer(result.rowCount(), result.spilled().bytes());
                    }
                });
            }
        }
    }

    /** The DataFrame programs of {@link TpchDataFrames}; a plan is built anew for every run, as a program would. */
    private static void dataFrames(String master, String warehouse, int runs, List<String> queries) throws Exception {
        try (ArbalestSession session = ArbalestSession.builder().master(master).warehouse(warehouse).getOrCreate()) {
            for (String query : queries) {
                int number = Integer.parseInt(query.substring(1));
                TpchQueries.time(query, runs, () -> {
                    try (DataFrame.CloseableIterator<Row> rows = TpchDataFrames.query(session, number).toLocalIterator()) {
                        long count = 0;
                        while (rows.hasNext()) {
                            rows.next();
                            count++;
                        }
                        return TpchQueries.Answer.rows(count);
                    }
                });
            }
        }
    }

    /** DuckDB's memory_limit at {@code memory} (as arbalest.query.memory takes it; "" leaves DuckDB's), spilling to java.io.tmpdir. */
    static void limitMemory(Statement duckdb, String memory) throws java.sql.SQLException {
        if (memory.isEmpty()) {
            return;
        }
        long bytes = ArbalestConfig.defaults().with(ArbalestConfig.QUERY_MEMORY, memory).queryMemoryBytes();
        duckdb.execute("SET memory_limit='" + Math.max(1, bytes >> 20) + "MiB'");
        duckdb.execute("SET temp_directory='" + java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
                "arbalest-bench-duckdb-spill") + "'");
    }

    private static void duckdb(Benchmark benchmark, String warehouse, int threads, int runs, List<String> queries,
            String memory) throws Exception {
        try (Connection duckdb = DuckDb.open();
             Statement setup = duckdb.createStatement()) {
            setup.execute("SET threads=" + threads);
            limitMemory(setup, memory);
            for (String table : benchmark.tables()) {
                setup.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet('" + warehouse + "/" + table
                        + "/*.parquet')");
            }
            for (String query : queries) {
                List<String> statements = TpchQueries.statements(benchmark.text(query));
                String sql = statements.get(statements.size() - 1);
                TpchQueries.time(query, runs, () -> {
                    long rows = 0;
                    try (Statement before = duckdb.createStatement()) {
                        for (String statement : statements.subList(0, statements.size() - 1)) {
                            before.execute(statement);
                        }
                    }
                    try (Statement statement = duckdb.createStatement(); ResultSet result = statement.executeQuery(sql)) {
                        int columns = result.getMetaData().getColumnCount();
                        while (result.next()) {
                            for (int c = 1; c <= columns; c++) {
                                result.getObject(c);
                            }
                            rows++;
                        }
                    }
                    return TpchQueries.Answer.rows(rows);
                });
            }
        }
    }
}
