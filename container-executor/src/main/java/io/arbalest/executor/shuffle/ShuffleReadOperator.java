package io.arbalest.executor.shuffle;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.operator.Operator;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.types.RowSchema;
import io.arbalest.shuffle.FetchedBatch;
import io.arbalest.shuffle.ShuffleFetchException;
import io.arbalest.shuffle.ShuffleReader;

import java.util.Optional;

/** The batches of one output partition of an input stage, as its shuffle reader fetches them. */
public final class ShuffleReadOperator implements Operator {
    private final RowSchema schema;
    private final ShuffleReader reader;

    public ShuffleReadOperator(RowSchema schema, ShuffleReader reader) {
        this.schema = schema;
        this.reader = reader;
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public Optional<Batch> next() {
        try {
            return reader.next().map(ShuffleReadOperator::toBatch);
        } catch (ShuffleFetchException e) {
            throw new QueryExecutionException(e.getMessage(), e);
        }
    }

    private static Batch toBatch(FetchedBatch fetched) {
        return new Batch(fetched.vectors(), fetched.rowCount());
    }

    @Override
    public void close() {
        reader.close();
    }
}
