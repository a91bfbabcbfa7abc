package io.arbalest.executor.expr;

import io.arbalest.planner.expr.Function;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Decimal +, -, *, /, % where an operand or the result is a 128-bit decimal. Each operand is read
 * as 128 bits whatever its storage; values that fit a long take the fast paths (a product of two
 * longs is exact in 128 bits), others go through BigInteger. A result beyond 38 digits, or beyond
 * a long for a 64-bit result, is an overflow: an {@link ArithmeticException} for the kernel to
 * report.
 */
final class WideDecimalArithmetic {
    private static final BigInteger[] POWERS_OF_TEN = new BigInteger[77];

    static {
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = BigInteger.TEN.pow(i);
        }
    }

    private final Function function;
    /** As ArithmeticKernel's: the dividend's power-of-ten shift, or the product's (at most 0). */
    private final int shift;
    private final boolean leftWide;
    private final boolean rightWide;
    private final boolean resultWide;
    /** The remainder of the last {@link Int128#divideUnsigned}. */
    private final long[] remainder = new long[1];

    WideDecimalArithmetic(Function function, int shift, boolean leftWide, boolean rightWide, boolean resultWide) {
        this.function = function;
        this.shift = shift;
        this.leftWide = leftWide;
        this.rightWide = rightWide;
        this.resultWide = resultWide;
    }

    /** Computes rows [0, rows) of {@code out}, whose validity is already set; NULL slots are skipped. */
    void compute(FieldVector a, FieldVector b, FieldVector out, int rows) {
        ArrowBuf x = a.getDataBuffer();
        ArrowBuf y = b.getDataBuffer();
        ArrowBuf z = out.getDataBuffer();
        ArrowBuf valid = out.getValidityBuffer();
        if (!leftWide && !rightWide && resultWide && shift == 0
                && (function == Function.ADD || function == Function.SUBTRACT || function == Function.MULTIPLY)) {
            longsIntoWide(x, y, z, rows); // NULL slots hold zeros: computing over them is harmless
            return;
        }
        boolean checkNulls = !Bits.noNulls(out, rows);
        if (function == Function.MULTIPLY && shift == 0 && resultWide && leftWide != rightWide) {
            wideTimesLong(leftWide ? x : y, leftWide ? y : x, z, valid, checkNulls, rows);
            return;
        }
        if (!leftWide && !rightWide && function == Function.DIVIDE) {
            longQuotients(x, y, z, valid, checkNulls, rows);
            return;
        }
        for (int i = 0; i < rows; i++) {
            if (checkNulls && !Bits.isValid(valid, i)) {
                continue;
            }
            long xl = Int128.lowOf(x, leftWide, i);
            long xh = Int128.highOf(x, leftWide, i);
            long yl = Int128.lowOf(y, rightWide, i);
            long yh = Int128.highOf(y, rightWide, i);
            switch (function) {
                case ADD -> {
                    long low = xl + yl;
                    long carry = Long.compareUnsigned(low, xl) < 0 ? 1 : 0;
                    write(z, i, Math.addExact(Math.addExact(xh, yh), carry), low);
                }
                case SUBTRACT -> {
                    long low = xl - yl;
                    long borrow = Long.compareUnsigned(xl, yl) < 0 ? 1 : 0;
                    write(z, i, Math.subtractExact(Math.subtractExact(xh, yh), borrow), low);
                }
                case MULTIPLY -> {
                    if (shift == 0 && Int128.isLong(xh, xl) && Int128.isLong(yh, yl)) {
                        write(z, i, Math.multiplyHigh(xl, yl), xl * yl); // |product| < 2^126 < 10^38
                    } else {
                        BigInteger product = Int128.toBigInteger(xh, xl).multiply(Int128.toBigInteger(yh, yl));
                        write(z, i, shift == 0 ? product : rescaleDown(product, -shift));
                    }
                }
                case DIVIDE -> {
                    if (yl == 0 && yh == 0) {
                        throw ArithmeticKernel.divisionByZero();
                    }
                    divide(z, i, xh, xl, yh, yl);
                }
                case MODULO -> {
                    if (yl == 0 && yh == 0) {
                        throw ArithmeticKernel.divisionByZero();
                    }
                    if (Int128.isLong(xh, xl) && Int128.isLong(yh, yl) && yl != -1) {
                        long remainder = xl % yl;
                        write(z, i, remainder >> 63, remainder);
                    } else {
                        write(z, i, Int128.toBigInteger(xh, xl).remainder(Int128.toBigInteger(yh, yl)));
                    }
                }
                default -> throw new IllegalStateException(function.name());
            }
        }
    }

    /**
     * Two 64-bit operands into a 128-bit result: a sum, difference or product of two longs always
     * fits 38 digits (|x * y| &lt; 2^126 &lt; 10^38), so these loops check nothing.
     */
    private void longsIntoWide(ArrowBuf x, ArrowBuf y, ArrowBuf z, int rows) {
        switch (function) {
            case MULTIPLY -> {
                for (int i = 0; i < rows; i++) {
                    long p = x.getLong((long) i << 3);
                    long q = y.getLong((long) i << 3);
                    z.setLong((long) i << 4, p * q);
                    z.setLong(((long) i << 4) + 8, Math.multiplyHigh(p, q));
                }
            }
            case ADD, SUBTRACT -> {
                boolean add = function == Function.ADD;
                for (int i = 0; i < rows; i++) {
                    long p = x.getLong((long) i << 3);
                    long q = y.getLong((long) i << 3);
                    long low = add ? p + q : p - q;
                    // the high word: the operands' signs, plus the carry (or minus the borrow) of the low word
                    long high = (p >> 63) + (add ? (q >> 63) + (Long.compareUnsigned(low, p) < 0 ? 1 : 0)
                            : -(q >> 63) - (Long.compareUnsigned(p, q) < 0 ? 1 : 0));
                    z.setLong((long) i << 4, low);
                    z.setLong(((long) i << 4) + 8, high);
                }
            }
            default -> throw new IllegalStateException(function.name());
        }
    }

    /**
     * A 128-bit operand times a 64-bit one (a product of products, as TPC-H's charge): exact in
     * 128 bits where the wide operand is a long, through BigInteger where it is not.
     */
    private void wideTimesLong(ArrowBuf wide, ArrowBuf narrow, ArrowBuf z, ArrowBuf valid, boolean checkNulls,
            int rows) {
        for (int i = 0; i < rows; i++) {
            long high = Int128.high(wide, i);
            long low = Int128.low(wide, i);
            long factor = narrow.getLong((long) i << 3);
            if (high == low >> 63) {
                write(z, i, Math.multiplyHigh(low, factor), low * factor); // |product| < 2^126 < 10^38
            } else if (!checkNulls || Bits.isValid(valid, i)) {
                write(z, i, Int128.toBigInteger(high, low).multiply(BigInteger.valueOf(factor)));
            }
        }
    }

    /** Quotients of two 64-bit operands: in 64 bits where the scaled dividend fits them, else in 128. */
    private void longQuotients(ArrowBuf x, ArrowBuf y, ArrowBuf z, ArrowBuf valid, boolean checkNulls, int rows) {
        for (int i = 0; i < rows; i++) {
            if (checkNulls && !Bits.isValid(valid, i)) {
                continue;
            }
            long dividend = x.getLong((long) i << 3);
            long divisor = y.getLong((long) i << 3);
            if (divisor == 0) {
                throw ArithmeticKernel.divisionByZero();
            }
            long quotient = LongMath.divide(dividend, shift, divisor);
            if (quotient != LongMath.NO_LONG_QUOTIENT) {
                write(z, i, quotient >> 63, quotient);
            } else {
                divide(z, i, dividend >> 63, dividend, divisor >> 63, divisor);
            }
        }
    }

    private void divide(ArrowBuf z, int i, long xh, long xl, long yh, long yl) {
        if (Int128.isLong(xh, xl) && Int128.isLong(yh, yl)) {
            long quotient = LongMath.divide(xl, shift, yl);
            if (quotient != LongMath.NO_LONG_QUOTIENT) {
                write(z, i, quotient >> 63, quotient);
                return;
            }
            if (shift >= 0 && shift <= 18) {
                divideLongs(z, i, xl, yl);
                return;
            }
        }
        write(z, i, divide(Int128.toBigInteger(xh, xl), shift, Int128.toBigInteger(yh, yl)));
    }

    /**
     * {@code x * 10^shift / y} for longs x and y: the dividend's magnitude as an exact 128-bit
     * product, divided by the divisor's magnitude in two 128-by-64-bit steps, rounded half away
     * from zero, then signed.
     */
    private void divideLongs(ArrowBuf z, int i, long x, long y) {
        long dividend = Math.abs(x); // unsigned: |Long.MIN_VALUE| is 2^63
        long divisor = Math.abs(y);
        long power = LongMath.POWERS_OF_TEN[shift];
        long productHigh = Int128.unsignedMultiplyHigh(dividend, power);
        long productLow = dividend * power;
        long quotientHigh = Long.divideUnsigned(productHigh, divisor);
        long quotientLow = Int128.divideUnsigned(Long.remainderUnsigned(productHigh, divisor), productLow, divisor,
                remainder);
        if (Long.compareUnsigned(remainder[0], divisor - remainder[0]) >= 0) { // remainder >= divisor / 2
            quotientLow++;
            if (quotientLow == 0) {
                quotientHigh++;
            }
        }
        if (quotientHigh < 0) {
            throw new ArithmeticException("beyond 127 bits");
        }
        if ((x < 0) != (y < 0)) {
            long low = -quotientLow;
            write(z, i, ~quotientHigh + (quotientLow == 0 ? 1 : 0), low);
        } else {
            write(z, i, quotientHigh, quotientLow);
        }
    }

    /** {@code dividend * 10^shift / divisor}, rounded half away from zero. */
    static BigInteger divide(BigInteger dividend, int shift, BigInteger divisor) {
        return new java.math.BigDecimal(dividend).movePointRight(shift)
                .divide(new java.math.BigDecimal(divisor), 0, RoundingMode.HALF_UP).toBigIntegerExact();
    }

    /** {@code value / 10^digits}, rounded half away from zero. */
    private static BigInteger rescaleDown(BigInteger value, int digits) {
        if (digits >= POWERS_OF_TEN.length) {
            return BigInteger.ZERO;
        }
        BigInteger[] quotientAndRemainder = value.divideAndRemainder(POWERS_OF_TEN[digits]);
        BigInteger quotient = quotientAndRemainder[0];
        if (quotientAndRemainder[1].abs().shiftLeft(1).compareTo(POWERS_OF_TEN[digits]) >= 0) {
            quotient = quotient.add(BigInteger.valueOf(value.signum()));
        }
        return quotient;
    }

    private void write(ArrowBuf z, int i, long high, long low) {
        if (resultWide) {
            if (!Int128.fitsDecimal(high, low)) {
                throw new ArithmeticException("beyond 38 digits");
            }
            Int128.set(z, i, high, low);
        } else {
            if (!Int128.isLong(high, low)) {
                throw new ArithmeticException("beyond 64 bits");
            }
            z.setLong((long) i << 3, low);
        }
    }

    private void write(ArrowBuf z, int i, BigInteger value) {
        if (value.bitLength() > 127) {
            throw new ArithmeticException("beyond 38 digits");
        }
        write(z, i, value.shiftRight(64).longValue(), value.longValue());
    }
}
