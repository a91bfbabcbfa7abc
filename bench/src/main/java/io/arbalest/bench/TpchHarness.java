package io.arbalest.bench;

import org.apache.hadoop.conf.Configuration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code bench tpch} and {@code bench tpcds}: TPC-H or TPC-DS on Arbalest, DuckDB and (opt-in) Spark, each engine in its own JVM
 * on the same Parquet files, one after the other; warm medians per query, written as CSV,
 * Markdown (with the ratios and their geometric means) and a PNG chart by {@link TpchReport}.
 */
final class TpchHarness {
    /** Spark's documented JDK 17 module openings (JavaModuleOptions), plus a quiet log. */
    private static final List<String> SPARK_JVM_FLAGS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    /**
     * What to run. {@code memory}: the memory budget of every engine ("" for their defaults:
     * arbalest.query.memory, DuckDB's memory_limit); {@code heap}: the JVM heap of the Arbalest
     * engines ("" for the harness's own).
     */
    record Options(Benchmark benchmark, double scale, String warehouse, List<String> engines, int runs,
            List<String> queries, int threads, Path out, String memory, String heap) {
    }

    /** One engine's answer for one query: a median in milliseconds, a row count and bytes spilled, or an error. */
    record Measurement(String engine, String query, double medianMillis, long rows, long spilledBytes, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private TpchHarness() {
    }

    static int run(Options options) throws Exception {
        String warehouse = options.warehouse() != null ? options.warehouse()
                : ensureData(options.benchmark(), options.scale());
        Files.createDirectories(options.out());
        List<Measurement> measurements = new ArrayList<>();
        for (String engine : options.engines()) {
            System.err.println("running " + engine + " on " + warehouse + " ...");
            measurements.addAll(runEngine(engine, warehouse, options));
        }
        checkRowCounts(measurements);
        TpchReport.write(options, warehouse, measurements);
        System.err.println("wrote " + options.out().resolve(TpchReport.baseName(options) + ".{csv,md,png}"));
        return measurements.stream().allMatch(Measurement::ok) ? 0 : 1;
    }

    /** Generates the data set once per scale factor, under the temporary directory. */
    private static String ensureData(Benchmark benchmark, double scale) throws Exception {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "arbalest-" + benchmark.id() + "-sf"
                + TpchReport.scaleText(scale));
        Path done = dir.resolve("_SUCCESS");
        if (!Files.exists(done)) {
            System.err.println("generating " + benchmark.title() + " SF " + scale + " into " + dir + " ...");
            generate(benchmark, scale, dir.toString(), Runtime.getRuntime().availableProcessors());
            Files.writeString(done, "");
        }
        return dir.toString();
    }

    /** Writes a benchmark's tables as Parquet under {@code output} (a local path or Hadoop URI). */
    static void generate(Benchmark benchmark, double scale, String output, int threads) throws Exception {
        if (benchmark == Benchmark.TPCH) {
            TpchGenerator.generate(scale, output, new Configuration(), threads);
        } else {
            TpcdsGenerator.generate(scale, output, new Configuration(), threads);
        }
    }

    private static List<Measurement> runEngine(String engine, String warehouse, Options options) throws Exception {
        String queries = String.join(",", options.queries());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (engine.equals("spark")) {
            command.addAll(SPARK_JVM_FLAGS);
            command.add("-Xmx" + System.getenv().getOrDefault("SPARK_BENCH_HEAP", "4g"));
            command.add("-cp");
            command.add(sparkClasspath());
            command.add(SparkEngine.class.getName());
            command.add(options.benchmark().id());
        } else {
            for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (options.heap().isEmpty() || !argument.startsWith("-Xmx")) {
                    command.add(argument);
                }
            }
            if (!options.heap().isEmpty()) {
                command.add("-Xmx" + options.heap());
            }
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(EngineMain.class.getName());
            command.add(engine);
            command.add(options.benchmark().id());
        }
        command.addAll(List.of(warehouse, String.valueOf(options.threads()), String.valueOf(options.runs()), queries,
                options.memory()));
        Path log = options.out().resolve(engine + ".log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        Map<String, Measurement> results = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                String[] fields = line.split(",", 5);
                if (fields[0].equals("RESULT")) {
                    String query = fields[1];
                    long spilled = fields.length > 4 ? Long.parseLong(fields[4]) : 0;
                    results.put(query, new Measurement(engine, query, Double.parseDouble(fields[2]),
                            Long.parseLong(fields[3]), spilled, null));
                    System.err.printf("  %s %s %s ms%n", engine, query, fields[2]);
                } else if (fields[0].equals("ERROR")) {
                    String query = fields[1];
                    results.put(query, new Measurement(engine, query, Double.NaN, -1, 0, fields[2]));
                    System.err.printf("  %s %s failed: %s%n", engine, query, fields[2]);
                }
            }
        }
        int exit = process.waitFor();
        for (String query : options.queries()) {
            results.putIfAbsent(query, new Measurement(engine, query, Double.NaN, -1, 0,
                    "the " + engine + " JVM exited with " + exit + " before this query; see " + log));
        }
        return new ArrayList<>(results.values());
    }

    private static String sparkClasspath() throws IOException {
        Path classes;
        try {
            classes = Path.of(SparkEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        // bench/target/arbalest-bench-*.jar (or bench/target/classes) -> bench/spark/target/lib
        Path lib = classes.getParent().getParent().resolve("spark/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new IOException("Spark's jars are not built (looked in " + lib + "). Build them once with: "
                    + "mvn -q install -DskipTests -Pspark");
        }
        return classes + java.io.File.pathSeparator + lib + "/*";
    }

    /** Engines must agree on how many rows each query returns; a disagreement is reported as an error. */
    private static void checkRowCounts(List<Measurement> measurements) {
        Map<String, List<Measurement>> byQuery = measurements.stream().filter(Measurement::ok)
                .collect(Collectors.groupingBy(Measurement::query));
        byQuery.forEach((query, list) -> {
            if (list.stream().map(Measurement::rows).distinct().count() > 1) {
                System.err.println("WARNING: engines disagree on the row count of " + query + ": "
                        + list.stream().map(m -> m.engine() + "=" + m.rows()).collect(Collectors.joining(", ")));
            }
        });
    }
}
