package io.arbalest.planner.types;

/**
 * A SQL value type as the engine sees it. The engine's in-memory representation per kind:
 * BOOLEAN bits, INT 32-bit, BIGINT 64-bit, REAL/DOUBLE IEEE floats, DECIMAL an unscaled value at
 * {@link #scale()}: 64 bits up to 18 digits of precision (arithmetic on primitive longs), 128 bits
 * (Arrow's Decimal128) beyond, DATE days since
 * 1970-01-01, TIMESTAMP microseconds since the epoch (no time zone), VARCHAR UTF-8 bytes.
 * Interval kinds exist only inside expressions: day-time intervals in milliseconds,
 * year-month intervals in months.
 */
public record DataType(Kind kind, int precision, int scale) {
    /** The widest decimal precision a column may declare (Arrow's Decimal128). */
    public static final int MAX_DECIMAL_PRECISION = 38;
    /** The widest decimal precision stored in 64 bits; wider decimals are stored in 128. */
    public static final int MAX_LONG_DECIMAL_PRECISION = 18;

    public enum Kind {
        BOOLEAN, INT, BIGINT, REAL, DOUBLE, DECIMAL, DATE, TIMESTAMP, VARCHAR,
        INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH
    }

    public static final DataType BOOLEAN = new DataType(Kind.BOOLEAN, 0, 0);
    public static final DataType INT = new DataType(Kind.INT, 0, 0);
    public static final DataType BIGINT = new DataType(Kind.BIGINT, 0, 0);
    public static final DataType REAL = new DataType(Kind.REAL, 0, 0);
    public static final DataType DOUBLE = new DataType(Kind.DOUBLE, 0, 0);
    public static final DataType DATE = new DataType(Kind.DATE, 0, 0);
    public static final DataType TIMESTAMP = new DataType(Kind.TIMESTAMP, 0, 0);
    public static final DataType VARCHAR = new DataType(Kind.VARCHAR, 0, 0);
    public static final DataType INTERVAL_DAY_TIME = new DataType(Kind.INTERVAL_DAY_TIME, 0, 0);
    public static final DataType INTERVAL_YEAR_MONTH = new DataType(Kind.INTERVAL_YEAR_MONTH, 0, 0);

    public DataType {
        if (kind == Kind.DECIMAL) {
            if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
                throw new IllegalArgumentException("invalid DECIMAL(" + precision + ", " + scale + ")");
            }
        } else if (precision != 0 || scale != 0) {
            throw new IllegalArgumentException(kind + " has no precision or scale");
        }
    }

    public static DataType decimal(int precision, int scale) {
        return new DataType(Kind.DECIMAL, precision, scale);
    }

    public boolean isNumeric() {
        return switch (kind) {
            case INT, BIGINT, REAL, DOUBLE, DECIMAL -> true;
            default -> false;
        };
    }

    public boolean isIntegral() {
        return kind == Kind.INT || kind == Kind.BIGINT;
    }

    public boolean isFloatingPoint() {
        return kind == Kind.REAL || kind == Kind.DOUBLE;
    }

    /** True when the engine stores values of this type as one 64-bit long. */
    public boolean isLongBacked() {
        return switch (kind) {
            case BIGINT, TIMESTAMP, INTERVAL_DAY_TIME -> true;
            case DECIMAL -> !isWideDecimal();
            default -> false;
        };
    }

    /** True for a DECIMAL of more than 18 digits, stored as a 128-bit unscaled value. */
    public boolean isWideDecimal() {
        return kind == Kind.DECIMAL && precision > MAX_LONG_DECIMAL_PRECISION;
    }

    /**
     * The type of {@code SUM} over this decimal type: 10 more digits of precision (at most 38),
     * the same scale, as in Spark and Hive.
     */
    public DataType decimalSumType() {
        if (kind != Kind.DECIMAL) {
            throw new IllegalStateException(this + " is not a DECIMAL");
        }
        return decimal(Math.min(MAX_DECIMAL_PRECISION, precision + 10), scale);
    }

    /** True when the engine stores values of this type as one 32-bit int. */
    public boolean isIntBacked() {
        return kind == Kind.INT || kind == Kind.DATE || kind == Kind.INTERVAL_YEAR_MONTH;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
            case INTERVAL_DAY_TIME -> "INTERVAL DAY TO SECOND";
            case INTERVAL_YEAR_MONTH -> "INTERVAL YEAR TO MONTH";
            default -> kind.name();
        };
    }
}
