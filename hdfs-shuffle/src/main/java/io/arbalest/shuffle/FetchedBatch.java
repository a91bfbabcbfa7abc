package io.arbalest.shuffle;

import org.apache.arrow.vector.FieldVector;

import java.util.List;

/** A batch read from the shuffle; the receiver owns its vectors. */
public record FetchedBatch(List<FieldVector> vectors, int rowCount) implements AutoCloseable {
    public long bytes() {
        return vectors.stream().mapToLong(FieldVector::getBufferSize).sum();
    }

    @Override
    public void close() {
        vectors.forEach(FieldVector::close);
    }
}
