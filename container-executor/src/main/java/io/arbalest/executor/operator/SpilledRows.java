package io.arbalest.executor.operator;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.spill.SpillFile;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;

import java.util.Optional;

/** The rows of a finished spill file as an operator's output; closing it stops reading (the file stays its owner's). */
public final class SpilledRows implements Operator {
    private final RowSchema schema;
    private final SpillFile.Reader reader;

    public SpilledRows(SpillFile file, RowSchema schema, BufferAllocator allocator) {
        this.schema = schema;
        this.reader = file.open(allocator);
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public Optional<Batch> next() {
        return reader.next();
    }

    @Override
    public void close() {
        reader.close();
    }
}
