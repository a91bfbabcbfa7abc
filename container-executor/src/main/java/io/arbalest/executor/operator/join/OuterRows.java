package io.arbalest.executor.operator.join;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.VectorGather;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;

/** Rows of one side of an outer join without a match: the side's columns, and NULL for the other side's. */
final class OuterRows {
    private OuterRows() {
    }

    /**
     * Rows {@code selected[0, count)} of {@code source} in the join's output {@code schema}, with
     * NULL columns for the other side (after them if {@code sourceIsProbe}, else before them).
     */
    static Batch withNullColumns(Batch source, int[] selected, int count, boolean sourceIsProbe, RowSchema schema,
            BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>();
        try {
            int probeWidth = sourceIsProbe ? source.columnCount() : schema.size() - source.columnCount();
            if (!sourceIsProbe) {
                addNulls(vectors, 0, probeWidth, count, schema, allocator);
            }
            for (int c = 0; c < source.columnCount(); c++) {
                vectors.add(VectorGather.gather(source.vector(c), selected, count, allocator));
            }
            if (sourceIsProbe) {
                addNulls(vectors, probeWidth, schema.size(), count, schema, allocator);
            }
            return new Batch(vectors, count);
        } catch (RuntimeException | Error e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
    }

    private static void addNulls(List<FieldVector> vectors, int from, int to, int count, RowSchema schema,
            BufferAllocator allocator) {
        for (int c = from; c < to; c++) {
            FieldVector vector = Vectors.allocate(schema.column(c).name(), schema.type(c), count, allocator);
            vectors.add(vector); // freshly allocated validity is all zero: every value NULL
        }
    }
}
