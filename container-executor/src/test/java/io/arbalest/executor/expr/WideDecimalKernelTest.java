package io.arbalest.executor.expr;

import io.arbalest.executor.AllocatorExtension;
import io.arbalest.executor.Rows;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.expr.Call;
import io.arbalest.planner.expr.ColumnRef;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static io.arbalest.executor.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The 128-bit decimal kernels at the edges a pair of longs has: carries and borrows across the
 * low word, signs in the high word, the 38-digit limit, and operands of either width.
 */
@ExtendWith(AllocatorExtension.class)
class WideDecimalKernelTest {
    private static final DataType WIDE = DataType.decimal(38, 0);
    private static final DataType NARROW = DataType.decimal(18, 0);
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger MAX = BigInteger.TEN.pow(38).subtract(BigInteger.ONE);
    private static final BigInteger HALF = MAX.shiftRight(1);

    private static BigInteger big(String value) {
        return new BigInteger(value);
    }

    private static List<Object> eval(BufferAllocator allocator, Expr expr, RowSchema schema, List<List<Object>> rows) {
        return KernelTest.eval(allocator, expr, schema, rows);
    }

    private static Expr binary(Function function, DataType type, DataType left, DataType right) {
        return Call.of(function, type, new ColumnRef(0, left), new ColumnRef(1, right));
    }

    @Test
    void additionCarriesAndSubtractionBorrowsAcrossTheLowWord(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(WIDE, WIDE);
        BigInteger lowAllOnes = TWO_64.subtract(BigInteger.ONE);
        List<List<Object>> rows = List.of(row(lowAllOnes, BigInteger.ONE), row(TWO_64, BigInteger.ONE.negate()),
                row(TWO_64.negate(), BigInteger.ONE), row(HALF, HALF.negate()), row(null, BigInteger.ONE));
        assertThat(eval(allocator, binary(Function.ADD, WIDE, WIDE, WIDE), schema, rows))
                .containsExactly(TWO_64, lowAllOnes, TWO_64.negate().add(BigInteger.ONE), BigInteger.ZERO, null);
        assertThat(eval(allocator, binary(Function.SUBTRACT, WIDE, WIDE, WIDE), schema, rows))
                .containsExactly(lowAllOnes.subtract(BigInteger.ONE), TWO_64.add(BigInteger.ONE),
                        TWO_64.negate().subtract(BigInteger.ONE), MAX.subtract(BigInteger.ONE), null);
    }

    @Test
    void longOperandsIntoAWideResultCarryIntoTheHighWord(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(NARROW, NARROW);
        List<List<Object>> rows = List.of(row(Long.MAX_VALUE, Long.MAX_VALUE), row(Long.MIN_VALUE, Long.MAX_VALUE),
                row(-1L, 1L), row(Long.MIN_VALUE, Long.MIN_VALUE), row(null, 5L));
        BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
        BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
        assertThat(eval(allocator, binary(Function.ADD, WIDE, NARROW, NARROW), schema, rows))
                .containsExactly(max.add(max), min.add(max), BigInteger.ZERO, min.add(min), null);
        assertThat(eval(allocator, binary(Function.SUBTRACT, WIDE, NARROW, NARROW), schema, rows))
                .containsExactly(BigInteger.ZERO, min.subtract(max), BigInteger.valueOf(-2), BigInteger.ZERO, null);
        assertThat(eval(allocator, binary(Function.MULTIPLY, WIDE, NARROW, NARROW), schema, rows))
                .containsExactly(max.multiply(max), min.multiply(max), BigInteger.ONE.negate(), min.multiply(min), null);
    }

    @Test
    void aResultBeyondThirtyEightDigitsIsAnOverflowError(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(WIDE, WIDE);
        assertThatThrownBy(() -> eval(allocator, binary(Function.ADD, WIDE, WIDE, WIDE), schema,
                List.of(row(MAX, BigInteger.ONE))))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("Numeric overflow");
        assertThatThrownBy(() -> eval(allocator, binary(Function.SUBTRACT, WIDE, WIDE, WIDE), schema,
                List.of(row(MAX.negate(), BigInteger.ONE))))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("Numeric overflow");
        assertThatThrownBy(() -> eval(allocator, binary(Function.MULTIPLY, WIDE, WIDE, WIDE), schema,
                List.of(row(BigInteger.TEN.pow(20), BigInteger.TEN.pow(18)))))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("DECIMAL(38, 0)");
    }

    @Test
    void productsOfLongsAreExactAndOthersGoThroughBigIntegers(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(NARROW, WIDE);
        long big = 999_999_999_999_999_999L;
        List<List<Object>> rows = List.of(row(big, BigInteger.valueOf(big)), row(-big, BigInteger.valueOf(big)),
                row(3L, big("-12345678901234567890123456789")), row(0L, MAX));
        BigInteger square = BigInteger.valueOf(big).pow(2);
        assertThat(eval(allocator, binary(Function.MULTIPLY, WIDE, NARROW, WIDE), schema, rows))
                .containsExactly(square, square.negate(), big("-37037036703703703670370370367"), BigInteger.ZERO);
    }

    @Test
    void divisionRoundsHalfAwayFromZeroAtTheResultScale(BufferAllocator allocator) {
        DataType dividend = DataType.decimal(15, 2);
        DataType quotient = DataType.decimal(33, 18);
        RowSchema schema = Rows.schema(dividend, dividend);
        // 1.00 / 3.00 and -2.00 / 3.00 at scale 18; 10.00 / 4.00 exactly.
        assertThat(eval(allocator, binary(Function.DIVIDE, quotient, dividend, dividend), schema,
                List.of(row(100L, 300L), row(-200L, 300L), row(1000L, 400L))))
                .containsExactly(big("333333333333333333"), big("-666666666666666667"), big("2500000000000000000"));
        assertThatThrownBy(() -> eval(allocator, binary(Function.DIVIDE, quotient, dividend, dividend), schema,
                List.of(row(100L, 0L))))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("Division by zero");
    }

    /** Quotients of longs scaled past 64 bits take the 128-by-64-bit path: each against BigDecimal's. */
    @Test
    void quotientsOfLongsAtEveryShiftMatchBigDecimal(BufferAllocator allocator) {
        java.util.Random random = new java.util.Random(42);
        List<List<Object>> rows = new ArrayList<>();
        long[] edges = {Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 1, -1, 3, 7, 999_999_999_999_999_999L};
        for (long x : edges) {
            for (long y : edges) {
                rows.add(row(x, y));
            }
        }
        for (int k = 0; k < 400; k++) {
            rows.add(row(random.nextLong() >> random.nextInt(63), (random.nextLong() >> random.nextInt(63)) | 1));
        }
        RowSchema schema = Rows.schema(NARROW, NARROW);
        for (int scale = 0; scale <= 18; scale++) {
            List<Object> expected = new ArrayList<>();
            for (List<Object> r : rows) {
                expected.add(new java.math.BigDecimal(BigInteger.valueOf((Long) r.get(0))).movePointRight(scale)
                        .divide(new java.math.BigDecimal(BigInteger.valueOf((Long) r.get(1))), 0,
                                java.math.RoundingMode.HALF_UP).toBigIntegerExact());
            }
            assertThat(eval(allocator, binary(Function.DIVIDE, DataType.decimal(38, scale), NARROW, NARROW), schema, rows))
                    .as("quotients at scale " + scale).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void comparisonsOrderByTheSignedHighWordThenTheUnsignedLowWord(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(WIDE, WIDE);
        List<List<Object>> rows = List.of(row(TWO_64, TWO_64.subtract(BigInteger.ONE)), row(BigInteger.ONE.negate(),
                BigInteger.ONE), row(MAX.negate(), MAX), row(TWO_64, TWO_64), row(null, TWO_64));
        assertThat(eval(allocator, binary(Function.GREATER_THAN, DataType.BOOLEAN, WIDE, WIDE), schema, rows))
                .containsExactly(true, false, false, false, null);
        assertThat(eval(allocator, binary(Function.EQUAL, DataType.BOOLEAN, WIDE, WIDE), schema, rows))
                .containsExactly(false, false, false, true, null);
    }

    @Test
    void integersCastToDecimalsOfEitherWidth(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(DataType.INT, DataType.BIGINT);
        List<List<Object>> rows = List.of(row(-7L, Long.MIN_VALUE), row(2147483647L, Long.MAX_VALUE), row(null, null));
        assertThat(eval(allocator, Call.of(Function.CAST, DataType.decimal(10, 0), new ColumnRef(0, DataType.INT)),
                schema, rows)).containsExactly(-7L, 2147483647L, null);
        assertThat(eval(allocator, Call.of(Function.CAST, DataType.decimal(21, 2), new ColumnRef(0, DataType.INT)),
                schema, rows)).containsExactly(BigInteger.valueOf(-700), BigInteger.valueOf(214748364700L), null);
        BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
        BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
        assertThat(eval(allocator, Call.of(Function.CAST, DataType.decimal(19, 0), new ColumnRef(1, DataType.BIGINT)),
                schema, rows)).containsExactly(min, max, null);
        assertThat(eval(allocator, Call.of(Function.CAST, DataType.decimal(25, 4), new ColumnRef(1, DataType.BIGINT)),
                schema, rows)).containsExactly(min.multiply(BigInteger.valueOf(10000)), max.multiply(BigInteger.valueOf(10000)),
                null);
        assertThatThrownBy(() -> eval(allocator, Call.of(Function.CAST, DataType.decimal(5, 2),
                new ColumnRef(0, DataType.INT)), schema, rows))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("does not fit DECIMAL(5, 2)");
    }

    @Test
    void castsBetweenWidthsKeepValuesAndRejectTooManyDigits(BufferAllocator allocator) {
        DataType narrow = DataType.decimal(15, 2);
        DataType wide = DataType.decimal(25, 4);
        RowSchema schema = Rows.schema(narrow);
        assertThat(eval(allocator, Call.of(Function.CAST, wide, new ColumnRef(0, narrow)), schema,
                List.of(row(-123456L), row(999_999_999_999_999L), row((Object) null))))
                .containsExactly(BigInteger.valueOf(-12345600), BigInteger.valueOf(99_999_999_999_999_900L), null);
        RowSchema wideSchema = Rows.schema(wide);
        assertThat(eval(allocator, Call.of(Function.CAST, narrow, new ColumnRef(0, wide)), wideSchema,
                List.of(row(BigInteger.valueOf(-12345650)))))
                .containsExactly(-123457L); // -1234.5650 rounds half away from zero
        assertThatThrownBy(() -> eval(allocator, Call.of(Function.CAST, narrow, new ColumnRef(0, wide)), wideSchema,
                List.of(row(big("10000000000000000000000")))))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("does not fit DECIMAL(15, 2)");
        assertThat(eval(allocator, Call.of(Function.CAST, DataType.VARCHAR, new ColumnRef(0, wide)), wideSchema,
                List.of(row(big("-123456789012345678901")))))
                .containsExactly("-12345678901234567.8901");
    }
}
