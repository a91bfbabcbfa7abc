package io.arbalest.executor.operator;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.VectorGather;
import io.arbalest.executor.expr.Kernel;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One output column per kernel over a batch. A column passed through unchanged is moved out of
 * the input batch when the caller allows it (copied when it appears twice, or when the input
 * is projected again afterwards).
 */
final class Projection {
    private final List<Kernel> kernels;
    private final BufferAllocator allocator;

    Projection(List<Kernel> kernels, BufferAllocator allocator) {
        this.kernels = List.copyOf(kernels);
        this.allocator = allocator;
    }

    /** The projected batch; with {@code moveColumns} the input batch gives up the columns it passes through. */
    Batch apply(Batch batch, boolean moveColumns) {
        int rows = batch.rowCount();
        List<FieldVector> outputs = new ArrayList<>();
        // Computed columns first: they may read input columns that pass-through moves out.
        FieldVector[] computed = new FieldVector[kernels.size()];
        try {
            for (int i = 0; i < kernels.size(); i++) {
                if (!kernels.get(i).borrowsInput()) {
                    computed[i] = kernels.get(i).evaluate(batch);
                }
            }
            int[] references = new int[batch.columnCount()];
            for (Kernel kernel : kernels) {
                kernel.inputColumn().ifPresent(c -> references[c]++);
            }
            for (int i = 0; i < kernels.size(); i++) {
                if (computed[i] != null) {
                    outputs.add(computed[i]);
                    computed[i] = null;
                    continue;
                }
                int column = kernels.get(i).inputColumn().orElseThrow();
                if (--references[column] == 0 && moveColumns) {
                    outputs.add(batch.take(column)); // the last reference moves the vector
                } else {
                    outputs.add(VectorGather.gather(batch.vector(column), identity(rows), rows, allocator));
                }
            }
            return new Batch(outputs, rows);
        } catch (RuntimeException | Error e) {
            outputs.forEach(FieldVector::close);
            for (FieldVector vector : computed) {
                if (vector != null) {
                    vector.close();
                }
            }
            throw e;
        }
    }

    private static int[] identity(int rows) {
        return IntStream.range(0, rows).toArray();
    }
}
