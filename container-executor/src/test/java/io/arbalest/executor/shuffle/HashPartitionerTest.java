package io.arbalest.executor.shuffle;

import io.arbalest.executor.AllocatorExtension;
import io.arbalest.executor.Rows;
import io.arbalest.executor.batch.Batch;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(AllocatorExtension.class)
class HashPartitionerTest {
    private static final RowSchema SCHEMA = Rows.schema(DataType.VARCHAR, DataType.BIGINT, DataType.INT);

    @Test
    void everyRowLandsOnceAndEqualKeysTogether(BufferAllocator allocator) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rows.add(Rows.row(i % 7 == 0 ? null : "k" + (i % 50), i % 3 == 0 ? null : (long) (i % 11), (long) i));
        }
        HashPartitioner partitioner = new HashPartitioner(SCHEMA, List.of(0, 1), 4);
        Map<List<Object>, Integer> partitionOfKey = new HashMap<>();
        List<List<Object>> seen = new ArrayList<>();
        // Two batches: the same key must land in the same partition whichever batch (task) splits it.
        for (List<List<Object>> half : List.of(rows.subList(0, 1500), rows.subList(1500, 3000))) {
            try (Batch batch = Rows.batch(SCHEMA, half, allocator)) {
                partitioner.split(batch, allocator, (part, p) -> {
                    try (part) {
                        assertThat(p).isBetween(0, 3);
                        for (List<Object> row : Rows.of(part, SCHEMA)) {
                            Integer earlier = partitionOfKey.putIfAbsent(row.subList(0, 2), p);
                            assertThat(earlier == null ? p : earlier).as("partition of key " + row.subList(0, 2))
                                    .isEqualTo(p);
                            seen.add(row);
                        }
                    }
                });
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(rows);
        assertThat(partitionOfKey.values()).as("keys spread over every partition").containsOnly(0, 1, 2, 3)
                .contains(0, 1, 2, 3);
    }

    /**
     * The rows of one shuffle partition (what a task holds) spread over every partition of a
     * spill round, and a round's part over every part of the next: else spilling would put all
     * of a task's rows in one file.
     */
    @Test
    void seededPartitionsAreIndependentOfTheShuffleAndOfEachOther(BufferAllocator allocator) {
        RowSchema keys = Rows.schema(DataType.BIGINT);
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < 200_000; i++) {
            rows.add(Rows.row(i));
        }
        List<List<Object>> shuffled = rowsOfPartition(new HashPartitioner(keys, List.of(0), 16), rows, 3, allocator);
        List<List<Object>> firstRound = rowsOfPartition(HashPartitioner.seeded(keys, List.of(0), 16, 1), shuffled, 5,
                allocator);
        assertThat(partitionsHit(HashPartitioner.seeded(keys, List.of(0), 16, 1), shuffled, allocator)).hasSize(16);
        assertThat(partitionsHit(HashPartitioner.seeded(keys, List.of(0), 16, 2), firstRound, allocator)).hasSize(16);
    }

    private static List<List<Object>> rowsOfPartition(HashPartitioner partitioner, List<List<Object>> rows,
            int partition, BufferAllocator allocator) {
        RowSchema schema = Rows.schema(DataType.BIGINT);
        List<List<Object>> kept = new ArrayList<>();
        try (Batch batch = Rows.batch(schema, rows, allocator)) {
            partitioner.split(batch, allocator, (part, p) -> {
                try (part) {
                    if (p == partition) {
                        kept.addAll(Rows.of(part, schema));
                    }
                }
            });
        }
        return kept;
    }

    private static java.util.Set<Integer> partitionsHit(HashPartitioner partitioner, List<List<Object>> rows,
            BufferAllocator allocator) {
        java.util.Set<Integer> hit = new java.util.HashSet<>();
        try (Batch batch = Rows.batch(Rows.schema(DataType.BIGINT), rows, allocator)) {
            partitioner.split(batch, allocator, (part, p) -> {
                part.close();
                hit.add(p);
            });
        }
        return hit;
    }
}
