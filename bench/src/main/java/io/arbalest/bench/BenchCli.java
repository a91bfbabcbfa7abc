package io.arbalest.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** `bench`: TPC-H and TPC-DS data generation and the benchmark runners. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Arbalest benchmarks.",
        subcommands = {BenchCli.TpchGen.class, BenchCli.TpcdsGen.class, BenchCli.Tpch.class, BenchCli.Tpcds.class, BenchCli.Compare.class,
                CommandLine.HelpCommand.class})
public final class BenchCli implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCli()).execute(args));
    }

    /** Checks a harness command's options and runs it; 2 for bad options. */
    private static int harness(Benchmark benchmark, java.util.List<String> known, java.util.List<String> engines,
            String queries, double scale, String warehouse, int runs, int threads, java.nio.file.Path out,
            MemoryOptions memory) throws Exception {
        for (String engine : engines) {
            if (!known.contains(engine)) {
                System.err.println("--engines: unknown engine '" + engine + "' for " + benchmark.title()
                        + "; choose from " + String.join(", ", known) + ".");
                return 2;
            }
        }
        if (scale <= 0 || runs < 1 || threads < 1) {
            System.err.println("--scale, --runs and --threads must be positive.");
            return 2;
        }
        java.util.List<String> names;
        try {
            names = queries == null ? benchmark.queries() : benchmark.parse(queries);
        } catch (IllegalArgumentException e) {
            System.err.println("--queries: " + e.getMessage() + ".");
            return 2;
        }
        return TpchHarness.run(new TpchHarness.Options(benchmark, scale, warehouse, engines, runs, names, threads, out,
                memory.memory, memory.heap));
    }

    /** The memory of the engines the harness starts. */
    static final class MemoryOptions {
        @Option(names = "--memory", description = "Memory budget of every engine, e.g. 256m: Arbalest's "
                + "arbalest.query.memory and DuckDB's memory_limit (both spill beyond it; default: their own).")
        String memory = "";

        @Option(names = "--heap", description = "JVM heap of the Arbalest engines, e.g. 1g (default: the harness's, "
                + "BENCH_HEAP).")
        String heap = "";
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Warm medians of TPC-H queries on Arbalest (local[N], or --master) and DuckDB in one JVM, "
                    + "with ratios, after checking that both give the same answer.")
    static final class Compare implements Callable<Integer> {
        @Option(names = "--warehouse", required = true, description = "A directory made by tpch-gen.")
        String warehouse;

        @Option(names = "--queries", split = ",", description = "Query numbers (default: 1,6).")
        java.util.List<Integer> queries = java.util.List.of(1, 6);

        @Option(names = "--threads", description = "local[N] and DuckDB threads (default: 2).")
        int threads = 2;

        @Option(names = "--runs", description = "Timed runs per query after one warm-up (default: 5).")
        int runs = 5;

        @Option(names = "--memory", description = "Memory budget of both engines, e.g. 256m: Arbalest's "
                + "arbalest.query.memory and DuckDB's memory_limit (default: their own).")
        String memory = "";

        @Option(names = "--master", description = "Arbalest's master, e.g. 'local-cluster[2,1,1024]' "
                + "(default: local[threads]).")
        String master = "";

        @Override
        public Integer call() throws Exception {
            WarmCompare.run(warehouse, queries, threads, runs, master, memory);
            return 0;
        }
    }

    @Command(name = "tpch", mixinStandardHelpOptions = true,
            description = "TPC-H on several engines, each in its own JVM on the same Parquet files: warm medians, "
                    + "ratios and geometric means as CSV, Markdown and a PNG chart.")
    static final class Tpch implements Callable<Integer> {
        @Option(names = "--scale", description = "Scale factor (default: 1). Data is generated once under the "
                + "temporary directory unless --warehouse is given.")
        double scale = 1;

        @Option(names = "--warehouse", description = "An existing directory made by tpch-gen at that scale.")
        String warehouse;

        @Option(names = "--engines", split = ",", description = "arbalest, arbalest-df (the queries as DataFrame programs, "
                + "local mode), local-cluster (Arbalest on one executor "
                + "process per thread), yarn (one executor container per thread on the cluster of HADOOP_CONF_DIR), "
                + "duckdb, spark (default: arbalest,duckdb). spark needs its jars: mvn -q install -DskipTests -Pspark.")
        java.util.List<String> engines = java.util.List.of("arbalest", "duckdb");

        @Option(names = "--runs", description = "Timed runs per query after one warm-up (default: 5).")
        int runs = 5;

        @Option(names = "--queries", description = "Comma-separated query numbers (default: all 22).")
        String queries;

        @Option(names = "--threads", description = "Threads per engine: local[N] (default: 2).")
        int threads = 2;

        @Option(names = "--out", description = "Directory for the CSV, Markdown and PNG (default: bench-results).")
        java.nio.file.Path out = java.nio.file.Path.of("bench-results");

        @picocli.CommandLine.Mixin
        MemoryOptions memory = new MemoryOptions();

        @Override
        public Integer call() throws Exception {
            return harness(Benchmark.TPCH, java.util.List.of("arbalest", "arbalest-df", "local-cluster", "yarn", "duckdb",
                    "spark"), engines, queries, scale, warehouse, runs, threads, out, memory);
        }
    }

    @Command(name = "tpcds", mixinStandardHelpOptions = true,
            description = "TPC-DS (the 103 query files as published) on several engines, each in its own JVM on the same "
                    + "Parquet files: warm medians, ratios and geometric means as CSV, Markdown and a PNG chart.")
    static final class Tpcds implements Callable<Integer> {
        @Option(names = "--scale", description = "Scale factor (default: 1). Data is generated once under the "
                + "temporary directory unless --warehouse is given.")
        double scale = 1;

        @Option(names = "--warehouse", description = "An existing directory made by tpcds-gen at that scale.")
        String warehouse;

        @Option(names = "--engines", split = ",", description = "arbalest, local-cluster, yarn, duckdb, spark "
                + "(default: arbalest,duckdb). spark needs its jars: mvn -q install -DskipTests -Pspark.")
        java.util.List<String> engines = java.util.List.of("arbalest", "duckdb");

        @Option(names = "--runs", description = "Timed runs per query after one warm-up (default: 3).")
        int runs = 3;

        @Option(names = "--queries", description = "Comma-separated queries, as numbers or names: 1,14a,99 "
                + "(default: all 103).")
        String queries;

        @Option(names = "--threads", description = "Threads per engine: local[N] (default: 2).")
        int threads = 2;

        @Option(names = "--out", description = "Directory for the CSV, Markdown and PNG (default: bench-results).")
        java.nio.file.Path out = java.nio.file.Path.of("bench-results");

        @picocli.CommandLine.Mixin
        MemoryOptions memory = new MemoryOptions();

        @Override
        public Integer call() throws Exception {
            return harness(Benchmark.TPCDS, java.util.List.of("arbalest", "local-cluster", "yarn", "duckdb", "spark"),
                    engines, queries, scale, warehouse, runs, threads, out, memory);
        }
    }

    /** Data generation, the same for each benchmark. */
    abstract static class Generate implements Callable<Integer> {
        @Option(names = "--scale", required = true, description = "Scale factor: 1 is about 1 GB of raw data.")
        double scale;

        @Option(names = "--out", required = true, description = "Output directory (local path or Hadoop URI).")
        String out;

        @Option(names = "--threads", description = "Writer threads (default: cores).")
        int threads = Runtime.getRuntime().availableProcessors();

        abstract Benchmark benchmark();

        @Override
        public Integer call() throws Exception {
            if (scale <= 0) {
                System.err.println("--scale must be positive, but is " + scale + ".");
                return 2;
            }
            long start = System.nanoTime();
            TpchHarness.generate(benchmark(), scale, out, threads);
            System.err.printf("wrote %s SF %s to %s in %.1f s%n", benchmark().title(), scale, out,
                    (System.nanoTime() - start) / 1e9);
            return 0;
        }
    }

    @Command(name = "tpch-gen", mixinStandardHelpOptions = true,
            description = "Write the 8 TPC-H tables as Parquet, one directory per table.")
    static final class TpchGen extends Generate {
        @Override
        Benchmark benchmark() {
            return Benchmark.TPCH;
        }
    }

    @Command(name = "tpcds-gen", mixinStandardHelpOptions = true,
            description = "Write the 24 TPC-DS tables as Parquet, one directory per table.")
    static final class TpcdsGen extends Generate {
        @Override
        Benchmark benchmark() {
            return Benchmark.TPCDS;
        }
    }
}
