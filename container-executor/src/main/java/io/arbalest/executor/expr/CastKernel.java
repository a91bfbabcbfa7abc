package io.arbalest.executor.expr;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.DataType.Kind;
import io.arbalest.planner.types.DecimalValues;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * CAST between every pair of supported types. Numeric casts are exact or fail (a value that
 * does not fit is an error, never a wrapped number); decimal and floating point to integer
 * truncate toward zero, decimal to a smaller scale rounds half away from zero (as Spark); strings
 * parse with the SQL literal syntax.
 */
final class CastKernel implements Kernel {
    private final Kernel input;
    private final DataType type;
    private final BufferAllocator allocator;
    /** Where the values come from, for errors: " of column 'x'", or empty. */
    private final String origin;

    CastKernel(Kernel input, DataType type, BufferAllocator allocator, String origin) {
        this.input = input;
        this.type = type;
        this.allocator = allocator;
        this.origin = origin;
    }

    @Override
    public FieldVector evaluate(Batch batch) {
        int rows = batch.rowCount();
        FieldVector source = input.evaluate(batch);
        FieldVector out = Vectors.allocate("cast", type, rows, allocator);
        try {
            DataType from = input.type();
            if (type.kind() == Kind.DECIMAL && (from.isIntegral() || from.kind() == Kind.DECIMAL && !from.isWideDecimal())) {
                rescaleDecimals(source, out, rows, from, type);
            } else if (from.kind() == Kind.DECIMAL && type.kind() == Kind.DECIMAL) {
                rescaleWideDecimals(source, out, rows, from, type);
            } else {
                for (int i = 0; i < rows; i++) {
                    if (!source.isNull(i)) {
                        castRow(source, i, from, out);
                    }
                }
            }
            out.setValueCount(rows);
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        } finally {
            input.release(source);
        }
    }

    /**
     * A 64-bit decimal, a BIGINT or an INT to a decimal of either width; a value whose rescaling
     * leaves 64 bits goes row by row.
     */
    private void rescaleDecimals(FieldVector source, FieldVector out, int rows, DataType from, DataType to) {
        Bits.andValidity(out, rows, source);
        ArrowBuf in = source.getDataBuffer();
        ArrowBuf data = out.getDataBuffer();
        boolean wide = to.isWideDecimal();
        boolean ints = from.kind() == Kind.INT;
        int fromScale = from.kind() == Kind.DECIMAL ? from.scale() : 0;
        int fromIntegerDigits = from.kind() == Kind.DECIMAL ? from.precision() - from.scale() : ints ? 10 : 19;
        // A type of fewer integer digits than the source's checks each value's digits (a 128-bit type
        // holds every rescaled long, at least 19 digits).
        boolean checkDigits = !wide && to.precision() - to.scale() < fromIntegerDigits;
        long limit = wide ? 0 : LongMath.POWERS_OF_TEN[to.precision()];
        for (int i = 0; i < rows; i++) {
            long offset = (long) i << 3;
            long value;
            try {
                value = LongMath.rescale(ints ? in.getInt((long) i << 2) : in.getLong(offset), fromScale, to.scale());
            } catch (ArithmeticException e) {
                if (!source.isNull(i)) {
                    castRow(source, i, from, out);
                }
                continue;
            }
            if (wide) {
                Int128.set(data, i, value >> 63, value);
            } else {
                data.setLong(offset, value);
            }
            if (checkDigits && (value >= limit || value <= -limit) && !source.isNull(i)) {
                castRow(source, i, from, out); // raises the error naming the value
            }
        }
    }

    /**
     * A 128-bit decimal to a decimal of either width: a value that is a long, and stays one
     * rescaled, as a long (a 128-bit type holds any long); others row by row.
     */
    private void rescaleWideDecimals(FieldVector source, FieldVector out, int rows, DataType from, DataType to) {
        Bits.andValidity(out, rows, source);
        ArrowBuf in = source.getDataBuffer();
        ArrowBuf data = out.getDataBuffer();
        boolean wide = to.isWideDecimal();
        long limit = wide ? Long.MAX_VALUE : LongMath.POWERS_OF_TEN[to.precision()];
        for (int i = 0; i < rows; i++) {
            long high = Int128.high(in, i);
            long low = Int128.low(in, i);
            if (Int128.isLong(high, low)) {
                long value;
                try {
                    value = LongMath.rescale(low, from.scale(), to.scale());
                } catch (ArithmeticException e) {
                    value = Long.MIN_VALUE; // no longer a long: row by row below
                }
                if (value != Long.MIN_VALUE && (wide || value < limit && value > -limit)) {
                    if (wide) {
                        Int128.set(data, i, value >> 63, value);
                    } else {
                        data.setLong((long) i << 3, value);
                    }
                    continue;
                }
            }
            if (!source.isNull(i)) {
                castRow(source, i, from, out);
            }
        }
    }

    private void castRow(FieldVector source, int i, DataType from, FieldVector out) {
        Object value = ValueAccess.get(source, i, from);
        Object converted;
        try {
            converted = convert(value, from, type);
        } catch (ArithmeticException | NumberFormatException | java.time.DateTimeException e) {
            throw new QueryExecutionException("Cannot CAST " + describe(value, from) + origin + " to " + type + ": "
                    + reason(e, type) + ".");
        }
        ValueAccess.set(out, i, type, converted);
    }

    /** Converts one value in the engine representation (see {@link io.arbalest.planner.expr.Literal}). */
    static Object convert(Object value, DataType from, DataType to) {
        if (to.kind() == Kind.VARCHAR) {
            return ValueAccess.format(value, from);
        }
        if (from.kind() == Kind.VARCHAR) {
            return ValueAccess.parse(((String) value).trim(), to);
        }
        if (from.isNumeric() && to.isNumeric()) {
            if (to.isFloatingPoint()) {
                double d = from.kind() == Kind.DECIMAL ? DecimalValues.toBigDecimal(value, from.scale()).doubleValue()
                        : value instanceof Double dv ? dv : ((Long) value).doubleValue();
                return d;
            }
            BigDecimal decimal = from.kind() == Kind.DECIMAL ? DecimalValues.toBigDecimal(value, from.scale())
                    : value instanceof Double d ? BigDecimal.valueOf(d) : BigDecimal.valueOf((Long) value);
            return switch (to.kind()) {
                // Spark and Hive truncate toward zero (PostgreSQL, Trino and DuckDB round).
                case INT -> (long) decimal.setScale(0, RoundingMode.DOWN).intValueExact();
                case BIGINT -> decimal.setScale(0, RoundingMode.DOWN).longValueExact();
                case DECIMAL -> DecimalValues.of(decimal, to);
                default -> throw new IllegalStateException(to.toString());
            };
        }
        if (from.kind() == Kind.DATE && to.kind() == Kind.TIMESTAMP) {
            return (Long) value * 86_400_000_000L;
        }
        if (from.kind() == Kind.TIMESTAMP && to.kind() == Kind.DATE) {
            return Math.floorDiv((Long) value, 86_400_000_000L);
        }
        if (from.kind() == Kind.BOOLEAN && to.isNumeric()) {
            return convert((Boolean) value ? 1L : 0L, DataType.BIGINT, to);
        }
        if (from.isNumeric() && to.kind() == Kind.BOOLEAN) {
            return !(value instanceof Double d ? d == 0 : (Long) value == 0);
        }
        if (from.kind() == to.kind()) {
            return value;
        }
        throw new QueryExecutionException("CAST from " + from + " to " + to + " is not supported.");
    }

    private static String describe(Object value, DataType from) {
        String text = ValueAccess.format(value, from);
        return from.kind() == Kind.VARCHAR ? "'" + text + "'" : text;
    }

    @Override
    public DataType type() {
        return type;
    }

    /** Why a value did not convert, in words (not the Java exception's text). */
    private static String reason(RuntimeException e, DataType type) {
        if (e instanceof NumberFormatException) {
            return type.kind() == DataType.Kind.BOOLEAN ? "it is not a boolean (true, false, t, f, yes, no, y, n, 1, 0)"
                    : "it is not a number";
        }
        if (e instanceof java.time.DateTimeException) {
            return type.kind() == DataType.Kind.DATE ? "it is not a date (write yyyy-MM-dd)"
                    : "it is not a timestamp (write yyyy-MM-dd HH:mm:ss[.ffffff])";
        }
        return "the value does not fit " + type;
    }
}
