package io.arbalest.shuffle;

import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads one output partition of a stage: the pieces every map task wrote, fetched in parallel
 * (at most {@code parallelism} at once) and handed out in arrival order. Fetchers stop while
 * the batches fetched but not yet taken exceed {@code maxBytesInFlight} (one batch is always
 * allowed, so a batch larger than the bound still moves). A piece whose file is on this
 * machine is read from disk instead of over Flight.
 */
public final class ShuffleReader implements AutoCloseable {
    private static final Object END = new Object();

    private final BufferAllocator allocator;
    private final FlightClients clients;
    private final long maxBytesInFlight;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final ExecutorService pool;
    private final List<Future<?>> fetches = new ArrayList<>();
    private final Object budget = new Object();
    private long bytesInFlight;
    private int remaining;
    private volatile boolean closed;

    public ShuffleReader(List<ShuffleSource> sources, BufferAllocator allocator, FlightClients clients,
            long maxBytesInFlight, int parallelism) {
        this.allocator = allocator;
        this.clients = clients;
        this.maxBytesInFlight = maxBytesInFlight;
        this.remaining = sources.size();
        this.pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, sources.size())), r -> {
            Thread thread = new Thread(r, "shuffle-fetch");
            thread.setDaemon(true);
            return thread;
        });
        for (ShuffleSource source : sources) {
            fetches.add(pool.submit(() -> fetch(source)));
        }
        pool.shutdown();
    }

    /** The next batch of any piece, or empty when every piece is read. Throws the first fetch failure. */
    public Optional<FetchedBatch> next() {
        while (remaining > 0) {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ShuffleFetchException("interrupted while reading the shuffle", e);
            }
            if (item == END) {
                remaining--;
            } else if (item instanceof ShuffleFetchException failure) {
                throw failure;
            } else {
                FetchedBatch batch = (FetchedBatch) item;
                release(batch.bytes());
                return Optional.of(batch);
            }
        }
        return Optional.empty();
    }

    private void fetch(ShuffleSource source) {
        try {
            Optional<Path> local = source.localFile().filter(Files::isReadable);
            if (local.isPresent()) {
                readFile(local.get());
            } else {
                readFlight(source);
            }
            queue.add(END);
        } catch (ShuffleFetchException e) {
            queue.add(e);
        } catch (IOException | RuntimeException e) {
            queue.add(new ShuffleFetchException("Could not read shuffle output of " + source + ": " + e.getMessage(),
                    e));
        }
    }

    private void readFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file);
                ArrowStreamReader reader = new ArrowStreamReader(channel, allocator,
                        ShuffleCompression.readerFactory())) {
            while (!closed && reader.loadNextBatch()) {
                offer(reader.getVectorSchemaRoot());
            }
        }
    }

    private void readFlight(ShuffleSource source) {
        try (FlightStream stream = clients.client(source.host(), source.port())
                .getStream(new Ticket(source.ticket().toByteArray()))) {
            while (!closed && stream.next()) {
                offer(stream.getRoot());
            }
        } catch (FlightRuntimeException e) {
            throw new ShuffleFetchException("Could not fetch shuffle output of " + source + ": "
                    + e.status().code() + " " + e.getMessage(), e);
        } catch (Exception e) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ShuffleFetchException("Could not fetch shuffle output of " + source + ": " + e, e);
        }
    }

    /** Moves the root's current batch into vectors of this reader's allocator and queues them. */
    private void offer(VectorSchemaRoot root) {
        if (root.getRowCount() == 0) {
            return;
        }
        List<FieldVector> vectors = new ArrayList<>(root.getFieldVectors().size());
        for (FieldVector vector : root.getFieldVectors()) {
            var transfer = vector.getTransferPair(allocator);
            transfer.transfer();
            vectors.add((FieldVector) transfer.getTo());
        }
        FetchedBatch batch = new FetchedBatch(vectors, root.getRowCount());
        acquire(batch.bytes());
        if (closed) {
            release(batch.bytes());
            batch.close();
            return;
        }
        queue.add(batch);
    }

    private void acquire(long bytes) {
        synchronized (budget) {
            while (!closed && bytesInFlight > 0 && bytesInFlight + bytes > maxBytesInFlight) {
                try {
                    budget.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ShuffleFetchException("interrupted while fetching", e);
                }
            }
            bytesInFlight += bytes;
        }
    }

    private void release(long bytes) {
        synchronized (budget) {
            bytesInFlight -= bytes;
            budget.notifyAll();
        }
    }

    /** Stops the fetches, waits for them and frees every batch not taken. */
    @Override
    public void close() {
        closed = true;
        synchronized (budget) {
            budget.notifyAll();
        }
        for (Future<?> fetch : fetches) {
            fetch.cancel(false);
        }
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Object item;
        while ((item = queue.poll()) != null) {
            if (item instanceof FetchedBatch batch) {
                batch.close();
            }
        }
    }
}
