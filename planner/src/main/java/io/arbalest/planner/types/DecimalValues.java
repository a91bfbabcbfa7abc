package io.arbalest.planner.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Boxed decimal values in the engine's representation: the unscaled value as a {@link Long} for
 * a decimal of up to 18 digits, as a {@link BigInteger} beyond (see {@link DataType}).
 */
public final class DecimalValues {
    private DecimalValues() {
    }

    /** The exact value of an unscaled value (Long or BigInteger) at {@code scale}. */
    public static BigDecimal toBigDecimal(Object unscaled, int scale) {
        if (unscaled instanceof Long value) {
            return BigDecimal.valueOf(value, scale);
        }
        return new BigDecimal((BigInteger) unscaled, scale);
    }

    /** The unscaled value (Long or BigInteger) as a BigInteger. */
    public static BigInteger unscaled(Object unscaled) {
        return unscaled instanceof Long value ? BigInteger.valueOf(value) : (BigInteger) unscaled;
    }

    /**
     * {@code value} as a value of the decimal {@code type}: rounded half away from zero to its
     * scale, boxed as the type is stored.
     *
     * @throws ArithmeticException when the rounded value has more digits than the type's precision
     */
    public static Object of(BigDecimal value, DataType type) {
        BigDecimal scaled = value.setScale(type.scale(), RoundingMode.HALF_UP);
        if (scaled.precision() > type.precision()) {
            throw new ArithmeticException("it needs more than " + type.precision() + " digits");
        }
        return box(scaled.unscaledValue(), type);
    }

    /** An unscaled value boxed as {@code type} is stored (no check of its digits). */
    public static Object box(BigInteger unscaled, DataType type) {
        return type.isWideDecimal() ? unscaled : (Object) unscaled.longValueExact();
    }
}
