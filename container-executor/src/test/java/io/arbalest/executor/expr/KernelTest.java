package io.arbalest.executor.expr;

import io.arbalest.executor.AllocatorExtension;
import io.arbalest.executor.Rows;
import io.arbalest.executor.batch.Batch;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.expr.Call;
import io.arbalest.planner.expr.ColumnRef;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.arbalest.executor.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each kernel over small batches: NULL inputs, empty batches, and the errors SQL requires
 * (overflow, division by zero, bad casts) instead of wrong values.
 */
@ExtendWith(AllocatorExtension.class)
class KernelTest {
    private static final DataType BIGINT = DataType.BIGINT;
    private static final DataType INT = DataType.INT;
    private static final DataType BOOL = DataType.BOOLEAN;
    private static final DataType VARCHAR = DataType.VARCHAR;
    private static final DataType DOUBLE = DataType.DOUBLE;
    private static final DataType DEC_15_2 = DataType.decimal(15, 2);

    private static ColumnRef col(int index, DataType type) {
        return new ColumnRef(index, type);
    }

    private static Literal lit(Object value, DataType type) {
        return new Literal(value instanceof Integer i ? (Object) (long) i : value, type);
    }

    private static Call call(Function function, DataType type, Expr... arguments) {
        return Call.of(function, type, arguments);
    }

    /** The values of {@code expr} over {@code rows} of {@code schema}. */
    static List<Object> eval(BufferAllocator allocator, Expr expr, RowSchema schema, List<List<Object>> rows) {
        Kernel kernel = new ExpressionCompiler(allocator).compile(expr);
        try (Batch batch = Rows.batch(schema, rows, allocator)) {
            FieldVector result = kernel.evaluate(batch);
            try {
                assertThat(result.getValueCount()).as("result length").isEqualTo(rows.size());
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    values.add(ValueAccess.get(result, i, kernel.type()));
                }
                return values;
            } finally {
                kernel.release(result);
            }
        }
    }

    private static List<List<Object>> column(Object... values) {
        List<List<Object>> rows = new ArrayList<>();
        for (Object value : values) {
            rows.add(Arrays.asList(value instanceof Integer i ? (Object) (long) i : value));
        }
        return rows;
    }

    @Test
    void arithmeticPropagatesNulls(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(BIGINT, BIGINT);
        List<List<Object>> rows = List.of(row(7L, 2L), row(null, 2L), row(7L, null), row(-7L, 2L));
        assertThat(eval(allocator, call(Function.ADD, BIGINT, col(0, BIGINT), col(1, BIGINT)), schema, rows))
                .containsExactly(9L, null, null, -5L);
        assertThat(eval(allocator, call(Function.DIVIDE, BIGINT, col(0, BIGINT), col(1, BIGINT)), schema, rows))
                .as("integer division truncates toward zero").containsExactly(3L, null, null, -3L);
        assertThat(eval(allocator, call(Function.MODULO, BIGINT, col(0, BIGINT), col(1, BIGINT)), schema, rows))
                .as("the remainder takes the dividend's sign").containsExactly(1L, null, null, -1L);
    }

    @Test
    void arithmeticOnEmptyBatch(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(BIGINT);
        assertThat(eval(allocator, call(Function.MULTIPLY, BIGINT, col(0, BIGINT), lit(3, BIGINT)), schema, List.of()))
                .isEmpty();
    }

    @Test
    void overflowIsAnErrorNotAWrappedNumber(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(BIGINT);
        Expr plusOne = call(Function.ADD, BIGINT, col(0, BIGINT), lit(1, BIGINT));
        assertThatThrownBy(() -> eval(allocator, plusOne, schema, column(1L, Long.MAX_VALUE)))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("overflow");
        RowSchema ints = Rows.schema(INT);
        Expr times = call(Function.MULTIPLY, INT, col(0, INT), lit(2, INT));
        assertThatThrownBy(() -> eval(allocator, times, ints, column((long) Integer.MAX_VALUE)))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("overflow");
    }

    @Test
    void divisionByZeroIsAnErrorButNullDivisorsAreNull(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(INT, INT);
        Expr divide = call(Function.DIVIDE, INT, col(0, INT), col(1, INT));
        assertThat(eval(allocator, divide, schema, List.of(row(10L, null), row(10L, 3L)))).containsExactly(null, 3L);
        assertThatThrownBy(() -> eval(allocator, divide, schema, List.of(row(10L, 0L))))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("NULLIF");
        RowSchema doubles = Rows.schema(DOUBLE, DOUBLE);
        Expr divideDoubles = call(Function.DIVIDE, DOUBLE, col(0, DOUBLE), col(1, DOUBLE));
        assertThat(eval(allocator, divideDoubles, doubles, List.of(row(1.0, null), row(1.0, 4.0))))
                .containsExactly(null, 0.25);
        assertThatThrownBy(() -> eval(allocator, divideDoubles, doubles, List.of(row(1.0, 0.0))))
                .isInstanceOf(QueryExecutionException.class);
    }

    @Test
    void decimalsComputeExactly(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(DEC_15_2, DEC_15_2);
        // 12.34 * 0.50 = 6.1700 at scale 4; the planner casts operands to the result scale for + and -.
        Expr times = call(Function.MULTIPLY, DataType.decimal(30, 4), col(0, DEC_15_2), col(1, DEC_15_2));
        assertThat(eval(allocator, times, schema, List.of(row(1234L, 50L), row(null, 50L))))
                .containsExactly(BigInteger.valueOf(61700), null); // DECIMAL(30, 4) is a 128-bit decimal
        // 1.00 / 3.00 at scale 6 rounds half away from zero: 0.333333; -2.00 / 3.00 = -0.666667.
        Expr divide = call(Function.DIVIDE, DataType.decimal(18, 6), col(0, DEC_15_2), col(1, DEC_15_2));
        assertThat(eval(allocator, divide, schema, List.of(row(100L, 300L), row(-200L, 300L))))
                .containsExactly(333333L, -666667L);
    }

    @Test
    void comparisonsOfStringsUseUtf8ByteOrder(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(VARCHAR, VARCHAR);
        List<List<Object>> rows = List.of(row("Z", "a"), row("é", "z"), row("ab", "abc"), row(null, "a"), row("", ""));
        assertThat(eval(allocator, call(Function.LESS_THAN, BOOL, col(0, VARCHAR), col(1, VARCHAR)), schema, rows))
                .containsExactly(true, false, true, null, false);
        assertThat(eval(allocator, call(Function.EQUAL, BOOL, col(0, VARCHAR), col(1, VARCHAR)), schema, rows))
                .containsExactly(false, false, false, null, true);
    }

    /** Every comparison of strings with constants around the 8-byte words the equality loop reads. */
    @Test
    void comparisonsOfStringsWithConstantsMatchByteOrder(BufferAllocator allocator) {
        List<String> values = java.util.Arrays.asList("", "a", "AIR", "AIR REG", "AIR REGU", "AIR REGUL", "DELIVER IN PERSON",
                "DELIVER IN PERSOM", "é", "ée", "zz", null);
        RowSchema schema = Rows.schema(VARCHAR);
        List<List<Object>> rows = values.stream().map(v -> row(v)).toList();
        Map<Function, java.util.function.IntPredicate> functions = Map.of(Function.EQUAL, c -> c == 0,
                Function.NOT_EQUAL, c -> c != 0, Function.LESS_THAN, c -> c < 0, Function.LESS_THAN_OR_EQUAL, c -> c <= 0,
                Function.GREATER_THAN, c -> c > 0, Function.GREATER_THAN_OR_EQUAL, c -> c >= 0);
        for (String constant : values.subList(0, values.size() - 1)) {
            for (Map.Entry<Function, java.util.function.IntPredicate> f : functions.entrySet()) {
                List<Object> actual = eval(allocator, call(f.getKey(), BOOL, col(0, VARCHAR), lit(constant, VARCHAR)),
                        schema, rows);
                for (int i = 0; i < values.size(); i++) {
                    String v = values.get(i);
                    Object expected = v == null ? null : f.getValue().test(java.util.Arrays.compareUnsigned(
                            v.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            constant.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    assertThat(actual.get(i)).as("'%s' %s '%s'", v, f.getKey(), constant).isEqualTo(expected);
                }
            }
        }
    }

    /** SUBSTRING with constant bounds works on UTF-8 bytes; it must agree with the row-at-a-time definition. */
    @Test
    void substringWithConstantBoundsMatchesStringSemantics(BufferAllocator allocator) {
        List<String> values = java.util.Arrays.asList("", "a", "abc", "héllo wörld", "日本語テキスト", "x\uD83D\uDE00y", null);
        RowSchema schema = Rows.schema(VARCHAR);
        List<List<Object>> rows = values.stream().map(v -> row(v)).toList();
        long[] starts = {-3, 0, 1, 2, 5, 40};
        Long[] lengths = {null, 0L, 1L, 2L, 3L, 100L};
        for (long start : starts) {
            for (Long length : lengths) {
                Expr expr = length == null
                        ? call(Function.SUBSTRING, VARCHAR, col(0, VARCHAR), lit(start, BIGINT))
                        : call(Function.SUBSTRING, VARCHAR, col(0, VARCHAR), lit(start, BIGINT), lit(length, BIGINT));
                List<Object> actual = eval(allocator, expr, schema, rows);
                for (int i = 0; i < values.size(); i++) {
                    Object expected = values.get(i) == null ? null : ScalarFunctions.substring(values.get(i), start, length);
                    assertThat(actual.get(i)).as("SUBSTRING('%s', %d, %s)", values.get(i), start, length)
                            .isEqualTo(expected);
                }
            }
        }
        Expr negative = call(Function.SUBSTRING, VARCHAR, col(0, VARCHAR), lit(1L, BIGINT), lit(-1L, BIGINT));
        assertThat(eval(allocator, negative, schema, List.of(row((Object) null)))).containsExactly((Object) null);
        assertThatThrownBy(() -> eval(allocator, negative, schema, rows))
                .hasMessageContaining("SUBSTRING length must not be negative");
    }

    @Test
    void distinctFromTreatsNullsAsEqual(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(BIGINT, BIGINT);
        List<List<Object>> rows = List.of(row(null, null), row(1L, null), row(1L, 1L), row(1L, 2L));
        assertThat(eval(allocator, call(Function.IS_DISTINCT_FROM, BOOL, col(0, BIGINT), col(1, BIGINT)), schema, rows))
                .containsExactly(false, true, false, true);
        assertThat(eval(allocator, call(Function.IS_NOT_DISTINCT_FROM, BOOL, col(0, BIGINT), col(1, BIGINT)), schema,
                rows)).containsExactly(true, false, true, false);
    }

    @Test
    void logicFollowsThreeValuedTruthTables(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(BOOL, BOOL);
        Boolean[] values = {true, false, null};
        List<List<Object>> rows = new ArrayList<>();
        for (Boolean a : values) {
            for (Boolean b : values) {
                rows.add(row(a, b));
            }
        }
        List<Object> and = eval(allocator, call(Function.AND, BOOL, col(0, BOOL), col(1, BOOL)), schema, rows);
        List<Object> or = eval(allocator, call(Function.OR, BOOL, col(0, BOOL), col(1, BOOL)), schema, rows);
        List<Object> not = eval(allocator, call(Function.NOT, BOOL, col(0, BOOL)), schema, rows);
        List<Object> isTrue = eval(allocator, call(Function.IS_TRUE, BOOL, col(0, BOOL)), schema, rows);
        List<Object> isNotFalse = eval(allocator, call(Function.IS_NOT_FALSE, BOOL, col(0, BOOL)), schema, rows);
        List<Object> isNull = eval(allocator, call(Function.IS_NULL, BOOL, col(1, BOOL)), schema, rows);
        for (int i = 0; i < rows.size(); i++) {
            Boolean a = (Boolean) rows.get(i).get(0);
            Boolean b = (Boolean) rows.get(i).get(1);
            Boolean expectedAnd = Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b) ? Boolean.FALSE
                    : a == null || b == null ? null : Boolean.TRUE;
            Boolean expectedOr = Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b) ? Boolean.TRUE
                    : a == null || b == null ? null : Boolean.FALSE;
            String where = a + ", " + b;
            assertThat(and.get(i)).as("AND " + where).isEqualTo(expectedAnd);
            assertThat(or.get(i)).as("OR " + where).isEqualTo(expectedOr);
            assertThat(not.get(i)).as("NOT " + a).isEqualTo(a == null ? null : !a);
            assertThat(isTrue.get(i)).as("IS TRUE " + a).isEqualTo(Boolean.TRUE.equals(a));
            assertThat(isNotFalse.get(i)).as("IS NOT FALSE " + a).isEqualTo(!Boolean.FALSE.equals(a));
            assertThat(isNull.get(i)).as("IS NULL " + b).isEqualTo(b == null);
        }
    }

    @Test
    void caseEvaluatesAFailingBranchOnlyOnItsRows(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(BIGINT);
        // CASE WHEN x <> 0 THEN 100 / x WHEN x IS NULL THEN -1 END
        Expr expr = call(Function.CASE, BIGINT,
                call(Function.NOT_EQUAL, BOOL, col(0, BIGINT), lit(0, BIGINT)),
                call(Function.DIVIDE, BIGINT, lit(100, BIGINT), col(0, BIGINT)),
                call(Function.IS_NULL, BOOL, col(0, BIGINT)), lit(-1, BIGINT),
                Literal.nullOf(BIGINT));
        assertThat(eval(allocator, expr, schema, column(4, 0, null, -3))).containsExactly(25L, null, -1L, -33L);
        assertThat(eval(allocator, expr, schema, List.of())).isEmpty();
    }

    @Test
    void castsConvertOrExplainWhyNot(BufferAllocator allocator) {
        RowSchema strings = Rows.schema(VARCHAR);
        assertThat(eval(allocator, call(Function.CAST, BIGINT, col(0, VARCHAR)), strings, column("42", " -7 ", null)))
                .containsExactly(42L, -7L, null);
        assertThatThrownBy(() -> eval(allocator, call(Function.CAST, BIGINT, col(0, VARCHAR)), strings, column("4x2")))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("4x2");
        assertThat(eval(allocator, call(Function.CAST, DataType.DATE, col(0, VARCHAR)), strings, column("2024-02-29")))
                .containsExactly(LocalDate.of(2024, 2, 29).toEpochDay());
        RowSchema decimals = Rows.schema(DEC_15_2);
        // 12.35 -> DECIMAL(15,1) rounds half away from zero: 12.4; -12.35 -> -12.4
        assertThat(eval(allocator, call(Function.CAST, DataType.decimal(15, 1), col(0, DEC_15_2)), decimals,
                column(1235L, -1235L, null))).containsExactly(124L, -124L, null);
        assertThat(eval(allocator, call(Function.CAST, VARCHAR, col(0, DEC_15_2)), decimals, column(5L, -1235L)))
                .containsExactly("0.05", "-12.35");
        RowSchema doubles = Rows.schema(DOUBLE);
        assertThatThrownBy(() -> eval(allocator, call(Function.CAST, INT, col(0, DOUBLE)), doubles, column(1e12)))
                .isInstanceOf(QueryExecutionException.class);
    }

    @Test
    void inListWithNullCandidate(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(BIGINT);
        Expr in = call(Function.IN, BOOL, col(0, BIGINT), lit(1, BIGINT), lit(3, BIGINT));
        assertThat(eval(allocator, in, schema, column(1, 2, null))).containsExactly(true, false, null);
        Expr inWithNull = call(Function.IN, BOOL, col(0, BIGINT), lit(1, BIGINT), Literal.nullOf(BIGINT));
        assertThat(eval(allocator, inWithNull, schema, column(1, 2, null))).containsExactly(true, null, null);
    }

    @Test
    void likePatterns(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(VARCHAR);
        List<List<Object>> rows = column("abc", "a.c", "ab", "a%c", null, "A\nc");
        assertThat(eval(allocator, call(Function.LIKE, BOOL, col(0, VARCHAR), lit("a_c", VARCHAR)), schema, rows))
                .containsExactly(true, true, false, true, null, false);
        assertThat(eval(allocator, call(Function.LIKE, BOOL, col(0, VARCHAR), lit("a!%%", VARCHAR), lit("!", VARCHAR)),
                schema, rows)).containsExactly(false, false, false, true, null, false);
        assertThat(eval(allocator, call(Function.LIKE, BOOL, col(0, VARCHAR), lit("%c", VARCHAR)), schema, rows))
                .as("% matches line breaks too").containsExactly(true, true, false, true, null, true);
    }

    @Test
    void likeWithoutUnderscoreMatchesBytesAsTheRegexWould(BufferAllocator allocator) {
        List<String> values = List.of("", "a", "aa", "abc", "abcabc", "xabcx", "héllo wörld", "special requests",
                "some special customer requests", "requests special", "%", "a%c");
        List<String> patterns = List.of("%", "a", "a%", "%a", "%a%", "a%a", "%a%a%", "abc", "abc%", "%abc", "%abc%",
                "%special%requests%", "h%ö%", "%wörld", "a%c", "%%", "");
        RowSchema schema = Rows.schema(VARCHAR);
        List<List<Object>> rows = new ArrayList<>();
        values.forEach(v -> rows.add(row(v)));
        rows.add(row((Object) null));
        for (String pattern : patterns) {
            List<Object> actual = eval(allocator, call(Function.LIKE, BOOL, col(0, VARCHAR), lit(pattern, VARCHAR)), schema,
                    rows);
            java.util.regex.Pattern regex = ScalarFunctions.likePattern(pattern, null);
            for (int i = 0; i < values.size(); i++) {
                assertThat(actual.get(i)).as("'" + values.get(i) + "' LIKE '" + pattern + "'")
                        .isEqualTo(regex.matcher(values.get(i)).matches());
            }
            assertThat(actual.get(values.size())).as("NULL LIKE '" + pattern + "'").isNull();
        }
    }

    @Test
    void stringFunctions(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(VARCHAR);
        List<List<Object>> rows = column("  héllo ", null, "");
        assertThat(eval(allocator, call(Function.UPPER, VARCHAR, col(0, VARCHAR)), schema, rows))
                .containsExactly("  HÉLLO ", null, "");
        assertThat(eval(allocator, call(Function.CHAR_LENGTH, INT, col(0, VARCHAR)), schema, rows))
                .as("characters, not bytes").containsExactly(8L, null, 0L);
        assertThat(eval(allocator, call(Function.TRIM, VARCHAR, lit("BOTH", VARCHAR), lit(" ", VARCHAR), col(0, VARCHAR)),
                schema, rows)).containsExactly("héllo", null, "");
        assertThat(eval(allocator, call(Function.SUBSTRING, VARCHAR, col(0, VARCHAR), lit(3, BIGINT), lit(3, BIGINT)),
                schema, rows)).containsExactly("hél", null, "");
        assertThat(eval(allocator, call(Function.SUBSTRING, VARCHAR, col(0, VARCHAR), lit(0, BIGINT), lit(3, BIGINT)),
                schema, rows)).as("a start before 1 shortens the result, as in PostgreSQL")
                .containsExactly("  ", null, "");
        assertThat(eval(allocator, call(Function.POSITION, INT, lit("l", VARCHAR), col(0, VARCHAR)), schema, rows))
                .containsExactly(5L, null, 0L);
        assertThat(eval(allocator, call(Function.CONCAT, VARCHAR, col(0, VARCHAR), lit("!", VARCHAR)), schema, rows))
                .containsExactly("  héllo !", null, "!");
    }

    @Test
    void coalesceTakesTheFirstNonNull(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(BIGINT, BIGINT);
        Expr coalesce = call(Function.COALESCE, BIGINT, col(0, BIGINT), col(1, BIGINT), lit(0, BIGINT));
        assertThat(eval(allocator, coalesce, schema, List.of(row(1L, 2L), row(null, 2L), row(null, null))))
                .containsExactly(1L, 2L, 0L);
    }

    @Test
    void roundingHalfAwayFromZero(BufferAllocator allocator) {
        RowSchema decimals = Rows.schema(DEC_15_2);
        assertThat(eval(allocator, call(Function.ROUND, DataType.decimal(15, 1), col(0, DEC_15_2), lit(1, INT)),
                decimals, column(1225L, -1225L, null))).containsExactly(123L, -123L, null);
        RowSchema doubles = Rows.schema(DOUBLE);
        assertThat(eval(allocator, call(Function.ROUND, DOUBLE, col(0, DOUBLE)), doubles, column(2.5, -2.5)))
                .containsExactly(3.0, -3.0);
        assertThat(eval(allocator, call(Function.FLOOR, DOUBLE, col(0, DOUBLE)), doubles, column(-1.5, 1.5)))
                .containsExactly(-2.0, 1.0);
        assertThat(eval(allocator, call(Function.CEIL, DOUBLE, col(0, DOUBLE)), doubles, column(-1.5, 1.5)))
                .containsExactly(-1.0, 2.0);
    }

    @Test
    void datePartsAndIntervals(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(DataType.DATE);
        long jan31 = LocalDate.of(2024, 1, 31).toEpochDay();
        List<List<Object>> rows = column(jan31, null);
        assertThat(eval(allocator, call(Function.EXTRACT, BIGINT, lit("YEAR", VARCHAR), col(0, DataType.DATE)), schema,
                rows)).containsExactly(2024L, null);
        assertThat(eval(allocator, call(Function.EXTRACT, BIGINT, lit("DOW", VARCHAR), col(0, DataType.DATE)), schema,
                rows)).as("Wednesday, counting from Sunday = 1, as Spark").containsExactly(4L, null);
        assertThat(eval(allocator, call(Function.DATETIME_PLUS, DataType.DATE, col(0, DataType.DATE),
                lit(1, DataType.INTERVAL_YEAR_MONTH)), schema, rows))
                .as("a month after January 31 is the last day of February")
                .containsExactly(LocalDate.of(2024, 2, 29).toEpochDay(), null);
        assertThat(eval(allocator, call(Function.DATETIME_MINUS, DataType.DATE, col(0, DataType.DATE),
                lit(86_400_000L * 31, DataType.INTERVAL_DAY_TIME)), schema, rows))
                .containsExactly(LocalDate.of(2023, 12, 31).toEpochDay(), null);
    }
}
