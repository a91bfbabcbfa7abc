package io.arbalest.executor.batch;

import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;

/**
 * A record batch as operators pass it: one vector per column, all with {@link #rowCount()}
 * values. Whoever receives a batch from {@link io.arbalest.executor.operator.Operator#next()}
 * owns it and must close it (or hand it on), which closes its vectors.
 */
public final class Batch implements AutoCloseable {
    private final List<FieldVector> vectors;
    private final int rowCount;

    public Batch(List<FieldVector> vectors, int rowCount) {
        this.vectors = new ArrayList<>(vectors);
        this.rowCount = rowCount;
        for (FieldVector vector : vectors) {
            vector.setValueCount(rowCount);
        }
    }

    public int rowCount() {
        return rowCount;
    }

    public int columnCount() {
        return vectors.size();
    }

    public FieldVector vector(int index) {
        return vectors.get(index);
    }

    public List<FieldVector> vectors() {
        return List.copyOf(vectors);
    }

    /**
     * Takes column {@code index} out of this batch: the caller owns the vector and this batch
     * will not close it. Used by operators that pass columns through without copying.
     */
    public FieldVector take(int index) {
        FieldVector vector = vectors.get(index);
        vectors.set(index, null);
        return vector;
    }

    public long bufferBytes() {
        long bytes = 0;
        for (FieldVector vector : vectors) {
            if (vector != null) {
                bytes += vector.getBufferSize();
            }
        }
        return bytes;
    }

    @Override
    public void close() {
        for (FieldVector vector : vectors) {
            if (vector != null) {
                vector.close();
            }
        }
        vectors.replaceAll(v -> null);
    }
}
