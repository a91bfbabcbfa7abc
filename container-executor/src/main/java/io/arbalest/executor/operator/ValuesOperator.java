package io.arbalest.executor.operator;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.executor.expr.ValueAccess;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Emits constant rows as one batch. */
public final class ValuesOperator implements Operator {
    private final RowSchema schema;
    private final List<List<Literal>> rows;
    private final BufferAllocator allocator;
    private boolean done;

    public ValuesOperator(RowSchema schema, List<List<Literal>> rows, OperatorContext context) {
        this.schema = schema;
        this.rows = rows;
        this.allocator = context.allocator();
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public Optional<Batch> next() {
        if (done || rows.isEmpty()) {
            return Optional.empty();
        }
        done = true;
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (int c = 0; c < schema.size(); c++) {
                FieldVector vector = Vectors.allocate(schema.column(c).name(), schema.type(c), rows.size(), allocator);
                vectors.add(vector);
                for (int r = 0; r < rows.size(); r++) {
                    ValueAccess.set(vector, r, schema.type(c), rows.get(r).get(c).value());
                }
            }
            return Optional.of(new Batch(vectors, rows.size()));
        } catch (RuntimeException | Error e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
    }

    @Override
    public void close() {
    }
}
