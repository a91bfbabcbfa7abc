package io.arbalest.executor.expr;

import io.arbalest.executor.batch.Batch;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;

/**
 * AND, OR and NOT with SQL's three-valued logic (FALSE AND NULL is FALSE, TRUE OR NULL is TRUE),
 * and the IS [NOT] NULL / TRUE / FALSE tests, which never return NULL. Works a byte (8 rows)
 * at a time on the bitmaps.
 */
final class LogicKernel implements Kernel {
    private final Function function;
    private final List<Kernel> operands;
    private final BufferAllocator allocator;

    LogicKernel(Function function, List<Kernel> operands, BufferAllocator allocator) {
        this.function = function;
        this.operands = List.copyOf(operands);
        this.allocator = allocator;
    }

    @Override
    public FieldVector evaluate(Batch batch) {
        int rows = batch.rowCount();
        int bytes = (rows + 7) >>> 3;
        List<FieldVector> inputs = new ArrayList<>();
        BitVector out = new BitVector(function.name(), allocator);
        try {
            for (Kernel operand : operands) {
                inputs.add(operand.evaluate(batch));
            }
            out.allocateNew(rows);
            ArrowBuf validity = out.getValidityBuffer();
            ArrowBuf data = out.getDataBuffer();
            for (int b = 0; b < bytes; b++) {
                int valid;
                int value;
                switch (function) {
                    case AND -> {
                        int anyFalse = 0;
                        int allTrue = 0xFF;
                        for (FieldVector input : inputs) {
                            int v = validityByte(input, b);
                            int d = input.getDataBuffer().getByte(b);
                            anyFalse |= v & ~d;
                            allTrue &= v & d;
                        }
                        valid = anyFalse | allTrue;
                        value = allTrue;
                    }
                    case OR -> {
                        int anyTrue = 0;
                        int allFalse = 0xFF;
                        for (FieldVector input : inputs) {
                            int v = validityByte(input, b);
                            int d = input.getDataBuffer().getByte(b);
                            anyTrue |= v & d;
                            allFalse &= v & ~d;
                        }
                        valid = anyTrue | allFalse;
                        value = anyTrue;
                    }
                    default -> {
                        FieldVector input = inputs.get(0);
                        int v = validityByte(input, b);
                        int d = input.getValidityBuffer() == null ? 0 : dataByte(input, b);
                        valid = 0xFF;
                        value = switch (function) {
                            case NOT -> {
                                valid = v;
                                yield ~d & v;
                            }
                            case IS_NULL -> ~v;
                            case IS_NOT_NULL -> v;
                            case IS_TRUE -> v & d;
                            case IS_FALSE -> v & ~d;
                            case IS_NOT_TRUE -> ~(v & d);
                            case IS_NOT_FALSE -> ~(v & ~d);
                            default -> throw new IllegalStateException(function.name());
                        };
                    }
                }
                validity.setByte(b, valid);
                data.setByte(b, value & valid);
            }
            out.setValueCount(rows);
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        } finally {
            for (int i = 0; i < inputs.size(); i++) {
                operands.get(i).release(inputs.get(i));
            }
        }
    }

    private static int validityByte(FieldVector input, int b) {
        return input.getValidityBuffer().getByte(b) & 0xFF;
    }

    /** The data bits of a BOOLEAN input; for IS [NOT] NULL of other types only validity matters. */
    private static int dataByte(FieldVector input, int b) {
        return input instanceof BitVector ? input.getDataBuffer().getByte(b) & 0xFF : 0;
    }

    @Override
    public DataType type() {
        return DataType.BOOLEAN;
    }
}
