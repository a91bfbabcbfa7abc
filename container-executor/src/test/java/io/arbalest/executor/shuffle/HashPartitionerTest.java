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
}
