package io.arbalest.shuffle;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes one map task's output: an Arrow IPC stream file per output partition, each holding
 * the schema (also when no row reaches it) and the batches written to it, with compressed
 * buffers. {@link #finish()} ends the streams and reports rows and bytes per partition; a
 * writer closed without finishing deletes its files.
 */
public final class ShuffleWriter implements AutoCloseable {
    private final Path directory;
    private final FileChannel[] files;
    private final WriteChannel[] channels;
    private final long[] rows;
    private final CompressionCodec codec;
    private boolean finished;

    public ShuffleWriter(Path directory, Schema schema, int partitions, ShuffleCompression compression) {
        this.directory = directory;
        this.files = new FileChannel[partitions];
        this.channels = new WriteChannel[partitions];
        this.rows = new long[partitions];
        this.codec = compression.newCodec();
        try {
            ShuffleFiles.deleteRecursively(directory);
            Files.createDirectories(directory);
            for (int p = 0; p < partitions; p++) {
                files[p] = FileChannel.open(ShuffleFiles.partitionFile(directory, p), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                channels[p] = new WriteChannel(files[p]);
                MessageSerializer.serialize(channels[p], schema, IpcOption.DEFAULT);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Could not create shuffle files in " + directory, e);
        }
    }

    /** Appends the rows of {@code batch} to output partition {@code partition}; the caller keeps the batch. */
    public void write(int partition, VectorSchemaRoot batch) {
        if (batch.getRowCount() == 0) {
            return;
        }
        try (ArrowRecordBatch message = CompressedUnloader.unload(batch, codec)) {
            MessageSerializer.serialize(channels[partition], message, IpcOption.DEFAULT);
            rows[partition] += batch.getRowCount();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write shuffle file " + ShuffleFiles.partitionFile(directory,
                    partition), e);
        }
    }

    /** Ends every partition's stream; the files are then complete and may be served. */
    public PartitionSizes finish() {
        long[] bytes = new long[files.length];
        try {
            for (int p = 0; p < files.length; p++) {
                ArrowStreamWriter.writeEndOfStream(channels[p], IpcOption.DEFAULT);
                bytes[p] = files[p].position();
                files[p].close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not finish shuffle files in " + directory, e);
        }
        finished = true;
        return new PartitionSizes(rows.clone(), bytes);
    }

    @Override
    public void close() {
        if (finished) {
            return;
        }
        for (FileChannel file : files) {
            if (file != null) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // the files are deleted next
                }
            }
        }
        ShuffleFiles.deleteRecursively(directory);
        finished = true;
    }
}
