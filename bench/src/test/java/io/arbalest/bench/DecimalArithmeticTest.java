package io.arbalest.bench;

import io.arbalest.am.driver.QueryResult;
import io.arbalest.planner.error.ArbalestException;
import io.arbalest.planner.error.QueryExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Decimals of up to 38 digits against DuckDB's answers to the same queries: the column
 * {@code nulls.w} is a DECIMAL(38, 6) beyond 64 bits, products and sums of TPC-H's DECIMAL(15, 2)
 * need more than 18 digits, and quotients keep Spark's 18 digits of scale. DuckDB divides
 * decimals in DOUBLE, so quotients agree to its precision; everything else agrees exactly.
 */
class DecimalArithmeticTest extends SmallBatchesAgainstDuckDb {

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("arithmetic on a 38-digit column",
                        "SELECT i, w, w + m, w - m, w * 2, -w, abs(w), w - w FROM nulls ORDER BY i"),
                Arguments.of("sums, averages and extremes of a 38-digit column",
                        "SELECT g, count(w), sum(w), min(w), max(w), avg(w) FROM nulls GROUP BY g ORDER BY g NULLS FIRST"),
                Arguments.of("sums of 18-digit values beyond 64 bits, of either sign",
                        "SELECT g, sum(CAST(999999999999999999 - i AS DECIMAL(18, 0))),"
                                + " sum(CAST(i * 333333333333333 - 500000000000000000 AS DECIMAL(18, 0))),"
                                + " sum(CAST(i - 999999999999999999 AS DECIMAL(18, 0))) FROM nulls GROUP BY g ORDER BY g"),
                Arguments.of("products and their sums beyond 18 digits",
                        "SELECT l_returnflag, l_linestatus, sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)),"
                                + " sum(l_extendedprice * l_extendedprice), max(l_extendedprice * l_extendedprice * l_tax)"
                                + " FROM lineitem GROUP BY l_returnflag, l_linestatus ORDER BY 1, 2"),
                Arguments.of("quotients of decimals",
                        "SELECT l_orderkey, l_linenumber, l_extendedprice / l_quantity, l_discount / l_tax,"
                                + " l_extendedprice / 7 FROM lineitem WHERE l_tax > 0 ORDER BY 1, 2 LIMIT 500"),
                Arguments.of("quotients of sums",
                        "SELECT l_returnflag, sum(l_extendedprice) / sum(l_quantity), sum(l_extendedprice * l_discount)"
                                + " / sum(l_extendedprice) FROM lineitem GROUP BY l_returnflag ORDER BY 1"),
                Arguments.of("constants with 20 fractional digits",
                        "SELECT i, m * 0.12345678901234567890, m + 0.00000000000000000001, 1.00000000000000000001 > m"
                                + " FROM nulls WHERE i < 40 ORDER BY i"),
                Arguments.of("comparisons and sorting of 38-digit values",
                        "SELECT i, w FROM nulls WHERE w > -1000000000000000000.5 AND w <> 112345678901234567.001501"
                                + " ORDER BY w DESC NULLS LAST, i LIMIT 40"),
                Arguments.of("grouping and joining on 38-digit keys",
                        "SELECT a.w, count(*) FROM nulls a JOIN nulls b ON a.w = b.w GROUP BY a.w ORDER BY a.w LIMIT 40"),
                Arguments.of("joining a 64-bit decimal with a 128-bit one",
                        "SELECT count(*), sum(b.i) FROM nulls a JOIN (SELECT i, CAST(m AS DECIMAL(30, 4)) AS mw FROM nulls) b"
                                + " ON a.m = b.mw"),
                Arguments.of("casts to and from 38-digit decimals",
                        "SELECT i, CAST(w AS DOUBLE), CAST(w AS VARCHAR), CAST(m AS DECIMAL(30, 5)), CAST(w AS DECIMAL(38, 2)),"
                                + " CAST('123456789012345678901234.5678' AS DECIMAL(30, 4)), CAST(w AS DECIMAL(30, 6))"
                                + " FROM nulls WHERE i < 30 ORDER BY i"),
                Arguments.of("casts to fewer digits at the same scale, of values that fit",
                        "SELECT l_orderkey, l_linenumber, CAST(l_quantity AS DECIMAL(4, 2)), CAST(l_discount AS DECIMAL(3, 2)),"
                                + " CAST(CAST(l_extendedprice AS DECIMAL(30, 2)) AS DECIMAL(8, 2))"
                                + " FROM lineitem ORDER BY 1, 2 LIMIT 300"),
                Arguments.of("rounding decimals, to places, to tens and hundreds, and of 38-digit values",
                        "SELECT i, round(m), round(m, 1), round(m, -1), round(w, 2), round(w, -3), round(w * 10, 9),"
                                + " round(CAST(i AS DECIMAL(4, 2)) * 99.995, 2) FROM nulls WHERE i < 100 ORDER BY i"),
                Arguments.of("rounding products and quotients, as TPC-DS does",
                        "SELECT l_orderkey, l_linenumber, round(l_extendedprice * l_discount, 2),"
                                + " round(l_extendedprice / l_quantity, 3), round(l_quantity * 1.5), round(l_tax, 5)"
                                + " FROM lineitem ORDER BY 1, 2 LIMIT 300"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void sameAsDuckDb(String name, String sql) throws Exception {
        assertSameAsDuckDb(name, sql, sql);
    }

    @Test
    void aValueBeyondThirtyEightDigitsIsAnError() {
        assertThatThrownBy(() -> driver.execute("SELECT CAST(99999999999999999999999999999999999999 AS DECIMAL(38, 0)) + 1"))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("Numeric overflow");
        // 10^21 * 10^16 at scale 6 needs 43 digits
        assertThatThrownBy(() -> driver.execute("SELECT sum(w * 10000000000000000) FROM nulls"))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("Numeric overflow");
        assertThatThrownBy(() -> driver.execute("SELECT CAST(w AS DECIMAL(20, 2)) FROM nulls"))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("does not fit DECIMAL(20, 2)");
        // The same scale and storage, fewer digits: each value is checked, in 64 and in 128 bits.
        assertThatThrownBy(() -> driver.execute("SELECT CAST(l_extendedprice AS DECIMAL(5, 2)) FROM lineitem"))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("does not fit DECIMAL(5, 2)");
        assertThatThrownBy(() -> driver.execute("SELECT CAST(w AS DECIMAL(25, 6)) FROM nulls"))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("does not fit DECIMAL(25, 6)");
        assertThat(driver.allocatedBytes()).isZero();
    }

    @Test
    void roundFloorAndCeilHaveSparksTypesWithADigitForTheCarry() throws Exception {
        try (QueryResult result = driver.execute("SELECT round(CAST(99.5 AS DECIMAL(3, 1))), round(l_extendedprice, 1),"
                + " round(l_extendedprice, 4), round(l_extendedprice, -2), round(w, 2), round(l_linenumber, -1),"
                + " round(CAST(l_tax AS DOUBLE), 1), floor(l_extendedprice), ceil(w), floor(CAST(l_tax AS DOUBLE)),"
                + " ceil(l_linenumber) FROM lineitem, nulls LIMIT 1")) {
            assertThat(IntStream.range(0, result.schema().size()).mapToObj(i -> result.schema().type(i).toString()))
                    .containsExactly("DECIMAL(3, 0)", "DECIMAL(15, 1)", "DECIMAL(16, 2)", "DECIMAL(14, 0)",
                            "DECIMAL(35, 2)", "INT", "DOUBLE", "DECIMAL(14, 0)", "DECIMAL(33, 0)", "BIGINT", "BIGINT");
        }
        assertThatThrownBy(() -> driver.execute("SELECT round(l_tax, l_linenumber) FROM lineitem"))
                .isInstanceOf(ArbalestException.class).hasMessageContaining("must be a literal");
    }
}
