package io.arbalest.executor.task;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.operator.Operator;
import io.arbalest.planner.types.RowSchema;

import java.util.Optional;

/** An operator whose batches, rows and time go to its node's {@link OperatorStatistics} (EXPLAIN ANALYZE). */
final class MeasuredOperator implements Operator {
    private final Operator operator;
    private final OperatorStatistics statistics;

    MeasuredOperator(Operator operator, OperatorStatistics statistics) {
        this.operator = operator;
        this.statistics = statistics;
        statistics.taskStarted();
    }

    @Override
    public RowSchema schema() {
        return operator.schema();
    }

    @Override
    public Optional<Batch> next() {
        long start = System.nanoTime();
        Optional<Batch> batch = operator.next();
        long elapsed = System.nanoTime() - start;
        if (batch.isPresent()) {
            statistics.emitted(batch.get().rowCount(), elapsed);
        } else {
            statistics.waited(elapsed);
        }
        return batch;
    }

    @Override
    public void close() {
        operator.close();
    }
}
