package io.arbalest.executor.spill;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.BufferedBatches;
import io.arbalest.executor.batch.Keys;
import io.arbalest.executor.expr.Storage;
import io.arbalest.executor.batch.VectorGather;
import io.arbalest.executor.shuffle.HashPartitioner;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

import java.util.List;

/**
 * Rows spilled in {@value #COUNT} files by a hash of their keys, so that rows with equal keys
 * (NULLs equal) share a file and each file can be processed alone. {@code round} says how many
 * times these rows were partitioned before: each round uses other bits of the hash (a file
 * too large for memory is partitioned again), and none the bits the shuffle partitions by
 * (a task's rows all have the same shuffle partition).
 *
 * <p>Rows are gathered per file and written in batches of {@link #flushBytes} (partitioning
 * would otherwise cut each batch into sixteen small ones, and each round again).
 *
 * <p>For a join ({@link #forJoin}), rows with a NULL in a key that rejects NULL match nothing:
 * they go to one more file, {@link #nullKeys()}, instead of all hashing to one part.
 */
public final class SpillPartitions implements AutoCloseable {
    public static final int COUNT = 16;

    private final HashPartitioner partitioner;
    private final BufferAllocator allocator;
    private final SpillFile[] files;
    private final int round;
    private final int[] keys;
    /** Per key: NULL matches nothing (a join key that is not null-safe); null for a grouping. */
    private final boolean[] rejectsNull;
    private final BufferedBatches[] pending;
    private final long flushBytes;
    private int[] selected = new int[0];
    private int[] others = new int[0];

    /** Files in {@code space} for rows of {@code schema}, partitioned by the columns {@code keys}, in round {@code round} (1 first). */
    public SpillPartitions(SpillSpace space, RowSchema schema, List<Integer> keys, int round, BufferAllocator allocator) {
        this(space, schema, keys, null, round, allocator);
    }

    /** As the constructor, for join rows: those with a NULL in a key that is not {@code nullSafe} go to {@link #nullKeys()}. */
    public static SpillPartitions forJoin(SpillSpace space, RowSchema schema, List<Integer> keys, List<Boolean> nullSafe,
            int round, BufferAllocator allocator) {
        boolean[] rejectsNull = new boolean[keys.size()];
        for (int k = 0; k < rejectsNull.length; k++) {
            rejectsNull[k] = !nullSafe.get(k);
        }
        return new SpillPartitions(space, schema, keys, rejectsNull, round, allocator);
    }

    private SpillPartitions(SpillSpace space, RowSchema schema, List<Integer> keys, boolean[] rejectsNull, int round,
            BufferAllocator allocator) {
        if (round < 1) {
            throw new IllegalArgumentException("spill rounds start at 1 (round 0 is the shuffle's)");
        }
        this.partitioner = HashPartitioner.seeded(schema, keys, COUNT, round);
        this.allocator = allocator;
        this.round = round;
        this.keys = keys.stream().mapToInt(Integer::intValue).toArray();
        this.rejectsNull = rejectsNull;
        this.files = new SpillFile[rejectsNull == null ? COUNT : COUNT + 1];
        this.pending = new BufferedBatches[files.length];
        for (int p = 0; p < pending.length; p++) {
            pending[p] = new BufferedBatches(schema);
        }
        this.flushBytes = flushBytes(allocator);
        try {
            for (int p = 0; p < files.length; p++) {
                files[p] = space.create(schema, allocator);
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * True when every row of {@code batches} has the same hash of its {@code keys} (of
     * {@code storages}): one key (or NULL) whose rows no partitioning can split.
     */
    public static boolean oneKey(List<Batch> batches, List<Integer> keys, Storage[] storages) {
        long first = 0;
        boolean seen = false;
        long[] hashes = new long[0];
        for (Batch batch : batches) {
            if (hashes.length < batch.rowCount()) {
                hashes = new long[batch.rowCount()];
            }
            FieldVector[] vectors = keys.stream().map(batch::vector).toArray(FieldVector[]::new);
            Keys.hash(vectors, storages, batch.rowCount(), hashes);
            for (int i = 0; i < batch.rowCount(); i++) {
                if (!seen) {
                    first = hashes[i];
                    seen = true;
                } else if (hashes[i] != first) {
                    return false;
                }
            }
        }
        return true;
    }

    /** How many times the rows had been partitioned, these files included. */
    public int round() {
        return round;
    }

    /** Appends each row of {@code batch} to its key's file; the caller keeps the batch. */
    public void write(Batch batch) {
        int nullKeyRows = rejectsNull == null ? 0 : markNullKeys(batch);
        if (nullKeyRows == 0) {
            split(batch);
            return;
        }
        int rows = batch.rowCount();
        add(COUNT, VectorGather.gather(batch, selected, nullKeyRows, allocator));
        if (nullKeyRows < rows) {
            try (Batch keyed = VectorGather.gather(batch, others, rows - nullKeyRows, allocator)) {
                split(keyed);
            }
        }
    }

    private void split(Batch batch) {
        partitioner.split(batch, allocator, (part, p) -> add(p, part));
    }

    /**
     * What is gathered per file before it is written: a 512th of the memory limit, within
     * [1 KiB, 256 KiB], so that the 17 files' buffers together take about 3% of the limit.
     */
    private static long flushBytes(BufferAllocator allocator) {
        return Math.max(1 << 10, Math.min(256 << 10, MemoryBudget.limit(allocator) / 512));
    }

    private void add(int partition, Batch part) {
        pending[partition].add(part);
        if (pending[partition].bytes() >= flushBytes) {
            flush(partition);
        }
    }

    private void flush(int partition) {
        if (pending[partition].rows() == 0) {
            return;
        }
        try (Batch gathered = pending[partition].batches().size() == 1 ? pending[partition].takeOnly()
                : pending[partition].concatenate(allocator)) {
            files[partition].write(gathered);
        }
    }

    /** Lists the rows with a NULL in a key that rejects it in {@code selected}, the others in {@code others}; their count. */
    private int markNullKeys(Batch batch) {
        boolean any = false;
        for (int k = 0; k < keys.length; k++) {
            any |= rejectsNull[k] && batch.vector(keys[k]).getNullCount() > 0;
        }
        if (!any) {
            return 0;
        }
        int rows = batch.rowCount();
        if (selected.length < rows) {
            selected = new int[rows];
            others = new int[rows];
        }
        int nulls = 0;
        int kept = 0;
        for (int i = 0; i < rows; i++) {
            boolean nullKey = false;
            for (int k = 0; k < keys.length && !nullKey; k++) {
                nullKey = rejectsNull[k] && batch.vector(keys[k]).isNull(i);
            }
            if (nullKey) {
                selected[nulls++] = i;
            } else {
                others[kept++] = i;
            }
        }
        return nulls;
    }

    /** Ends the files: they can be read now. */
    public void finish() {
        for (int p = 0; p < files.length; p++) {
            flush(p);
            files[p].finish();
        }
    }

    /** The rows whose key is NULL where NULL matches nothing ({@link #forJoin} only), still owned by these partitions. */
    public SpillFile nullKeys() {
        if (rejectsNull == null) {
            throw new IllegalStateException("only join rows have a file for NULL keys");
        }
        return files[COUNT];
    }

    /** {@link #nullKeys()}, which the caller owns (and closes) from now on. */
    public SpillFile takeNullKeys() {
        SpillFile file = nullKeys();
        files[COUNT] = null;
        return file;
    }

    /** File {@code partition}, still owned by these partitions. */
    public SpillFile file(int partition) {
        return files[partition];
    }

    /** File {@code partition}, which the caller owns (and closes) from now on. */
    public SpillFile take(int partition) {
        SpillFile file = files[partition];
        files[partition] = null;
        return file;
    }

    /** Removes the files not taken. */
    @Override
    public void close() {
        for (BufferedBatches batches : pending) {
            batches.close();
        }
        for (int p = 0; p < files.length; p++) {
            if (files[p] != null) {
                files[p].close();
                files[p] = null;
            }
        }
    }
}
