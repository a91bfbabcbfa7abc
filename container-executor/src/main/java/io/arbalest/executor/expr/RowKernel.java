package io.arbalest.executor.expr;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.planner.types.DataType;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;

/**
 * A function computed one row at a time over boxed values: for the string, date and rounding
 * functions that are not on the hot path of a scan or an aggregation. NULL in any argument
 * gives NULL unless {@code nullSafe}, in which case the function sees the nulls.
 */
final class RowKernel implements Kernel {
    /** One row's computation over the engine representation of values. */
    @FunctionalInterface
    interface RowFunction {
        Object apply(Object[] arguments);
    }

    private final String name;
    private final List<Kernel> arguments;
    private final DataType type;
    private final boolean nullSafe;
    private final RowFunction function;
    private final BufferAllocator allocator;

    RowKernel(String name, List<Kernel> arguments, DataType type, boolean nullSafe, RowFunction function,
            BufferAllocator allocator) {
        this.name = name;
        this.arguments = List.copyOf(arguments);
        this.type = type;
        this.nullSafe = nullSafe;
        this.function = function;
        this.allocator = allocator;
    }

    @Override
    public FieldVector evaluate(Batch batch) {
        int rows = batch.rowCount();
        List<FieldVector> inputs = new ArrayList<>();
        FieldVector out = Vectors.allocate(name, type, rows, allocator);
        try {
            for (Kernel argument : arguments) {
                inputs.add(argument.evaluate(batch));
            }
            Object[] values = new Object[inputs.size()];
            for (int i = 0; i < rows; i++) {
                boolean anyNull = false;
                for (int a = 0; a < values.length; a++) {
                    values[a] = ValueAccess.get(inputs.get(a), i, arguments.get(a).type());
                    anyNull |= values[a] == null;
                }
                ValueAccess.set(out, i, type, anyNull && !nullSafe ? null : function.apply(values));
            }
            out.setValueCount(rows);
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        } finally {
            for (int a = 0; a < inputs.size(); a++) {
                arguments.get(a).release(inputs.get(a));
            }
        }
    }

    @Override
    public DataType type() {
        return type;
    }
}
