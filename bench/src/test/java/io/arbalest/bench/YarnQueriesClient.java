package io.arbalest.bench;

import io.arbalest.am.driver.Driver;
import io.arbalest.planner.config.ArbalestConfig;
import org.apache.hadoop.conf.Configuration;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;

/**
 * A user's program in its own JVM, started by {@link YarnIT}: runs the 22 TPC-H queries with
 * {@code --master yarn} on the cluster of HADOOP_CONF_DIR and holds each answer against DuckDB's
 * on the same rows on local disk. Prints "OK Qn" or "FAILED Qn: why" per query; exits 0 when all
 * matched.
 *
 * <p>Arguments: the local warehouse, the HDFS warehouse, the assembly jar.
 */
public final class YarnQueriesClient {
    private YarnQueriesClient() {
    }

    public static void main(String[] args) throws Exception {
        Path localWarehouse = Path.of(args[0]);
        ArbalestConfig config = ArbalestConfig.of(Map.of(
                ArbalestConfig.MASTER.name(), "yarn",
                ArbalestConfig.EXECUTOR_INSTANCES.name(), "2",
                ArbalestConfig.EXECUTOR_MEMORY.name(), "1g",
                ArbalestConfig.YARN_AM_MEMORY.name(), "1g",
                ArbalestConfig.YARN_JAR.name(), args[2]));
        int failures = 0;
        try (Driver driver = Driver.open(config, args[1], new Configuration());
             Connection duckdb = Warehouses.duckdb(localWarehouse)) {
            for (int query = 1; query <= 22; query++) {
                try {
                    Warehouses.assertSameAsDuckDb(driver, duckdb, TpchOracleTest.queryText(query), "Q" + query);
                    System.out.println("OK Q" + query);
                } catch (AssertionError | RuntimeException e) {
                    failures++;
                    System.out.println("FAILED Q" + query + ": " + e.getMessage());
                }
            }
        }
        System.out.flush();
        System.exit(failures == 0 ? 0 : 1);
    }
}
