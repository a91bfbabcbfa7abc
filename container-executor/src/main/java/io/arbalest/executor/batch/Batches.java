package io.arbalest.executor.batch;

import io.arbalest.executor.operator.Operator;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.util.VectorAppender;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Whole-input helpers for operators that must see every row before emitting (join builds, windows). */
public final class Batches {
    private Batches() {
    }

    /** Drains {@code operator} into one batch allocated from {@code allocator}. */
    public static Batch concatenate(Operator operator, BufferAllocator allocator) {
        RowSchema schema = operator.schema();
        List<FieldVector> target = new ArrayList<>();
        int total = 0;
        try {
            for (int c = 0; c < schema.size(); c++) {
                target.add(Vectors.allocate(schema.column(c).name(), schema.type(c), 0, allocator));
            }
            for (Optional<Batch> next = operator.next(); next.isPresent(); next = operator.next()) {
                try (Batch batch = next.get()) {
                    if (batch.rowCount() == 0) {
                        continue;
                    }
                    for (int c = 0; c < schema.size(); c++) {
                        batch.vector(c).accept(new VectorAppender(target.get(c)), null); // appends to target
                    }
                    total += batch.rowCount();
                }
            }
            return new Batch(target, total);
        } catch (RuntimeException | Error e) {
            target.forEach(FieldVector::close);
            throw e;
        }
    }
}
