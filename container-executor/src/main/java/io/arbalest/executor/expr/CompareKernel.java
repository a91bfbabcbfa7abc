package io.arbalest.executor.expr;

import io.arbalest.executor.batch.Batch;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * =, <>, <, <=, >, >=, IS [NOT] DISTINCT FROM over two operands of one type. Strings compare
 * as unsigned UTF-8 bytes (code point order). A constant right operand is compared without
 * materialising it. NULL in, NULL out, except for the DISTINCT forms.
 */
final class CompareKernel implements Kernel {
    private final Function function;
    private final Kernel left;
    private final Kernel right;
    private final BufferAllocator allocator;
    private final Storage storage;

    CompareKernel(Function function, Kernel left, Kernel right, BufferAllocator allocator) {
        this.function = function;
        this.left = left;
        this.right = right;
        this.allocator = allocator;
        this.storage = Storage.of(left.type());
    }

    @Override
    public FieldVector evaluate(Batch batch) {
        int rows = batch.rowCount();
        FieldVector a = left.evaluate(batch);
        FieldVector b = null;
        BitVector out = new BitVector("compare", allocator);
        try {
            out.allocateNew(rows);
            b = right.evaluate(batch);
            boolean distinctForm = function == Function.IS_DISTINCT_FROM || function == Function.IS_NOT_DISTINCT_FROM;
            if (distinctForm) {
                compareDistinct(a, b, out, rows);
            } else {
                Bits.andValidity(out, rows, a, b);
                ArrowBuf data = out.getDataBuffer();
                int currentByte = 0;
                for (int i = 0; i < rows; i++) {
                    if (test(compare(a, b, i))) {
                        currentByte |= 1 << (i & 7);
                    }
                    if ((i & 7) == 7) {
                        data.setByte(i >>> 3, currentByte);
                        currentByte = 0;
                    }
                }
                if ((rows & 7) != 0) {
                    data.setByte(rows >>> 3, currentByte);
                }
            }
            out.setValueCount(rows);
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        } finally {
            left.release(a);
            if (b != null) {
                right.release(b);
            }
        }
    }

    private void compareDistinct(FieldVector a, FieldVector b, BitVector out, int rows) {
        boolean wantDistinct = function == Function.IS_DISTINCT_FROM;
        for (int i = 0; i < rows; i++) {
            boolean aNull = a.isNull(i);
            boolean bNull = b.isNull(i);
            boolean distinct = aNull != bNull || !aNull && compare(a, b, i) != 0;
            out.set(i, distinct == wantDistinct ? 1 : 0);
        }
    }

    private boolean test(int comparison) {
        return switch (function) {
            case EQUAL -> comparison == 0;
            case NOT_EQUAL -> comparison != 0;
            case LESS_THAN -> comparison < 0;
            case LESS_THAN_OR_EQUAL -> comparison <= 0;
            case GREATER_THAN -> comparison > 0;
            case GREATER_THAN_OR_EQUAL -> comparison >= 0;
            default -> throw new IllegalStateException(function.name());
        };
    }

    /** Compares row i of a with row i of b; NULL slots compare as whatever they hold (zero). */
    private int compare(FieldVector a, FieldVector b, int i) {
        return switch (storage) {
            case INT32 -> Integer.compare(a.getDataBuffer().getInt((long) i << 2), b.getDataBuffer().getInt((long) i << 2));
            case INT64 -> Long.compare(a.getDataBuffer().getLong((long) i << 3), b.getDataBuffer().getLong((long) i << 3));
            case FLOAT32 -> Float.compare(a.getDataBuffer().getFloat((long) i << 2), b.getDataBuffer().getFloat((long) i << 2));
            case FLOAT64 -> Double.compare(a.getDataBuffer().getDouble((long) i << 3), b.getDataBuffer().getDouble((long) i << 3));
            case BIT -> Integer.compare(((BitVector) a).get(i), ((BitVector) b).get(i));
            case UTF8 -> Utf8.compare(a, i, b, i);
        };
    }

    @Override
    public DataType type() {
        return DataType.BOOLEAN;
    }
}
