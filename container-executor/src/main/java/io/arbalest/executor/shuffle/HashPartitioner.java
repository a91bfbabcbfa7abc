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
    /** 0: the shuffle's partitions; else a round of spilling, which remixes the hash. */
    private final long seed;
    private long[] hashes = new long[0];
    private int[] partitions = new int[0];
    private int[][] rows;
    private int[] sizes;

    public HashPartitioner(RowSchema schema, List<Integer> keys, int count) {
        this(schema, keys, count, 0);
    }

    /**
     * Partitions independent of the shuffle's (and of each other seed's): rows of one shuffle
     * partition spread over all {@code count} of these. For spilling rows that were (or will
     * be) hash partitioned by the same keys.
     */
    public static HashPartitioner seeded(RowSchema schema, List<Integer> keys, int count, int seed) {
        if (seed == 0) {
            throw new IllegalArgumentException("seed 0 is the shuffle's partitioning");
        }
        return new HashPartitioner(schema, keys, count, seed);
    }

    private HashPartitioner(RowSchema schema, List<Integer> keys, int count, long seed) {
        if (keys.isEmpty() || count < 1) {
            throw new IllegalArgumentException("hash partitioning needs keys and at least one partition");
        }
        this.keys = keys.stream().mapToInt(Integer::intValue).toArray();
        this.storages = keys.stream().map(k -> Storage.of(schema.type(k))).toArray(Storage[]::new);
        this.count = count;
        this.seed = seed;
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
        if (seed == 0) {
            for (int i = 0; i < n; i++) {
                partitions[i] = (int) Long.remainderUnsigned(hashes[i], count);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            long h = hashes[i] ^ seed * 0x9E3779B97F4A7C15L; // a full 64-bit finalizer: every bit moves every other
            h = (h ^ h >>> 33) * 0xff51afd7ed558ccdL;
            h = (h ^ h >>> 33) * 0xc4ceb9fe1a85ec53L;
            partitions[i] = (int) Long.remainderUnsigned(h ^ h >>> 33, count);
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
