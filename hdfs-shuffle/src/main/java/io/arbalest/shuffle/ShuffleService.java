package io.arbalest.shuffle;

import com.google.protobuf.InvalidProtocolBufferException;
import io.arbalest.proto.scheduler.ShuffleTicket;
import io.grpc.BindableService;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightGrpcUtils;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth.ServerAuthHandler;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.LockSupport;

/**
 * The Flight producer of an executor's shuffle files: {@code DoGet} with a serialized
 * {@link ShuffleTicket} streams that output partition's batches. Waits for the client to be
 * ready before each batch, so a slow reader holds back the server instead of its memory.
 */
public final class ShuffleService extends NoOpFlightProducer {
    private static final long READY_TIMEOUT_MS = 60_000;

    private final ShuffleFiles files;
    private final BufferAllocator allocator;

    public ShuffleService(ShuffleFiles files, BufferAllocator allocator) {
        this.files = files;
        this.allocator = allocator;
    }

    /** The Flight service to add to the executor's gRPC server. */
    public BindableService bindable(ExecutorService executor) {
        return FlightGrpcUtils.createFlightService(allocator, this, ServerAuthHandler.NO_OP, executor);
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        ShuffleTicket shuffle;
        try {
            shuffle = ShuffleTicket.parseFrom(ticket.getBytes());
        } catch (InvalidProtocolBufferException e) {
            listener.error(CallStatus.INVALID_ARGUMENT.withDescription("not a shuffle ticket").toRuntimeException());
            return;
        }
        Path file = files.file(shuffle.getJobId(), shuffle.getStage(), shuffle.getMapPartition(),
                shuffle.getOutputPartition());
        try (FileChannel channel = FileChannel.open(file);
                ArrowStreamReader reader = new ArrowStreamReader(channel, allocator,
                        ShuffleCompression.readerFactory())) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            listener.start(root);
            while (reader.loadNextBatch()) {
                if (!awaitReady(listener)) {
                    listener.error(CallStatus.CANCELLED.withDescription("the reader went away").toRuntimeException());
                    return;
                }
                listener.putNext();
            }
            listener.completed();
        } catch (NoSuchFileException e) {
            listener.error(CallStatus.NOT_FOUND.withDescription("no shuffle output " + file.getFileName() + " of job "
                    + shuffle.getJobId() + " stage " + shuffle.getStage() + " map " + shuffle.getMapPartition())
                    .toRuntimeException());
        } catch (IOException | RuntimeException e) {
            listener.error(CallStatus.INTERNAL.withDescription("reading " + file + ": " + e).withCause(e)
                    .toRuntimeException());
        }
    }

    /** Waits (polling) until the client can take another message; false when it cancelled or never got ready. */
    private static boolean awaitReady(ServerStreamListener listener) {
        long deadline = System.nanoTime() + READY_TIMEOUT_MS * 1_000_000;
        while (!listener.isReady()) {
            if (listener.isCancelled() || System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(100_000);
        }
        return !listener.isCancelled();
    }
}
