package io.arbalest.bench;

import io.arbalest.am.driver.LocalDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;


/**
 * Everyday SQL beyond TPC-H (src/test/resources/sql-suite.sql), each query run by Arbalest and
 * DuckDB on the same files. Arbalest runs with small batches so that operators see batch
 * boundaries, NULLs and empty inputs. Every query has an ORDER BY that fixes the row order.
 */
class SqlSuiteTest {
    private static LocalDriver driver;
    private static Connection duckdb;

    @BeforeAll
    static void setUp() throws Exception {
        driver = Warehouses.smallBatchDriver();
        duckdb = Warehouses.duckdb();
    }

    @AfterAll
    static void tearDown() throws Exception {
        Warehouses.close(driver, duckdb);
    }

    static Stream<Arguments> queries() throws IOException {
        String text;
        try (InputStream in = SqlSuiteTest.class.getResourceAsStream("/sql-suite.sql")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Arguments> queries = new ArrayList<>();
        String[] blocks = text.split("(?m)^-- name: ");
        for (String block : List.of(blocks).subList(1, blocks.length)) { // blocks[0] is the header
            int newline = block.indexOf('\n');
            String sql = block.substring(newline + 1).trim();
            queries.add(Arguments.of(block.substring(0, newline).trim(), sql.endsWith(";")
                    ? sql.substring(0, sql.length() - 1) : sql));
        }
        return queries.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void matchesDuckDb(String name, String sql) throws Exception {
        Warehouses.assertSameAsDuckDb(driver, duckdb, sql, name);
    }
}
