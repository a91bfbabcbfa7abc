package io.arbalest.bench;

import io.arbalest.am.driver.LocalDriver;
import io.arbalest.am.driver.QueryResult;
import io.arbalest.am.driver.SqlSession;
import io.arbalest.planner.config.ArbalestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TPC-H at SF 0.01 once more, in a memory budget (2 MiB, batches of 1,024 rows) that makes the
 * large joins and aggregations spill: every query still equals DuckDB, leaves no memory and no
 * spill file behind, and the queries with the largest operators did spill.
 */
class TpchSpillingTest {
    /** The queries whose build sides or groups exceed the budget (measured: they spill in it). */
    private static final Set<Integer> SPILLING = Set.of(9, 13, 18);

    @TempDir
    static Path spill;
    private static LocalDriver driver;
    private static Connection duckdb;

    @BeforeAll
    static void setUp() throws Exception {
        driver = LocalDriver.open(ArbalestConfig.defaults().with(ArbalestConfig.MASTER, "local[2]")
                .with(ArbalestConfig.QUERY_MEMORY, "2m").with(ArbalestConfig.BATCH_ROWS, "1024")
                .with(ArbalestConfig.SPILL_DIRECTORY, spill.toString()), Warehouses.get().toString());
        duckdb = Warehouses.duckdb();
    }

    @AfterAll
    static void tearDown() throws Exception {
        Warehouses.close(driver, duckdb);
    }

    @ParameterizedTest(name = "Q{0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
    void matchesDuckDbInASmallBudget(int query) throws Exception {
        String sql = TpchOracleTest.queryText(query);
        List<List<Object>> expected = Answers.of(duckdb, sql);
        List<List<Object>> actual;
        List<String> columns;
        boolean spilled;
        try (QueryResult result = new SqlSession(driver).executeScript(sql)) {
            actual = Answers.of(result);
            columns = result.schema().names();
            spilled = result.spilled().spilled();
        }
        assertThat(Answers.differences(expected, actual, columns, 20)).as("Q" + query + " against DuckDB").isEmpty();
        assertThat(driver.allocatedBytes()).as("Arrow memory after Q" + query).isZero();
        try (Stream<Path> left = Files.list(spill)) {
            assertThat(left).as("spill files after Q" + query).isEmpty();
        }
        if (SPILLING.contains(query)) {
            assertThat(spilled).as("Q" + query + " spilled in the small budget").isTrue();
        }
    }
}
