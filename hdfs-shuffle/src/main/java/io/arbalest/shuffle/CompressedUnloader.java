package io.arbalest.shuffle;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes the IPC message of a batch with its buffers compressed, as Arrow's VectorUnloader
 * does, but frees what it made when compressing fails (no memory left to compress into, which
 * is when operators spill): VectorUnloader then leaks the buffers compressed so far and a
 * reference to the batch's own, so that its allocator never closes.
 */
final class CompressedUnloader {
    private CompressedUnloader() {
    }

    /** The message of {@code batch}; it holds its own references, the caller closes it and keeps the batch. */
    static ArrowRecordBatch unload(VectorSchemaRoot batch, CompressionCodec codec) {
        List<ArrowFieldNode> nodes = new ArrayList<>();
        List<ArrowBuf> buffers = new ArrayList<>();
        try {
            for (FieldVector vector : batch.getFieldVectors()) {
                append(vector, codec, nodes, buffers);
            }
            return new ArrowRecordBatch(batch.getRowCount(), nodes, buffers,
                    CompressionUtil.createBodyCompression(codec), true, true);
        } finally {
            buffers.forEach(ArrowBuf::close);
        }
    }

    private static void append(FieldVector vector, CompressionCodec codec, List<ArrowFieldNode> nodes,
            List<ArrowBuf> buffers) {
        nodes.add(new ArrowFieldNode(vector.getValueCount(), vector.getNullCount()));
        for (ArrowBuf buffer : vector.getFieldBuffers()) {
            // The codec closes the reference it is given, once it has compressed the buffer.
            buffer.getReferenceManager().retain();
            try {
                buffers.add(codec.compress(vector.getAllocator(), buffer));
            } catch (RuntimeException | Error e) {
                buffer.getReferenceManager().release();
                throw e;
            }
        }
        for (FieldVector child : vector.getChildrenFromFields()) {
            append(child, codec, nodes, buffers);
        }
    }
}
