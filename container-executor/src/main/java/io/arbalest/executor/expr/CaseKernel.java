package io.arbalest.executor.expr;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.VectorGather;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.planner.types.DataType;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

import java.util.Arrays;
import java.util.List;

/**
 * CASE WHEN c1 THEN v1 ... ELSE e END. A branch value that can raise an error (division, cast)
 * is computed only on the rows that take that branch, so
 * {@code CASE WHEN x <> 0 THEN y / x END} never divides by zero.
 */
final class CaseKernel implements Kernel {
    private final List<Kernel> conditions;
    private final List<Kernel> values;
    private final List<Boolean> valueMayFail;
    private final DataType type;
    private final BufferAllocator allocator;

    /** {@code values} has one more element than {@code conditions}: the ELSE value. */
    CaseKernel(List<Kernel> conditions, List<Kernel> values, List<Boolean> valueMayFail, DataType type,
            BufferAllocator allocator) {
        this.conditions = List.copyOf(conditions);
        this.values = List.copyOf(values);
        this.valueMayFail = List.copyOf(valueMayFail);
        this.type = type;
        this.allocator = allocator;
    }

    @Override
    public FieldVector evaluate(Batch batch) {
        int rows = batch.rowCount();
        boolean[] decided = new boolean[rows];
        int[] selected = new int[rows];
        // Values are collected first because variable-width vectors must be written in row order.
        Object[] results = new Object[rows];
        FieldVector out = Vectors.allocate("case", type, rows, allocator);
        try {
            for (int branch = 0; branch < values.size(); branch++) {
                int count = 0;
                if (branch < conditions.size()) {
                    Kernel condition = conditions.get(branch);
                    FieldVector test = condition.evaluate(batch);
                    try {
                        BitVector bits = (BitVector) test;
                        for (int i = 0; i < rows; i++) {
                            if (!decided[i] && !bits.isNull(i) && bits.get(i) == 1) {
                                decided[i] = true;
                                selected[count++] = i;
                            }
                        }
                    } finally {
                        condition.release(test);
                    }
                } else {
                    for (int i = 0; i < rows; i++) {
                        if (!decided[i]) {
                            selected[count++] = i;
                        }
                    }
                }
                if (count > 0) {
                    fill(batch, branch, selected, count, results);
                }
            }
            for (int i = 0; i < rows; i++) {
                ValueAccess.set(out, i, type, results[i]);
            }
            out.setValueCount(rows);
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    private void fill(Batch batch, int branch, int[] selected, int count, Object[] results) {
        Kernel value = values.get(branch);
        if (valueMayFail.get(branch) && count < batch.rowCount()) {
            try (Batch subset = VectorGather.gather(batch, Arrays.copyOf(selected, count), count, allocator)) {
                FieldVector result = value.evaluate(subset);
                try {
                    for (int j = 0; j < count; j++) {
                        results[selected[j]] = ValueAccess.get(result, j, type);
                    }
                } finally {
                    value.release(result);
                }
            }
            return;
        }
        FieldVector result = value.evaluate(batch);
        try {
            for (int j = 0; j < count; j++) {
                int row = selected[j];
                results[row] = ValueAccess.get(result, row, type);
            }
        } finally {
            value.release(result);
        }
    }

    @Override
    public DataType type() {
        return type;
    }
}
