package io.arbalest.bench;

import io.arbalest.am.driver.LocalDriver;
import io.arbalest.executor.spill.SpillReport;
import io.arbalest.planner.config.ArbalestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everyday SQL beyond TPC-H (src/test/resources/sql-suite.sql), each query run by Arbalest and
 * DuckDB on the same files. Arbalest runs with small batches so that operators see batch
 * boundaries, NULLs and empty inputs, and once more in a memory budget (512 KiB, batches of
 * 100 rows) that makes its sorts, aggregations, joins and windows spill. Every query has an
 * ORDER BY that fixes the row order.
 */
class SqlSuiteTest {
    /** Small enough that sorts, joins and aggregations of the larger queries spill; their results still fit. */
    private static final String SMALL_BUDGET = "512k";
    /** Queries whose operators exceed the small budget (measured: they spill in it). */
    private static final Set<String> SPILLING = Set.of("string functions",
            "join then aggregate (customers per nation with their orders)",
            "distinct aggregate of a grouping key beside other aggregates");

    @TempDir
    static Path spill;
    private static LocalDriver driver;
    private static LocalDriver smallBudget;
    private static Connection duckdb;

    @BeforeAll
    static void setUp() throws Exception {
        driver = Warehouses.smallBatchDriver();
        smallBudget = LocalDriver.open(ArbalestConfig.defaults().with(ArbalestConfig.MASTER, "local[2]")
                .with(ArbalestConfig.BATCH_ROWS, "100").with(ArbalestConfig.QUERY_MEMORY, SMALL_BUDGET)
                .with(ArbalestConfig.SPILL_DIRECTORY, spill.toString()), Warehouses.get().toString());
        duckdb = Warehouses.duckdb();
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            Warehouses.close(driver, duckdb);
        } finally {
            Warehouses.close(smallBudget, null);
        }
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void matchesDuckDbInASmallBudget(String name, String sql) throws Exception {
        SpillReport spilled = Warehouses.assertSameAsDuckDb(smallBudget, duckdb, sql, name + " in " + SMALL_BUDGET);
        try (Stream<Path> left = Files.list(spill)) {
            assertThat(left).as("spill files after " + name).isEmpty();
        }
        if (SPILLING.contains(name)) {
            assertThat(spilled.spilled()).as(name + " spilled in the small budget").isTrue();
        }
    }
}
