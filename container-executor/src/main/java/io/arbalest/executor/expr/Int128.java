package io.arbalest.executor.expr;

import org.apache.arrow.memory.ArrowBuf;

import java.math.BigInteger;

/**
 * 128-bit two's complement integers as a pair of longs (high word signed, low word unsigned), as
 * Arrow's Decimal128 vectors hold them: 16 bytes a value, little-endian, so the low word first.
 * The unscaled values of wide decimals; their range is 38 digits, |v| &lt;= 10^38 - 1.
 */
public final class Int128 {
    public static final int BYTES = 16;
    /** The largest unscaled value of 38 digits, 10^38 - 1. */
    public static final BigInteger MAX_DECIMAL = BigInteger.TEN.pow(38).subtract(BigInteger.ONE);
    private static final long MAX_HIGH = MAX_DECIMAL.shiftRight(64).longValue();
    private static final long MAX_LOW = MAX_DECIMAL.longValue();
    private static final BigInteger LOW_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Int128() {
    }

    public static long low(ArrowBuf data, int row) {
        return data.getLong((long) row << 4);
    }

    public static long high(ArrowBuf data, int row) {
        return data.getLong(((long) row << 4) + 8);
    }

    public static void set(ArrowBuf data, int row, long high, long low) {
        data.setLong((long) row << 4, low);
        data.setLong(((long) row << 4) + 8, high);
    }

    /** Row {@code row} of a 64-bit ({@code wide} false) or 128-bit column: its low word. */
    public static long lowOf(ArrowBuf data, boolean wide, int row) {
        return wide ? data.getLong((long) row << 4) : data.getLong((long) row << 3);
    }

    /** Row {@code row} of a 64-bit ({@code wide} false) or 128-bit column: its high word (a long's sign). */
    public static long highOf(ArrowBuf data, boolean wide, int row) {
        return wide ? data.getLong(((long) row << 4) + 8) : data.getLong((long) row << 3) >> 63;
    }

    public static BigInteger get(ArrowBuf data, int row) {
        return toBigInteger(high(data, row), low(data, row));
    }

    /**
     * Writes a value of at most 38 digits.
     *
     * @throws ArithmeticException when it has more
     */
    public static void set(ArrowBuf data, int row, BigInteger value) {
        if (value.abs().compareTo(MAX_DECIMAL) > 0) {
            throw new ArithmeticException("more than 38 digits");
        }
        set(data, row, value.shiftRight(64).longValue(), value.longValue());
    }

    public static BigInteger toBigInteger(long high, long low) {
        return BigInteger.valueOf(high).shiftLeft(64).or(BigInteger.valueOf(low).and(LOW_MASK));
    }

    /** True when the value is a long: its high word only extends the low word's sign. */
    public static boolean isLong(long high, long low) {
        return high == low >> 63;
    }

    /** Compares row {@code i} of one 128-bit column with row {@code j} of another. */
    public static int compare(ArrowBuf a, int i, ArrowBuf b, int j) {
        return compare(high(a, i), low(a, i), high(b, j), low(b, j));
    }

    /** Signed comparison of two 128-bit values. */
    public static int compare(long highA, long lowA, long highB, long lowB) {
        return highA != highB ? Long.compare(highA, highB) : Long.compareUnsigned(lowA, lowB);
    }

    /** The high word of the unsigned 128-bit product of two unsigned longs. */
    public static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /**
     * The quotient of the unsigned 128-bit value (high, low) by an unsigned long, when it fits 64
     * bits ({@code Long.compareUnsigned(high, divisor) < 0}); its remainder goes to
     * {@code remainder[0]}. Knuth's algorithm D on 32-bit digits (Hacker's Delight, divlu).
     */
    public static long divideUnsigned(long high, long low, long divisor, long[] remainder) {
        final long base = 1L << 32;
        int shift = Long.numberOfLeadingZeros(divisor);
        long v = divisor << shift;
        long vHigh = v >>> 32;
        long vLow = v & 0xFFFFFFFFL;
        long u32 = shift == 0 ? high : high << shift | low >>> (64 - shift);
        long u10 = low << shift;
        long u1 = u10 >>> 32;
        long u0 = u10 & 0xFFFFFFFFL;
        long q1 = divideByDigit(u32, vHigh);
        long rest = u32 - q1 * vHigh;
        while (Long.compareUnsigned(q1, base) >= 0 || Long.compareUnsigned(q1 * vLow, rest * base + u1) > 0) {
            q1--;
            rest += vHigh;
            if (Long.compareUnsigned(rest, base) >= 0) {
                break;
            }
        }
        long u21 = u32 * base + u1 - q1 * v;
        long q0 = divideByDigit(u21, vHigh);
        rest = u21 - q0 * vHigh;
        while (Long.compareUnsigned(q0, base) >= 0 || Long.compareUnsigned(q0 * vLow, rest * base + u0) > 0) {
            q0--;
            rest += vHigh;
            if (Long.compareUnsigned(rest, base) >= 0) {
                break;
            }
        }
        remainder[0] = (u21 * base + u0 - q0 * v) >>> shift;
        return q1 * base + q0;
    }

    /**
     * An unsigned long divided by a positive divisor. (Java 17's {@code Long.divideUnsigned} goes
     * through BigInteger for a dividend of 2^63 or more.)
     */
    static long divideByDigit(long dividend, long divisor) {
        if (dividend >= 0) {
            return dividend / divisor;
        }
        long quotient = ((dividend >>> 1) / divisor) << 1;
        long rest = dividend - quotient * divisor;
        return quotient + (Long.compareUnsigned(rest, divisor) >= 0 ? 1 : 0);
    }

    /** True when |value| &lt;= 10^38 - 1, the range of DECIMAL(38, s). */
    public static boolean fitsDecimal(long high, long low) {
        if (high < 0) {
            // -value = ~value + 1 (two's complement); -2^127 has no positive counterpart
            long negatedLow = -low;
            long negatedHigh = ~high + (low == 0 ? 1 : 0);
            return negatedHigh >= 0 && compare(negatedHigh, negatedLow, MAX_HIGH, MAX_LOW) <= 0;
        }
        return compare(high, low, MAX_HIGH, MAX_LOW) <= 0;
    }
}
