package io.arbalest.executor.expr;

import io.arbalest.executor.batch.Batch;
import io.arbalest.planner.types.DataType;
import org.apache.arrow.vector.FieldVector;

/** A column of the input batch, lent without copying. */
final class ColumnKernel implements Kernel {
    private final int index;
    private final DataType type;

    ColumnKernel(int index, DataType type) {
        this.index = index;
        this.type = type;
    }

    int index() {
        return index;
    }

    @Override
    public FieldVector evaluate(Batch batch) {
        return batch.vector(index);
    }

    @Override
    public DataType type() {
        return type;
    }

    @Override
    public java.util.OptionalInt inputColumn() {
        return java.util.OptionalInt.of(index);
    }

    @Override
    public boolean borrowsInput() {
        return true;
    }
}
