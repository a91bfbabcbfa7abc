package io.arbalest.executor.operator;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.VectorGather;
import io.arbalest.executor.expr.Kernel;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Computes one column per expression. A column passed through unchanged is moved from the
 * input batch, not copied (copied only when it appears twice).
 */
public final class ProjectOperator implements Operator {
    private final Operator input;
    private final List<Kernel> expressions;
    private final RowSchema schema;
    private final BufferAllocator allocator;

    public ProjectOperator(Operator input, List<Kernel> expressions, RowSchema schema, BufferAllocator allocator) {
        this.input = input;
        this.expressions = List.copyOf(expressions);
        this.schema = schema;
        this.allocator = allocator;
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public Optional<Batch> next() {
        Optional<Batch> next = input.next();
        if (next.isEmpty()) {
            return next;
        }
        try (Batch batch = next.get()) {
            int rows = batch.rowCount();
            List<FieldVector> outputs = new ArrayList<>();
            // Computed columns first: they may read input columns that pass-through moves out.
            FieldVector[] computed = new FieldVector[expressions.size()];
            try {
                for (int i = 0; i < expressions.size(); i++) {
                    if (!expressions.get(i).borrowsInput()) {
                        computed[i] = expressions.get(i).evaluate(batch);
                    }
                }
                int[] references = new int[batch.columnCount()];
                for (Kernel expression : expressions) {
                    expression.inputColumn().ifPresent(c -> references[c]++);
                }
                for (int i = 0; i < expressions.size(); i++) {
                    if (computed[i] != null) {
                        outputs.add(computed[i]);
                        computed[i] = null;
                        continue;
                    }
                    int column = expressions.get(i).inputColumn().orElseThrow();
                    if (--references[column] == 0) {
                        outputs.add(batch.take(column)); // the last reference moves the vector
                    } else {
                        outputs.add(VectorGather.gather(batch.vector(column), identity(rows), rows, allocator));
                    }
                }
                return Optional.of(new Batch(outputs, rows));
            } catch (RuntimeException e) {
                outputs.forEach(FieldVector::close);
                for (FieldVector vector : computed) {
                    if (vector != null) {
                        vector.close();
                    }
                }
                throw e;
            }
        }
    }

    private static int[] identity(int rows) {
        return IntStream.range(0, rows).toArray();
    }

    @Override
    public void close() {
        input.close();
    }
}
