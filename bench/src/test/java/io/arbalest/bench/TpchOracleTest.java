package io.arbalest.bench;

import io.arbalest.am.driver.LocalDriver;
import io.arbalest.am.driver.QueryResult;
import io.arbalest.planner.config.ArbalestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * TPC-H at SF 0.01: Arbalest in local[2] and DuckDB run the same query on the same Parquet
 * files and must give the same rows (decimals exactly; where one engine answers a decimal
 * and the other a double, to within half a unit of the decimal's last digit).
 */
class TpchOracleTest {
    private static LocalDriver driver;
    private static Connection duckdb;

    @BeforeAll
    static void setUp() throws Exception {
        driver = LocalDriver.open(ArbalestConfig.defaults().with(ArbalestConfig.MASTER, "local[2]"),
                Warehouses.get().toString());
        duckdb = Warehouses.duckdb();
    }

    @AfterAll
    static void tearDown() throws Exception {
        Warehouses.close(driver, duckdb);
    }

    @ParameterizedTest(name = "Q{0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
    void matchesDuckDb(int query) throws Exception {
        String sql = queryText(query);
        assertThat(Answers.of(duckdb, sql)).as("DuckDB returned rows").isNotEmpty();
        Warehouses.assertSameAsDuckDb(driver, duckdb, sql, "Q" + query);
    }

    /**
     * The answers the tpch jar ships for SF 0.01 ({@code io/trino/tpch/queries/qN.result}): numbers
     * agree to within half a unit of the shipped value's last digit (it rounds averages to cents).
     */
    @ParameterizedTest(name = "Q{0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
    void matchesShippedAnswer(int query) throws Exception {
        List<List<String>> expected = new java.util.ArrayList<>();
        try (InputStream in = TpchOracleTest.class.getResourceAsStream("/io/trino/tpch/queries/q" + query + ".result")) {
            assertThat(in).as("shipped answer of Q" + query).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("--") || line.isBlank()) {
                    continue;
                }
                List<String> fields = new java.util.ArrayList<>(List.of(line.split("\\|", -1)));
                if (fields.size() > 1 && fields.get(fields.size() - 1).isEmpty()) {
                    fields.remove(fields.size() - 1); // most lines end with a trailing delimiter
                }
                expected.add(fields);
            }
        }
        List<List<Object>> actual;
        try (QueryResult result = driver.execute(queryText(query))) {
            actual = Answers.of(result);
        }
        assertThat(actual).as("rows of Q" + query).hasSameSizeAs(expected);
        for (int row = 0; row < expected.size(); row++) {
            assertThat(actual.get(row)).as("width of Q" + query + " row " + row).hasSameSizeAs(expected.get(row));
            for (int c = 0; c < expected.get(row).size(); c++) {
                String want = expected.get(row).get(c).trim();
                Object got = actual.get(row).get(c);
                String where = "Q" + query + " row " + row + " column " + c;
                if (got instanceof Number number) {
                    java.math.BigDecimal shipped = new java.math.BigDecimal(want);
                    // Within half a unit of the last digit of the coarser of the two.
                    int scale = number instanceof java.math.BigDecimal decimal
                            ? Math.min(decimal.scale(), shipped.scale()) : shipped.scale();
                    double tolerance = 0.5 * Math.pow(10, -Math.max(0, scale)) + 1e-9;
                    assertThat(Math.abs(number.doubleValue() - shipped.doubleValue())).as(where + ": " + got + " vs " + want)
                            .isLessThanOrEqualTo(tolerance);
                } else {
                    assertThat(String.valueOf(got).trim()).as(where).isEqualTo(want);
                }
            }
        }
    }

    static String queryText(int query) throws IOException {
        try (InputStream in = TpchOracleTest.class.getResourceAsStream("/tpch/q" + query + ".sql")) {
            if (in == null) {
                fail("missing query text for Q" + query);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
