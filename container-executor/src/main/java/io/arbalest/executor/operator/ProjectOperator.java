package io.arbalest.executor.operator;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.expr.Kernel;
import io.arbalest.planner.types.RowSchema;

import java.util.List;
import java.util.Optional;

/**
 * Computes one column per expression. A column passed through unchanged is moved from the
 * input batch, not copied (copied only when it appears twice).
 */
public final class ProjectOperator implements Operator {
    private final Operator input;
    private final Projection projection;
    private final RowSchema schema;

    public ProjectOperator(Operator input, List<Kernel> expressions, RowSchema schema, OperatorContext context) {
        this.input = input;
        this.projection = new Projection(expressions, context.allocator());
        this.schema = schema;
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
            return Optional.of(projection.apply(batch, true));
        }
    }

    @Override
    public void close() {
        input.close();
    }
}
