package io.arbalest.executor.expr;

/** Powers of ten, exact rescaling and division of unscaled decimal values in 64 bits. */
public final class LongMath {
    /** 10^0 .. 10^18: every power of ten a long holds. */
    public static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private LongMath() {
    }

    /** What {@link #divide} answers when the quotient needs more than 64 bits. */
    public static final long NO_LONG_QUOTIENT = Long.MIN_VALUE;

    /**
     * {@code dividend * 10^shift / divisor} rounded half away from zero, as SQL decimal division
     * rounds (a non-zero divisor); {@link #NO_LONG_QUOTIENT} when that takes more than 64 bits (or
     * is Long.MIN_VALUE itself), for the caller to compute in more bits.
     */
    public static long divide(long dividend, int shift, long divisor) {
        if (shift < 0 || shift > 18) {
            return NO_LONG_QUOTIENT;
        }
        long power = POWERS_OF_TEN[shift];
        long scaled = dividend * power;
        if (Math.multiplyHigh(dividend, power) != scaled >> 63 || divisor == Long.MIN_VALUE
                || scaled == Long.MIN_VALUE) {
            return NO_LONG_QUOTIENT;
        }
        long quotient = scaled / divisor;
        long remainder = scaled % divisor;
        if (remainder != 0 && Math.abs(remainder) >= Math.abs(divisor) - Math.abs(remainder)) {
            quotient += (scaled < 0) == (divisor < 0) ? 1 : -1;
        }
        return quotient;
    }

    /**
     * Changes the scale of an unscaled value, rounding half away from zero when scale drops.
     *
     * @throws ArithmeticException when the result does not fit a long
     */
    public static long rescale(long value, int fromScale, int toScale) {
        if (toScale == fromScale) {
            return value;
        }
        if (toScale > fromScale) {
            int shift = toScale - fromScale;
            if (shift > 18) {
                if (value == 0) {
                    return 0;
                }
                throw new ArithmeticException("overflow");
            }
            return Math.multiplyExact(value, POWERS_OF_TEN[shift]);
        }
        int shift = fromScale - toScale;
        if (shift > 18) {
            return 0;
        }
        long divisor = POWERS_OF_TEN[shift];
        long quotient = value / divisor;
        long remainder = value % divisor;
        if (Math.abs(remainder) * 2 >= divisor) {
            quotient += value < 0 ? -1 : 1;
        }
        return quotient;
    }
}
