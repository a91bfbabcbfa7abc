package io.arbalest.bench;

import io.arbalest.am.driver.LocalDriver;
import io.arbalest.am.driver.QueryResult;
import io.arbalest.planner.config.ArbalestConfig;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 103 TPC-DS query files, as published, against DuckDB on the same Parquet files (TPC-DS
 * at SF 0.1 made by Arbalest's generator, or the directory of -Dtpcds.warehouse).
 */
class TpcdsOracleTest {
    private static LocalDriver driver;
    private static Connection duckdb;

    @BeforeAll
    static void start() throws Exception {
        String given = System.getProperty("tpcds.warehouse");
        Path warehouse;
        if (given != null && !given.isBlank()) {
            warehouse = Path.of(given);
        } else {
            warehouse = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "tpcds");
            TpcdsGenerator.generate(0.1, warehouse.toString(), new Configuration(), 2);
        }
        driver = LocalDriver.open(ArbalestConfig.defaults().with(ArbalestConfig.MASTER, "local[2]"), warehouse.toString());
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("SET autoinstall_known_extensions=false");
            statement.execute("SET threads=2");
            for (String table : TpcdsQueries.TABLES) {
                statement.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet('" + warehouse.resolve(table)
                        + "/*.parquet')");
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        Warehouses.close(driver, duckdb);
    }

    static List<String> queries() {
        return TpcdsQueries.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void sameAsDuckDb(String name) throws Exception {
        String sql = TpcdsQueries.text(name);
        List<List<Object>> expected = Answers.of(duckdb, sql);
        List<List<Object>> actual;
        List<String> columns;
        try (QueryResult result = driver.execute(sql)) {
            actual = Answers.of(result);
            columns = result.schema().names();
        }
        assertThat(driver.allocatedBytes()).as("Arrow memory after " + name).isZero();
        if (!TpcdsQueries.ordered(sql)) {
            expected = sorted(expected);
            actual = sorted(actual);
        }
        assertThat(Answers.differences(expected, actual, columns, 20)).as(name + " against DuckDB").isEmpty();
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }
}
