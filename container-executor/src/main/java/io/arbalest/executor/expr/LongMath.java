package io.arbalest.executor.expr;

/** Powers of ten and exact rescaling of unscaled decimal values. */
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
