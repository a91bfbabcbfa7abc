package io.arbalest.shuffle;

import io.arbalest.proto.scheduler.ShuffleTicket;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Writes shuffle files, serves them from a real gRPC server and reads them back over Flight and from disk. */
class ShuffleRoundTripTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

    @TempDir
    Path dir;
    private BufferAllocator root;
    private ExecutorService executor;
    private Server server;
    private FlightClients clients;
    private ShuffleFiles files;

    @BeforeEach
    void start() throws IOException {
        root = new RootAllocator();
        files = new ShuffleFiles(dir.resolve("shuffle"));
        executor = Executors.newCachedThreadPool();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new ShuffleService(files, root.newChildAllocator("server", 0, Long.MAX_VALUE))
                        .bindable(executor))
                .build().start();
        clients = new FlightClients(root.newChildAllocator("clients", 0, Long.MAX_VALUE));
    }

    @AfterEach
    void stop() throws InterruptedException {
        clients.close();
        server.shutdownNow().awaitTermination();
        executor.shutdownNow();
        root.getChildAllocators().forEach(BufferAllocator::close);
        assertThat(root.getAllocatedMemory()).isZero();
        root.close();
    }

    @ParameterizedTest
    @EnumSource(ShuffleCompression.class)
    void everyRowComesBackOverFlightAndFromDisk(ShuffleCompression compression) {
        int maps = 3;
        int partitions = 2;
        for (int map = 0; map < maps; map++) {
            write(map, partitions, compression, 5_000);
        }
        for (int partition = 0; partition < partitions; partition++) {
            List<Long> expected = new ArrayList<>();
            for (int map = 0; map < maps; map++) {
                for (long i = 0; i < 5_000; i++) {
                    if (i % partitions == partition) {
                        expected.add(map * 1_000_000L + i);
                    }
                }
            }
            assertThat(read(sources(maps, partition, false), 1 << 20)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(read(sources(maps, partition, true), 1 << 20)).containsExactlyInAnyOrderElementsOf(expected);
            // A bound smaller than one batch still makes progress.
            assertThat(read(sources(maps, partition, false), 1)).containsExactlyInAnyOrderElementsOf(expected);
        }
        files.removeJob("job-1");
        assertThat(files.isEmpty()).isTrue();
    }

    @Test
    void aMissingPieceFailsTheRead() {
        write(0, 1, ShuffleCompression.ZSTD, 10);
        List<ShuffleSource> sources = new ArrayList<>(sources(1, 0, false));
        sources.add(new ShuffleSource("127.0.0.1", server.getPort(), Optional.empty(),
                ShuffleTicket.newBuilder().setJobId("job-1").setStage(1).setMapPartition(7).build()));
        assertThatThrownBy(() -> read(sources, 1 << 20)).isInstanceOf(ShuffleFetchException.class)
                .hasMessageContaining("map 7").hasMessageContaining("NOT_FOUND");
    }

    @Test
    void aWriterClosedUnfinishedLeavesNoFiles() {
        Path mapDirectory = files.mapDirectory("job-2", 1, 0);
        try (BufferAllocator allocator = root.newChildAllocator("w", 0, Long.MAX_VALUE);
                VectorSchemaRoot batch = batch(allocator, 0, 10);
                ShuffleWriter writer = new ShuffleWriter(mapDirectory, SCHEMA, 2, ShuffleCompression.LZ4)) {
            writer.write(0, batch);
        }
        assertThat(Files.exists(mapDirectory)).isFalse();
    }

    /** Spills write when memory is short: a batch that cannot be compressed for want of memory leaks nothing. */
    @ParameterizedTest
    @EnumSource(value = ShuffleCompression.class, names = {"LZ4", "ZSTD"})
    void aWriteWithoutMemoryToCompressIntoFreesWhatItMade(ShuffleCompression compression) {
        BufferAllocator allocator = root.newChildAllocator("map", 0, Long.MAX_VALUE);
        try (ShuffleWriter writer = new ShuffleWriter(files.mapDirectory("job-1", 1, 0), SCHEMA, 1, compression)) {
            try (VectorSchemaRoot batch = batch(allocator, 0, 3000)) {
                // Room for the first buffer's compressed copy only.
                allocator.setLimit(allocator.getAllocatedMemory() + 4096);
                assertThatThrownBy(() -> writer.write(0, batch))
                        .isInstanceOf(org.apache.arrow.memory.OutOfMemoryException.class);
            }
        }
        assertThat(allocator.getAllocatedMemory()).as("bytes left once the batch is closed").isZero();
        allocator.close();
    }

    private void write(int map, int partitions, ShuffleCompression compression, int rows) {
        try (BufferAllocator allocator = root.newChildAllocator("map", 0, Long.MAX_VALUE);
                ShuffleWriter writer = new ShuffleWriter(files.mapDirectory("job-1", 1, map), SCHEMA, partitions,
                        compression)) {
            for (int start = 0; start < rows; start += 1000) {
                for (int p = 0; p < partitions; p++) {
                    try (VectorSchemaRoot batch = batch(allocator, map * 1_000_000L, start, Math.min(rows, start + 1000),
                            partitions, p)) {
                        writer.write(p, batch);
                    }
                }
            }
            PartitionSizes sizes = writer.finish();
            assertThat(sizes.rows()).hasSize(partitions);
            assertThat(sizes.bytes()[0]).isPositive();
        }
    }

    private List<ShuffleSource> sources(int maps, int partition, boolean local) {
        List<ShuffleSource> sources = new ArrayList<>();
        for (int map = 0; map < maps; map++) {
            ShuffleTicket ticket = ShuffleTicket.newBuilder().setJobId("job-1").setStage(1).setMapPartition(map)
                    .setOutputPartition(partition).build();
            sources.add(new ShuffleSource("127.0.0.1", server.getPort(),
                    local ? Optional.of(files.file("job-1", 1, map, partition)) : Optional.empty(), ticket));
        }
        return sources;
    }

    private List<Long> read(List<ShuffleSource> sources, long maxBytesInFlight) {
        List<Long> ids = new ArrayList<>();
        try (BufferAllocator allocator = root.newChildAllocator("reader", 0, Long.MAX_VALUE);
                ShuffleReader reader = new ShuffleReader(sources, allocator, clients, maxBytesInFlight, 2)) {
            Optional<FetchedBatch> next;
            while ((next = reader.next()).isPresent()) {
                try (FetchedBatch batch = next.get()) {
                    BigIntVector id = (BigIntVector) batch.vectors().get(0);
                    VarCharVector name = (VarCharVector) batch.vectors().get(1);
                    for (int i = 0; i < batch.rowCount(); i++) {
                        assertThat(new String(name.get(i), StandardCharsets.UTF_8)).isEqualTo("row " + id.get(i));
                        ids.add(id.get(i));
                    }
                }
            }
        }
        return ids;
    }

    private static VectorSchemaRoot batch(BufferAllocator allocator, long base, int rows) {
        return batch(allocator, base, 0, rows, 1, 0);
    }

    /** Rows start..end-1 whose number modulo partitions is partition. */
    private static VectorSchemaRoot batch(BufferAllocator allocator, long base, int start, int end, int partitions,
            int partition) {
        VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector id = (BigIntVector) batch.getVector(0);
        VarCharVector name = (VarCharVector) batch.getVector(1);
        int row = 0;
        for (int i = start; i < end; i++) {
            if (i % partitions == partition) {
                id.setSafe(row, base + i);
                name.setSafe(row, ("row " + (base + i)).getBytes(StandardCharsets.UTF_8));
                row++;
            }
        }
        batch.setRowCount(row);
        return batch;
    }
}
