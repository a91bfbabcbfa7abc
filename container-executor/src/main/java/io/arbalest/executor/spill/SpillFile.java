package io.arbalest.executor.spill;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.types.RowSchema;
import io.arbalest.shuffle.ShuffleCompression;
import io.arbalest.shuffle.ShuffleFiles;
import io.arbalest.shuffle.ShuffleWriter;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rows an operator moved out of memory: batches appended to a zstd-compressed Arrow IPC stream
 * on local disk (the shuffle files' format), read back in order after {@link #finish()}, and
 * removed by {@link #close()} (the operator closes it when it ends, fails or is cancelled).
 */
public final class SpillFile implements AutoCloseable {
    private final SpillSpace space;
    private final Path directory;
    private final RowSchema schema;
    private ShuffleWriter writer;
    private long rows;
    private long bytes;

    private SpillFile(SpillSpace space, Path directory, RowSchema schema, ShuffleWriter writer) {
        this.space = space;
        this.directory = directory;
        this.schema = schema;
        this.writer = writer;
    }

    /** A new spill file in {@code space} for rows of {@code schema}. */
    static SpillFile create(SpillSpace space, RowSchema schema, BufferAllocator allocator) {
        Path spillDirectory = space.directory();
        Path directory;
        try {
            Files.createDirectories(spillDirectory);
            directory = Files.createTempDirectory(spillDirectory, "spill-");
        } catch (IOException e) {
            throw new QueryExecutionException("Cannot create a spill file in " + spillDirectory + " (arbalest.spill.dir): "
                    + e.getMessage() + ". Give a writable directory with room, or --conf arbalest.spill.enabled=false.", e);
        }
        try {
            return new SpillFile(space, directory, schema, new ShuffleWriter(directory, Vectors.arrowSchema(schema, allocator), 1,
                    ShuffleCompression.ZSTD));
        } catch (UncheckedIOException e) {
            ShuffleFiles.deleteRecursively(directory);
            throw new QueryExecutionException("Cannot write a spill file in " + spillDirectory + ": "
                    + e.getCause().getMessage() + ".", e);
        }
    }

    /** Appends a batch; the caller keeps it. */
    public void write(Batch batch) {
        try {
            writer.write(0, new VectorSchemaRoot(batch.vectors().stream().map(FieldVector::getField).toList(),
                    batch.vectors(), batch.rowCount()));
        } catch (UncheckedIOException e) {
            throw new QueryExecutionException("Cannot write spill file " + file() + " (arbalest.spill.dir): "
                    + e.getCause().getMessage() + ".", e);
        }
        rows += batch.rowCount();
    }

    /** Ends the stream: the file can be read now. */
    public void finish() {
        bytes = writer.finish().bytes()[0];
        writer.close();
        writer = null;
        space.written(bytes);
    }

    public long rows() {
        return rows;
    }

    /** The file's size once finished. */
    public long bytes() {
        return bytes;
    }

    /** Reads the batches back, in the order written, into {@code allocator}. */
    public Reader open(BufferAllocator allocator) {
        if (writer != null) {
            throw new IllegalStateException("finish() the spill file before reading it");
        }
        return new Reader(allocator);
    }

    private Path file() {
        return ShuffleFiles.partitionFile(directory, 0);
    }

    /** The file's batches, one at a time; each returned batch belongs to the caller. */
    public final class Reader implements AutoCloseable {
        private final BufferAllocator allocator;
        private final FileChannel channel;
        private final ArrowStreamReader reader;

        private Reader(BufferAllocator allocator) {
            this.allocator = allocator;
            try {
                channel = FileChannel.open(file());
            } catch (IOException e) {
                throw new QueryExecutionException("Cannot read spill file " + file() + ": " + e.getMessage() + ".", e);
            }
            reader = new ArrowStreamReader(channel, allocator, ShuffleCompression.readerFactory());
        }

        public Optional<Batch> next() {
            try {
                if (!reader.loadNextBatch()) {
                    return Optional.empty();
                }
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                List<FieldVector> vectors = new ArrayList<>();
                for (FieldVector vector : root.getFieldVectors()) {
                    org.apache.arrow.vector.util.TransferPair transfer = vector.getTransferPair(allocator);
                    transfer.transfer();
                    vectors.add((FieldVector) transfer.getTo());
                }
                return Optional.of(new Batch(vectors, root.getRowCount()));
            } catch (IOException e) {
                throw new QueryExecutionException("Cannot read spill file " + file() + ": " + e.getMessage() + ".", e);
            }
        }

        @Override
        public void close() {
            try {
                reader.close();
                channel.close();
            } catch (IOException e) {
                // a read-only spill file that fails to close loses nothing; close() of the file removes it
            }
        }
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
        ShuffleFiles.deleteRecursively(directory);
    }
}
