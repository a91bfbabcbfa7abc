package io.arbalest.bench;

import io.arbalest.am.driver.LocalDriver;
import io.arbalest.am.driver.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that run queries in a local[2] driver with batches of 100 rows over {@link Warehouses#get()}
 * and check each answer against DuckDB's over the same files.
 */
abstract class SmallBatchesAgainstDuckDb {
    static LocalDriver driver;
    static Connection duckdb;

    @BeforeAll
    static void startDriverAndDuckDb() throws Exception {
        driver = Warehouses.smallBatchDriver();
        duckdb = Warehouses.duckdb();
    }

    @AfterAll
    static void stopDriverAndDuckDb() throws Exception {
        Warehouses.close(driver, duckdb);
    }

    /** Arbalest's answer to {@code sql} is DuckDB's to {@code duckdbSql}, and the query freed its memory. */
    static void assertSameAsDuckDb(String name, String sql, String duckdbSql) throws Exception {
        List<List<Object>> expected = Answers.of(duckdb, duckdbSql);
        try (QueryResult result = driver.execute(sql)) {
            assertThat(Answers.differences(expected, Answers.of(result), result.schema().names(), 20))
                    .as(name + " against DuckDB").isEmpty();
        }
        assertThat(driver.allocatedBytes()).isZero();
    }
}
