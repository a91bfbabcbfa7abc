package io.arbalest.bench;

import java.lang.reflect.Method;
import java.util.List;

/**
 * The Spark engine of the TPC-H and TPC-DS harness: Spark SQL in local[N], in a JVM whose classpath is
 * Spark's own jars (from {@code mvn -Pspark install}, bench/spark/target/lib) plus this
 * module's classes. Spark is reached by reflection so that the default build never needs it.
 * Same protocol and arguments as {@link EngineMain} (without the engine name: benchmark, warehouse, threads, runs, queries).
 */
public final class SparkEngine {
    private SparkEngine() {
    }

    public static void main(String[] args) throws Exception {
        Benchmark benchmark = Benchmark.of(args[0]);
        String warehouse = args[1];
        int threads = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        List<String> queries = benchmark.parse(args[4]);
        Class<?> sessionClass = Class.forName("org.apache.spark.sql.SparkSession");
        Object builder = sessionClass.getMethod("builder").invoke(null);
        builder = call(builder, "master", "local[" + threads + "]");
        builder = call(builder, "appName", "arbalest-bench");
        builder = builder.getClass().getMethod("config", String.class, String.class)
                .invoke(builder, "spark.sql.shuffle.partitions", String.valueOf(threads * 2));
        builder = builder.getClass().getMethod("config", String.class, String.class)
                .invoke(builder, "spark.ui.enabled", "false");
        Object spark = builder.getClass().getMethod("getOrCreate").invoke(builder);
        try {
            for (String table : benchmark.tables()) {
                Object reader = spark.getClass().getMethod("read").invoke(spark);
                Object frame = reader.getClass().getMethod("parquet", String[].class)
                        .invoke(reader, (Object) new String[] {warehouse + "/" + table});
                frame.getClass().getMethod("createOrReplaceTempView", String.class).invoke(frame, table);
            }
            Method sql = spark.getClass().getMethod("sql", String.class);
            for (String query : queries) {
                // Spark 4 rejects typed decimal literals (decimal '0.06' in Q6): given as plain numbers.
                List<String> statements = TpchQueries.statements(benchmark.text(query)
                        .replaceAll("(?i)decimal '([0-9.]+)'", "$1"));
                TpchQueries.time(query, runs, () -> {
                    Object frame = null;
                    for (String statement : statements) {
                        frame = sql.invoke(spark, statement);
                    }
                    Object rows = frame.getClass().getMethod("collectAsList").invoke(frame);
                    return TpchQueries.Answer.rows(((List<?>) rows).size());
                });
            }
        } finally {
            spark.getClass().getMethod("stop").invoke(spark);
        }
    }

    private static Object call(Object target, String method, String argument) throws Exception {
        return target.getClass().getMethod(method, String.class).invoke(target, argument);
    }
}
