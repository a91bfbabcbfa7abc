package io.arbalest.executor.batch;

import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.util.VectorAppender;

import java.util.ArrayList;
import java.util.List;

/**
 * Batches held until their input ends (a join build side, a window's input), with the bytes
 * they hold, and then made one batch. The batches belong to this buffer until then.
 */
public final class BufferedBatches implements AutoCloseable {
    private final RowSchema schema;
    private final List<Batch> batches = new ArrayList<>();
    private long rows;
    private long bytes;

    public BufferedBatches(RowSchema schema) {
        this.schema = schema;
    }

    /** Holds {@code batch} (now this buffer's). */
    public void add(Batch batch) {
        if (batch.rowCount() == 0) {
            batch.close();
            return;
        }
        batches.add(batch);
        rows += batch.rowCount();
        bytes += batch.bufferBytes();
    }

    public long rows() {
        return rows;
    }

    /** The bytes of the buffers held. */
    public long bytes() {
        return bytes;
    }

    /** The batches held, in order; still this buffer's. */
    public List<Batch> batches() {
        return batches;
    }

    /**
     * All rows held as one batch from {@code allocator}, which the caller owns; the buffer is
     * empty afterwards. The target is sized once (no doubling), so the copy needs the held
     * bytes once more, and each batch is freed as soon as it is copied.
     */
    public Batch concatenate(BufferAllocator allocator) {
        if (rows > Integer.MAX_VALUE) {
            throw new IllegalStateException("a batch holds at most " + Integer.MAX_VALUE + " rows, not " + rows);
        }
        int total = (int) rows;
        List<FieldVector> target = new ArrayList<>();
        try {
            for (int c = 0; c < schema.size(); c++) {
                FieldVector vector = Vectors.create(schema.column(c).name(), schema.type(c), allocator);
                target.add(vector);
                if (vector instanceof VarCharVector varChar) {
                    varChar.allocateNew(Math.max(1, dataBytes(c)), Math.max(1, total));
                } else {
                    vector.setInitialCapacity(Math.max(1, total));
                    vector.allocateNew();
                }
            }
            for (java.util.Iterator<Batch> each = batches.iterator(); each.hasNext(); ) {
                try (Batch batch = each.next()) {
                    for (int c = 0; c < schema.size(); c++) {
                        batch.vector(c).accept(new VectorAppender(target.get(c)), null); // appends to target
                    }
                }
                each.remove();
            }
            Batch result = new Batch(target, total);
            target = null;
            return result;
        } finally {
            if (target != null) {
                target.forEach(FieldVector::close);
            }
            close();
        }
    }

    /** Hands each batch held to {@code sink}, in order, freeing each once the sink returns; the buffer is empty afterwards. */
    public void drain(java.util.function.Consumer<Batch> sink) {
        try {
            for (java.util.Iterator<Batch> each = batches.iterator(); each.hasNext(); ) {
                try (Batch batch = each.next()) {
                    each.remove();
                    sink.accept(batch);
                }
            }
        } finally {
            close();
        }
    }

    /** The one batch held, which the caller owns; the buffer is empty afterwards. */
    public Batch takeOnly() {
        if (batches.size() != 1) {
            throw new IllegalStateException("holds " + batches.size() + " batches, not one");
        }
        Batch only = batches.remove(0);
        rows = 0;
        bytes = 0;
        return only;
    }

    private long dataBytes(int column) {
        long sum = 0;
        for (Batch batch : batches) {
            VarCharVector vector = (VarCharVector) batch.vector(column);
            int count = batch.rowCount();
            sum += vector.getOffsetBuffer().getInt((long) count * VarCharVector.OFFSET_WIDTH)
                    - vector.getOffsetBuffer().getInt(0);
        }
        return sum;
    }

    /** Frees the batches held. */
    @Override
    public void close() {
        batches.forEach(Batch::close);
        batches.clear();
        rows = 0;
        bytes = 0;
    }
}
