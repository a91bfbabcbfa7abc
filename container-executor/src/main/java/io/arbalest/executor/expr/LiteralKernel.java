package io.arbalest.executor.expr;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.DataType;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

import java.nio.charset.StandardCharsets;

/** A constant, repeated for every row of the batch. */
public final class LiteralKernel implements Kernel {
    private final Literal literal;
    private final BufferAllocator allocator;
    private final byte[] utf8;

    LiteralKernel(Literal literal, BufferAllocator allocator) {
        this.literal = literal;
        this.allocator = allocator;
        this.utf8 = literal.value() instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
    }

    Literal literal() {
        return literal;
    }

    /** A vector of {@code rows} copies of {@code literal} (NULLs for a NULL), in {@code allocator}. */
    public static FieldVector constant(Literal literal, int rows, BufferAllocator allocator) {
        return new LiteralKernel(literal, allocator).fill(rows);
    }

    @Override
    public FieldVector evaluate(Batch batch) {
        return fill(batch.rowCount());
    }

    FieldVector fill(int rows) {
        DataType type = literal.type();
        FieldVector vector = Vectors.allocate("literal", type, rows, allocator);
        try {
            if (literal.isNull()) {
                vector.setValueCount(rows); // allocation leaves every value NULL
                return vector;
            }
            switch (Storage.of(type)) {
                case BIT -> {
                    BitVector bits = (BitVector) vector;
                    int value = literal.booleanValue() ? 1 : 0;
                    for (int i = 0; i < rows; i++) {
                        bits.set(i, value);
                    }
                }
                case INT32 -> {
                    int value = (int) literal.longValue();
                    for (int i = 0; i < rows; i++) {
                        vector.getDataBuffer().setInt((long) i << 2, value);
                    }
                    Bits.setAllValid(vector, rows);
                }
                case INT64 -> {
                    long value = literal.longValue();
                    for (int i = 0; i < rows; i++) {
                        vector.getDataBuffer().setLong((long) i << 3, value);
                    }
                    Bits.setAllValid(vector, rows);
                }
                case FLOAT32 -> {
                    float value = (float) literal.doubleValue();
                    for (int i = 0; i < rows; i++) {
                        vector.getDataBuffer().setFloat((long) i << 2, value);
                    }
                    Bits.setAllValid(vector, rows);
                }
                case FLOAT64 -> {
                    double value = literal.doubleValue();
                    for (int i = 0; i < rows; i++) {
                        vector.getDataBuffer().setDouble((long) i << 3, value);
                    }
                    Bits.setAllValid(vector, rows);
                }
                case INT128 -> {
                    java.math.BigInteger value = (java.math.BigInteger) literal.value();
                    long high = value.shiftRight(64).longValue();
                    long low = value.longValue();
                    for (int i = 0; i < rows; i++) {
                        Int128.set(vector.getDataBuffer(), i, high, low);
                    }
                    Bits.setAllValid(vector, rows);
                }
                case UTF8 -> {
                    VarCharVector strings = (VarCharVector) vector;
                    for (int i = 0; i < rows; i++) {
                        strings.setSafe(i, utf8);
                    }
                }
            }
            vector.setValueCount(rows);
            return vector;
        } catch (RuntimeException | Error e) {
            vector.close();
            throw e;
        }
    }

    @Override
    public DataType type() {
        return literal.type();
    }
}
