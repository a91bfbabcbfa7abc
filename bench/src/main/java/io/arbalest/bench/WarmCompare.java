package io.arbalest.bench;

import io.arbalest.am.driver.Driver;
import io.arbalest.am.driver.QueryResult;
import io.arbalest.planner.config.ArbalestConfig;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * A single-JVM side-by-side timing of Arbalest (local[N], or any master) and DuckDB (N threads)
 * on the same Parquet files: warm medians per query and their ratio, after checking that both
 * give the same answer (that first run is Arbalest's warm-up). The full harness (separate
 * JVMs, CSV/Markdown/chart, Spark) is {@link TpchHarness}.
 */
final class WarmCompare {
    private WarmCompare() {
    }

    /**
     * {@code master}: Arbalest's ("" for local[threads]); {@code memory}: arbalest.query.memory
     * and DuckDB's memory_limit ("" for their defaults).
     */
    static void run(String warehouse, List<Integer> queries, int threads, int runs, String master, String memory)
            throws Exception {
        ArbalestConfig config = ArbalestConfig.defaults().with(ArbalestConfig.MASTER,
                master.isEmpty() ? "local[" + threads + "]" : master);
        if (!memory.isEmpty()) {
            config = config.with(ArbalestConfig.QUERY_MEMORY, memory);
        }
        try (Driver driver = Driver.open(config, warehouse);
             Connection duckdb = DuckDb.open()) {
            try (Statement statement = duckdb.createStatement()) {
                statement.execute("SET threads=" + threads);
                EngineMain.limitMemory(statement, memory);
                for (String table : List.of("lineitem", "orders", "customer", "part", "partsupp", "supplier", "nation", "region")) {
                    statement.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet('" + warehouse + "/" + table + "/*.parquet')");
                }
            }
            System.out.println("query,arbalest_ms,duckdb_ms,ratio,answer,spilled_mib");
            for (int query : queries) {
                String sql = TpchQueries.text(query);
                List<String> differences;
                long spilledBytes;
                try (QueryResult result = driver.execute(sql)) {
                    differences = Answers.differences(Answers.of(duckdb, sql), Answers.of(result),
                            result.schema().names(), 5);
                    spilledBytes = result.spilled().bytes();
                }
                TpchQueries.Run arbalestRun = () -> {
                    try (QueryResult result = driver.execute(sql)) {
                        return TpchQueries.Answer.rows(result.rowCount());
                    }
                };
                TpchQueries.Run duckRun = () -> {
                    long count = 0;
                    try (Statement statement = duckdb.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                        while (rows.next()) {
                            rows.getObject(1);
                            count++;
                        }
                    }
                    return TpchQueries.Answer.rows(count);
                };
                double arbalest = TpchQueries.median(runs, arbalestRun);
                duckRun.run();
                double duck = TpchQueries.median(runs, duckRun);
                System.out.printf("Q%d,%.0f,%.0f,%.2f,%s,%.1f%n", query, arbalest, duck, arbalest / duck,
                        differences.isEmpty() ? "same" : "DIFFERENT", spilledBytes / 1048576.0);
                differences.forEach(d -> System.err.println("Q" + query + ": " + d));
            }
        }
    }
}
