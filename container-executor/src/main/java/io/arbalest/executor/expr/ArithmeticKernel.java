package io.arbalest.executor.expr;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.DataType.Kind;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

import java.math.BigInteger;

/**
 * +, -, *, /, % over two operands of one storage. Integer and decimal results are exact or an
 * error (overflow, division by zero), never a wrapped number. Decimal operands arrive at the
 * scales the planner chose: the result scale for + - %, their own scales for * and / (the kernel
 * rescales the product or the dividend). A decimal computation with a 128-bit operand or result
 * runs in {@link WideDecimalArithmetic}; one of 64-bit decimals stays on longs.
 */
final class ArithmeticKernel implements Kernel {
    private final Function function;
    private final Kernel left;
    private final Kernel right;
    private final DataType type;
    private final BufferAllocator allocator;
    /**
     * For decimal division: the power of ten the dividend is scaled by (negative: divided by);
     * for decimal multiplication: the power of ten the product is scaled by (at most 0).
     */
    private final int shift;
    private final boolean wideDecimals;

    ArithmeticKernel(Function function, Kernel left, Kernel right, DataType type, BufferAllocator allocator) {
        this.function = function;
        this.left = left;
        this.right = right;
        this.type = type;
        this.allocator = allocator;
        this.shift = type.kind() != Kind.DECIMAL ? 0
                : function == Function.DIVIDE ? type.scale() - left.type().scale() + right.type().scale()
                : function == Function.MULTIPLY ? type.scale() - left.type().scale() - right.type().scale() : 0;
        this.wideDecimals = type.isWideDecimal() || left.type().isWideDecimal() || right.type().isWideDecimal();
        if (function == Function.MULTIPLY && shift > 0) {
            throw new IllegalArgumentException("a product's scale is at most its operands' scales' sum");
        }
    }

    @Override
    public FieldVector evaluate(Batch batch) {
        FieldVector a = left.evaluate(batch);
        FieldVector b = null;
        try {
            b = right.evaluate(batch);
            int rows = batch.rowCount();
            FieldVector out = Vectors.allocate(function.name(), type, rows, allocator);
            try {
                Bits.andValidity(out, rows, a, b);
                if (wideDecimals) {
                    try {
                        new WideDecimalArithmetic(function, shift, left.type().isWideDecimal(),
                                right.type().isWideDecimal(), type.isWideDecimal()).compute(a, b, out, rows);
                    } catch (ArithmeticException e) {
                        throw overflow();
                    }
                    out.setValueCount(rows);
                    return out;
                }
                switch (Storage.of(type)) {
                    case INT64 -> longs(a, b, out, rows);
                    case INT32 -> ints(a, b, out, rows);
                    case FLOAT64 -> doubles(a, b, out, rows);
                    case FLOAT32 -> floats(a, b, out, rows);
                    default -> throw new IllegalStateException("arithmetic on " + type);
                }
                out.setValueCount(rows);
                return out;
            } catch (RuntimeException | Error e) {
                out.close();
                throw e;
            }
        } finally {
            left.release(a);
            if (b != null) {
                right.release(b);
            }
        }
    }

    private void longs(FieldVector a, FieldVector b, FieldVector out, int rows) {
        ArrowBuf x = a.getDataBuffer();
        ArrowBuf y = b.getDataBuffer();
        ArrowBuf z = out.getDataBuffer();
        ArrowBuf valid = out.getValidityBuffer();
        boolean checkNulls = !Bits.noNulls(out, rows);
        try {
            switch (function) {
                case ADD -> {
                    for (int i = 0; i < rows; i++) {
                        long offset = (long) i << 3;
                        z.setLong(offset, Math.addExact(x.getLong(offset), y.getLong(offset)));
                    }
                }
                case SUBTRACT -> {
                    for (int i = 0; i < rows; i++) {
                        long offset = (long) i << 3;
                        z.setLong(offset, Math.subtractExact(x.getLong(offset), y.getLong(offset)));
                    }
                }
                case MULTIPLY -> {
                    for (int i = 0; i < rows; i++) {
                        long offset = (long) i << 3;
                        long product = Math.multiplyExact(x.getLong(offset), y.getLong(offset));
                        z.setLong(offset, shift == 0 ? product : LongMath.rescale(product, -shift, 0));
                    }
                }
                case DIVIDE, MODULO -> {
                    for (int i = 0; i < rows; i++) {
                        if (checkNulls && !Bits.isValid(valid, i)) {
                            continue;
                        }
                        long offset = (long) i << 3;
                        long divisor = y.getLong(offset);
                        if (divisor == 0) {
                            throw divisionByZero();
                        }
                        z.setLong(offset, function == Function.MODULO ? x.getLong(offset) % divisor
                                : type.kind() == Kind.DECIMAL ? decimalDivide(x.getLong(offset), divisor)
                                : x.getLong(offset) / divisor);
                    }
                }
                default -> throw new IllegalStateException(function.name());
            }
        } catch (ArithmeticException e) {
            throw overflow();
        }
    }

    private long decimalDivide(long dividend, long divisor) {
        long quotient = LongMath.divide(dividend, shift, divisor);
        return quotient != LongMath.NO_LONG_QUOTIENT ? quotient : WideDecimalArithmetic
                .divide(BigInteger.valueOf(dividend), shift, BigInteger.valueOf(divisor)).longValueExact();
    }

    private void ints(FieldVector a, FieldVector b, FieldVector out, int rows) {
        ArrowBuf x = a.getDataBuffer();
        ArrowBuf y = b.getDataBuffer();
        ArrowBuf z = out.getDataBuffer();
        ArrowBuf valid = out.getValidityBuffer();
        boolean checkNulls = !Bits.noNulls(out, rows);
        try {
            for (int i = 0; i < rows; i++) {
                long offset = (long) i << 2;
                int p = x.getInt(offset);
                int q = y.getInt(offset);
                int result = switch (function) {
                    case ADD -> Math.addExact(p, q);
                    case SUBTRACT -> Math.subtractExact(p, q);
                    case MULTIPLY -> Math.multiplyExact(p, q);
                    case DIVIDE, MODULO -> {
                        if (checkNulls && !Bits.isValid(valid, i)) {
                            yield 0;
                        }
                        if (q == 0) {
                            throw divisionByZero();
                        }
                        yield function == Function.DIVIDE ? p / q : p % q;
                    }
                    default -> throw new IllegalStateException(function.name());
                };
                z.setInt(offset, result);
            }
        } catch (ArithmeticException e) {
            throw overflow();
        }
    }

    private void doubles(FieldVector a, FieldVector b, FieldVector out, int rows) {
        ArrowBuf x = a.getDataBuffer();
        ArrowBuf y = b.getDataBuffer();
        ArrowBuf z = out.getDataBuffer();
        ArrowBuf valid = out.getValidityBuffer();
        boolean checkNulls = !Bits.noNulls(out, rows);
        for (int i = 0; i < rows; i++) {
            long offset = (long) i << 3;
            double p = x.getDouble(offset);
            double q = y.getDouble(offset);
            z.setDouble(offset, switch (function) {
                case ADD -> p + q;
                case SUBTRACT -> p - q;
                case MULTIPLY -> p * q;
                case DIVIDE, MODULO -> {
                    if (q == 0 && (!checkNulls || Bits.isValid(valid, i))) {
                        throw divisionByZero();
                    }
                    yield function == Function.DIVIDE ? p / q : p % q;
                }
                default -> throw new IllegalStateException(function.name());
            });
        }
    }

    private void floats(FieldVector a, FieldVector b, FieldVector out, int rows) {
        ArrowBuf x = a.getDataBuffer();
        ArrowBuf y = b.getDataBuffer();
        ArrowBuf z = out.getDataBuffer();
        ArrowBuf valid = out.getValidityBuffer();
        boolean checkNulls = !Bits.noNulls(out, rows);
        for (int i = 0; i < rows; i++) {
            long offset = (long) i << 2;
            float p = x.getFloat(offset);
            float q = y.getFloat(offset);
            z.setFloat(offset, switch (function) {
                case ADD -> p + q;
                case SUBTRACT -> p - q;
                case MULTIPLY -> p * q;
                case DIVIDE, MODULO -> {
                    if (q == 0 && (!checkNulls || Bits.isValid(valid, i))) {
                        throw divisionByZero();
                    }
                    yield function == Function.DIVIDE ? p / q : p % q;
                }
                default -> throw new IllegalStateException(function.name());
            });
        }
    }

    private QueryExecutionException overflow() {
        return overflow(function, type);
    }

    static QueryExecutionException overflow(Function function, DataType type) {
        return new QueryExecutionException("Numeric overflow: " + function + " produced a value outside the range of "
                + type + ". CAST the operands to DOUBLE to compute approximately.");
    }

    static QueryExecutionException divisionByZero() {
        return new QueryExecutionException("Division by zero. Guard the divisor, for example with "
                + "NULLIF(divisor, 0), to get NULL instead.");
    }

    @Override
    public DataType type() {
        return type;
    }
}
