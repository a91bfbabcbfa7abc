package io.arbalest.executor.shuffle;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Keys;
import io.arbalest.executor.batch.VectorGather;
import io.arbalest.executor.expr.Storage;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

import java.util.List;
import java.util.function.ObjIntConsumer;

/**
 * Splits batches by a hash of key columns into {@code count} partitions: rows with equal keys
 * (NULLs equal to each other) always land in the same partition, whichever task splits them.
 */
public final class HashPartitioner {
    private final int[] keys;
    private final Storage[] storages;
    private final int count;
    private long[] hashes = new long[0];
    private int[] partitions = new int[0];
    private int[][] rows;
    private int[] sizes;

    public HashPartitioner(RowSchema schema, List<Integer> keys, int count) {
        if (keys.isEmpty() || count < 1) {
            throw new IllegalArgumentException("hash partitioning needs keys and at least one partition");
        }
        this.keys = keys.stream().mapToInt(Integer::intValue).toArray();
        this.storages = keys.stream().map(k -> Storage.of(schema.type(k))).toArray(Storage[]::new);
        this.count = count;
        this.rows = new int[count][];
        this.sizes = new int[count];
    }

    /** The partition of each row of {@code batch}, into {@code partitions}. */
    public void partitionOf(Batch batch, int[] partitions) {
        int n = batch.rowCount();
        if (hashes.length < n) {
            hashes = new long[n];
        }
        FieldVector[] vectors = new FieldVector[keys.length];
        for (int k = 0; k < keys.length; k++) {
            vectors[k] = batch.vector(keys[k]);
        }
        Keys.hash(vectors, storages, n, hashes);
        for (int i = 0; i < n; i++) {
            partitions[i] = (int) Long.remainderUnsigned(hashes[i], count);
        }
    }

    /**
     * Hands {@code sink} one new batch per partition that received rows (the sink owns it),
     * with the partition's number; {@code batch} stays the caller's.
     */
    public void split(Batch batch, BufferAllocator allocator, ObjIntConsumer<Batch> sink) {
        int n = batch.rowCount();
        if (partitions.length < n) {
            partitions = new int[n];
        }
        partitionOf(batch, partitions);
        java.util.Arrays.fill(sizes, 0);
        for (int p = 0; p < count; p++) {
            if (rows[p] == null || rows[p].length < n) {
                rows[p] = new int[Math.max(n, 16)];
            }
        }
        for (int i = 0; i < n; i++) {
            int p = partitions[i];
            rows[p][sizes[p]++] = i;
        }
        for (int p = 0; p < count; p++) {
            if (sizes[p] > 0) {
                sink.accept(VectorGather.gather(batch, rows[p], sizes[p], allocator), p);
            }
        }
    }
}
