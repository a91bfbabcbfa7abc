package io.arbalest.executor.operator;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.expr.Kernel;
import io.arbalest.planner.types.RowSchema;

import java.util.List;
import java.util.Optional;

/** Emits each input batch once per projection (the grouping sets of an aggregate). */
public final class ExpandOperator implements Operator {
    private final Operator input;
    private final List<Projection> projections;
    private final RowSchema schema;
    private Batch current;
    private int nextProjection;

    public ExpandOperator(Operator input, List<List<Kernel>> projections, RowSchema schema, OperatorContext context) {
        this.input = input;
        this.projections = projections.stream().map(kernels -> new Projection(kernels, context.allocator())).toList();
        this.schema = schema;
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public Optional<Batch> next() {
        if (current == null) {
            Optional<Batch> next = input.next();
            if (next.isEmpty()) {
                return next;
            }
            current = next.get();
            nextProjection = 0;
        }
        boolean last = nextProjection == projections.size() - 1;
        Batch output = projections.get(nextProjection++).apply(current, last);
        if (last) {
            current.close();
            current = null;
        }
        return Optional.of(output);
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
        input.close();
    }
}
