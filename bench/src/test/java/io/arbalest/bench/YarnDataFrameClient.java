package io.arbalest.bench;

import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.sdk.ArbalestSession;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

/**
 * A DataFrame program in its own JVM, started by {@link YarnIT}: one ArbalestSession with
 * {@code master("yarn")} (one application for all of it) runs {@link DataFrameChecks} on the
 * cluster of HADOOP_CONF_DIR. Prints "OK name" per check and "FAILED ..." for the others; exits 0
 * when all passed.
 *
 * <p>Arguments: the local warehouse, the HDFS warehouse, the assembly jar, the HDFS directory to write in.
 */
public final class YarnDataFrameClient {
    private YarnDataFrameClient() {
    }

    public static void main(String[] args) throws Exception {
        List<String> failures;
        try (ArbalestSession session = ArbalestSession.builder().master("yarn").warehouse(args[1])
                .config(ArbalestConfig.EXECUTOR_MEMORY.name(), "1g").config(ArbalestConfig.YARN_AM_MEMORY.name(), "1g")
                .config(ArbalestConfig.YARN_JAR.name(), args[2]).appName("dataframe-checks").getOrCreate();
             Connection duckdb = Warehouses.duckdb(Path.of(args[0]))) {
            failures = DataFrameChecks.run(session, duckdb, args[3]);
        }
        failures.forEach(failure -> System.out.println("FAILED " + failure));
        System.out.flush();
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}
