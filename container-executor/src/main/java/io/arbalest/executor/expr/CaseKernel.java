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
        // Per row: the branch whose value it takes (-1: none, NULL) and the row of that branch's result.
        int[] branchOf = new int[rows];
        int[] rowIn = new int[rows];
        Arrays.fill(branchOf, -1);
        FieldVector[] results = new FieldVector[values.size()];
        Batch[] subsets = new Batch[values.size()];
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
                if (count == 0) {
                    continue;
                }
                if (valueMayFail.get(branch) && count < rows) {
                    subsets[branch] = VectorGather.gather(batch, Arrays.copyOf(selected, count), count, allocator);
                    results[branch] = values.get(branch).evaluate(subsets[branch]);
                    for (int j = 0; j < count; j++) {
                        branchOf[selected[j]] = branch;
                        rowIn[selected[j]] = j;
                    }
                } else {
                    results[branch] = values.get(branch).evaluate(batch);
                    for (int j = 0; j < count; j++) {
                        branchOf[selected[j]] = branch;
                        rowIn[selected[j]] = selected[j];
                    }
                }
            }
            if (!VectorGather.gatherFrom(results, branchOf, rowIn, out, rows)) {
                for (int i = 0; i < rows; i++) { // a branch of another representation: row by row
                    ValueAccess.set(out, i, type,
                            branchOf[i] < 0 ? null : ValueAccess.get(results[branchOf[i]], rowIn[i], type));
                }
            }
            out.setValueCount(rows);
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        } finally {
            for (int branch = 0; branch < values.size(); branch++) {
                if (results[branch] != null) {
                    values.get(branch).release(results[branch]);
                }
                if (subsets[branch] != null) {
                    subsets[branch].close();
                }
            }
        }
    }

    @Override
    public DataType type() {
        return type;
    }
}
