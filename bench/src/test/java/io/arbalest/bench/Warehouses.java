package io.arbalest.bench;

import org.apache.hadoop.conf.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Test data shared by the suites of one test JVM: TPC-H at SF 0.01 written by Arbalest's
 * generator, and a table with NULLs in every column written by DuckDB (so the engine also
 * reads another writer's Parquet). Each is made once, on first use.
 */
final class Warehouses {
    static final List<String> TPCH_TABLES = List.of("lineitem", "orders", "customer", "part", "partsupp", "supplier",
            "nation", "region");

    private static Path warehouse;

    private Warehouses() {
    }

    /**
     * A warehouse with the TPC-H tables at SF 0.01 and the table {@code nulls}: NULLs in every
     * column, and {@code w} a DECIMAL(38, 6) of values beyond 18 digits.
     */
    static synchronized Path get() throws Exception {
        if (warehouse == null) {
            Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "warehouse");
            TpchGenerator.generate(0.01, dir.toString(), new Configuration(), 2);
            Files.createDirectories(dir.resolve("nulls"));
            try (Connection duckdb = DuckDb.open();
                 Statement statement = duckdb.createStatement()) {
                statement.execute("COPY (SELECT i::INTEGER AS i,"
                        + " CASE WHEN i % 7 = 0 THEN NULL ELSE i * 3 - 500 END::BIGINT AS b,"
                        + " CASE WHEN i % 5 = 0 THEN NULL ELSE i / 8.0 - 20 END::DOUBLE AS d,"
                        + " CASE WHEN i % 11 = 0 THEN NULL ELSE (i * 37 % 1000) / 100.0 - 3 END::DECIMAL(10, 2) AS m,"
                        + " CASE WHEN i % 13 = 0 THEN NULL ELSE DATE '2020-01-01' + (i * 3)::INTEGER END AS dt,"
                        + " CASE WHEN i % 17 = 0 THEN NULL ELSE TIMESTAMP '2020-01-01 00:00:00' + i * INTERVAL 7 MINUTE END AS ts,"
                        + " CASE WHEN i % 9 = 0 THEN NULL ELSE ['alpha', 'Beta', 'gamma ', '  delta', 'épsilon', '', 'a''b,c'][i % 7 + 1] END AS s,"
                        + " CASE WHEN i % 4 = 0 THEN NULL ELSE i % 3 = 0 END AS flag,"
                        + " CASE WHEN i % 3 = 0 THEN NULL ELSE i % 10 END::INTEGER AS g,"
                        // 18 to 22 integer digits: beyond a long, a 128-bit decimal
                        + " CASE WHEN i % 6 = 0 THEN NULL ELSE (CAST(i - 1500 AS VARCHAR) || '12345678901234567.'"
                        + " || lpad(CAST(i AS VARCHAR), 6, '0'))::DECIMAL(38, 6) END AS w"
                        + " FROM range(0, 3000) r(i)) TO '" + dir.resolve("nulls/data.parquet")
                        + "' (FORMAT parquet, ROW_GROUP_SIZE 1000)");
            }
            warehouse = dir;
        }
        return warehouse;
    }

    /**
     * A local[2] driver over {@link #get()} with batches of 100 rows, so that operators see batch
     * boundaries, NULLs and empty inputs.
     */
    static io.arbalest.am.driver.LocalDriver smallBatchDriver() throws Exception {
        io.arbalest.planner.config.ArbalestConfig config = io.arbalest.planner.config.ArbalestConfig.defaults()
                .with(io.arbalest.planner.config.ArbalestConfig.MASTER, "local[2]")
                .with(io.arbalest.planner.config.ArbalestConfig.BATCH_ROWS, "100");
        return io.arbalest.am.driver.LocalDriver.open(config, get().toString());
    }

    /** An in-memory DuckDB with one view per table of {@link #get()}. */
    static Connection duckdb() throws Exception {
        return duckdb(get());
    }

    /** An in-memory DuckDB with one view per table of the warehouse {@code dir} made by {@link #get()}. */
    static Connection duckdb(Path dir) throws Exception {
        Connection connection = DuckDb.open();
        try (Statement statement = connection.createStatement()) {
            for (String table : TPCH_TABLES) {
                view(statement, dir, table);
            }
            view(statement, dir, "nulls");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** Runs {@code sql} on both engines: equal answers, and no Arrow memory left once the result is closed; returns what it spilled. */
    static io.arbalest.executor.spill.SpillReport assertSameAsDuckDb(io.arbalest.am.driver.Driver driver,
            Connection duckdb, String sql, String label) throws SQLException {
        return assertSameAsDuckDb(new io.arbalest.am.driver.SqlSession(driver), duckdb, sql, label);
    }

    /** As {@link #assertSameAsDuckDb(io.arbalest.am.driver.Driver, Connection, String, String)}, in a session (its database). */
    static io.arbalest.executor.spill.SpillReport assertSameAsDuckDb(io.arbalest.am.driver.SqlSession session,
            Connection duckdb, String sql, String label) throws SQLException {
        io.arbalest.am.driver.Driver driver = session.driver();
        java.util.List<java.util.List<Object>> expected = Answers.of(duckdb, sql);
        java.util.List<java.util.List<Object>> actual;
        java.util.List<String> columns;
        io.arbalest.executor.spill.SpillReport spilled;
        try (io.arbalest.am.driver.QueryResult result = session.executeScript(sql)) {
            actual = Answers.of(result);
            columns = result.schema().names();
            spilled = result.spilled();
        }
        org.assertj.core.api.Assertions.assertThat(driver.allocatedBytes())
                .as("Arrow memory after the result of " + label + " is closed").isZero();
        org.assertj.core.api.Assertions.assertThat(Answers.differences(expected, actual, columns, 20))
                .as(label + " against DuckDB").isEmpty();
        return spilled;
    }

    /** The single number {@code sql} answers in DuckDB (a count). */
    static long count(Connection duckdb, String sql) throws SQLException {
        try (java.sql.Statement statement = duckdb.createStatement();
                java.sql.ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Closes a suite's engines, failing if the driver still holds Arrow memory. */
    static void close(io.arbalest.am.driver.Driver driver, Connection duckdb) throws SQLException {
        try {
            if (driver != null) {
                org.assertj.core.api.Assertions.assertThat(driver.allocatedBytes()).as("Arrow memory left allocated")
                        .isZero();
                driver.close();
            }
        } finally {
            if (duckdb != null) {
                duckdb.close();
            }
        }
    }

    private static void view(Statement statement, Path dir, String table) throws SQLException {
        statement.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet('" + dir.resolve(table)
                + "/*.parquet')");
    }
}
