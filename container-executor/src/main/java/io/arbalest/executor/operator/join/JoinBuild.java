package io.arbalest.executor.operator.join;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Batches;
import io.arbalest.executor.batch.Keys;
import io.arbalest.executor.expr.Storage;
import io.arbalest.executor.operator.Operator;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The build side of a hash join, shared by every probe partition: the whole build input in
 * one batch, and a chained hash table over its key columns. Built once, by the first probe
 * partition that needs it, from memory of the query's allocator; closed with the query.
 * Rows whose (NULL-rejecting) key is NULL are not in the table: they match nothing.
 */
public final class JoinBuild implements AutoCloseable {
    private final Function<BufferAllocator, Operator> input;
    private final List<Integer> keys;
    private final boolean[] nullSafe;
    private final BufferAllocator allocator;
    private boolean built;
    private Batch rows;
    private FieldVector[] keyVectors;
    private final Storage[] storages;
    private long[] hashes;
    private int[] heads;
    private int[] next;
    private int mask;
    private boolean[] matched;
    /** For one NULL-rejecting integer key: each build row's key, so probing compares longs. */
    private long[] longKeys;

    public JoinBuild(Function<BufferAllocator, Operator> input, RowSchema schema, List<Integer> keys,
            List<Boolean> nullSafe, BufferAllocator allocator) {
        this.input = input;
        this.keys = List.copyOf(keys);
        this.nullSafe = new boolean[nullSafe.size()];
        for (int k = 0; k < nullSafe.size(); k++) {
            this.nullSafe[k] = nullSafe.get(k);
        }
        this.allocator = allocator;
        this.storages = keys.stream().map(k -> Storage.of(schema.type(k))).toArray(Storage[]::new);
    }

    /** Builds on first call (from the calling task's thread); later calls wait for and reuse it. */
    synchronized JoinBuild get() {
        if (!built) {
            build();
            built = true;
        }
        return this;
    }

    private void build() {
        try (Operator operator = input.apply(allocator)) {
            rows = Batches.concatenate(operator, allocator);
        }
        int count = rows.rowCount();
        keyVectors = new FieldVector[keys.size()];
        for (int k = 0; k < keys.size(); k++) {
            keyVectors[k] = rows.vector(keys.get(k));
        }
        hashes = new long[count];
        Keys.hash(keyVectors, storages, count, hashes);
        int buckets = Integer.highestOneBit(Math.max(1, count) * 2 - 1) << 1;
        if (keys.isEmpty()) {
            buckets = 1; // a nested-loop join: one chain holding every row
        }
        mask = buckets - 1;
        heads = new int[buckets];
        Arrays.fill(heads, -1);
        next = new int[count];
        for (int row = count - 1; row >= 0; row--) { // inserted backwards so chains run in row order
            if (rejectsNull(keyVectors, row)) {
                continue;
            }
            int bucket = (int) (hashes[row] ^ (hashes[row] >>> 32)) & mask;
            next[row] = heads[bucket];
            heads[bucket] = row;
        }
        matched = new boolean[count];
        if (singleLongKey()) {
            longKeys = new long[count];
            for (int row = 0; row < count; row++) {
                longKeys[row] = Keys.longValue(keyVectors[0], storages[0], row);
            }
        }
    }

    /** True when the join has one NULL-rejecting key stored as an integer (INT, BIGINT, DATE, DECIMAL). */
    boolean singleLongKey() {
        return storages.length == 1 && !nullSafe[0] && (storages[0] == Storage.INT32 || storages[0] == Storage.INT64);
    }

    long longKey(int row) {
        return longKeys[row];
    }

    /** True when a NULL-rejecting key of {@code row} is NULL, so that the row can match nothing. */
    boolean rejectsNull(FieldVector[] vectors, int row) {
        for (int k = 0; k < vectors.length; k++) {
            if (!nullSafe[k] && vectors[k].isNull(row)) {
                return true;
            }
        }
        return false;
    }

    Batch rows() {
        return rows;
    }

    int first(long hash) {
        return heads[(int) (hash ^ (hash >>> 32)) & mask];
    }

    int next(int row) {
        return next[row];
    }

    long hash(int row) {
        return hashes[row];
    }

    /** True when the probe row's keys equal the build row's (NULL equals NULL only in null-safe keys). */
    boolean keysEqual(FieldVector[] probeKeys, int probeRow, int buildRow) {
        for (int k = 0; k < probeKeys.length; k++) {
            boolean probeNull = probeKeys[k].isNull(probeRow);
            boolean buildNull = keyVectors[k].isNull(buildRow);
            if (probeNull || buildNull) {
                if (probeNull != buildNull) {
                    return false;
                }
                continue; // both NULL: only reachable for null-safe keys
            }
            if (!Keys.equal(probeKeys[k], probeRow, keyVectors[k], buildRow, storages[k])) {
                return false;
            }
        }
        return true;
    }

    Storage[] keyStorages() {
        return storages;
    }

    /** Per build row: joined with some probe row (kept only for BUILD_OUTER and FULL joins). */
    boolean[] matched() {
        return matched;
    }

    @Override
    public synchronized void close() {
        if (rows != null) {
            rows.close();
            rows = null;
        }
    }
}
