package io.arbalest.planner.expr;

import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.DecimalValues;

import java.math.BigInteger;
import java.time.LocalDate;

import static java.util.Objects.requireNonNull;

/**
 * A constant. {@code value} is null for SQL NULL, else in the engine's representation of
 * {@code type}: Boolean; Long for INT, BIGINT, DECIMAL of up to 18 digits (unscaled), DATE (days),
 * TIMESTAMP (microseconds) and intervals (milliseconds or months); BigInteger for a wider DECIMAL
 * (unscaled); Double for REAL and DOUBLE; String for VARCHAR.
 */
public record Literal(Object value, DataType type) implements Expr {
    public Literal {
        requireNonNull(type, "type is null");
        if (value != null && !(value instanceof Boolean || value instanceof Long || value instanceof Double
                || value instanceof String || value instanceof BigInteger && type.isWideDecimal())) {
            throw new IllegalArgumentException("literal value of class " + value.getClass() + " for " + type);
        }
        if (type.isWideDecimal() && value instanceof Long) {
            throw new IllegalArgumentException("a " + type + " literal holds a BigInteger");
        }
    }

    public static Literal nullOf(DataType type) {
        return new Literal(null, type);
    }

    /** Zero of a numeric type, in its representation (0.0, a BigInteger for a wide decimal, else 0L). */
    public static Literal zeroOf(DataType type) {
        Object zero = type.isFloatingPoint() ? (Object) 0.0 : type.isWideDecimal() ? BigInteger.ZERO : (Object) 0L;
        return new Literal(zero, type);
    }

    public boolean isNull() {
        return value == null;
    }

    public long longValue() {
        return (Long) value;
    }

    public double doubleValue() {
        return value instanceof Long l ? l : value instanceof BigInteger wide ? wide.doubleValue() : (Double) value;
    }

    public boolean booleanValue() {
        return (Boolean) value;
    }

    public String stringValue() {
        return (String) value;
    }

    @Override
    public String toString() {
        if (value == null) {
            return "null:" + type;
        }
        return switch (type.kind()) {
            case DECIMAL -> DecimalValues.toBigDecimal(value, type.scale()).toPlainString();
            case DATE -> LocalDate.ofEpochDay(longValue()).toString();
            case VARCHAR -> "'" + value + "'";
            default -> value.toString();
        };
    }
}
