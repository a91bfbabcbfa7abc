package io.arbalest.executor.operator.join;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Batches;
import io.arbalest.executor.batch.Keys;
import io.arbalest.executor.expr.Storage;
import io.arbalest.executor.operator.Operator;
import io.arbalest.planner.physical.JoinType;
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
    /**
     * Open addressing, two longs a slot: the slot's key (the key itself for one integer key,
     * else the 64-bit hash of the keys) and (start << 32 | count). count is 0 in an empty slot;
     * for a key of one row start is that row, else the key's rows are
     * {@code chainRows[start, start + count)}, in row order.
     */
    private long[] table;
    private int[] chainRows;
    private int mask;
    private boolean[] matched;
    private final boolean singleLongKey;
    /** One integer key, and the probe only asks whether a key is present: repeated keys keep one row. */
    private final boolean presenceOnly;
    /** Sum of the table words the build's look-ahead read; kept so that the JIT cannot drop that loop. */
    private long touched;

    /**
     * {@code presenceOnly}: the probe needs no build rows, only whether its key is there (SEMI and
     * ANTI joins without a residual), so a repeated key need not list its rows.
     */
    public JoinBuild(Function<BufferAllocator, Operator> input, RowSchema schema, List<Integer> keys,
            List<Boolean> nullSafe, BufferAllocator allocator, boolean presenceOnly) {
        this.input = input;
        this.keys = List.copyOf(keys);
        this.nullSafe = new boolean[nullSafe.size()];
        for (int k = 0; k < nullSafe.size(); k++) {
            this.nullSafe[k] = nullSafe.get(k);
        }
        this.allocator = allocator;
        this.storages = keys.stream().map(k -> Storage.of(schema.type(k))).toArray(Storage[]::new);
        this.singleLongKey = storages.length == 1 && !this.nullSafe[0]
                && (storages[0] == Storage.INT32 || storages[0] == Storage.INT64);
        this.presenceOnly = presenceOnly && singleLongKey;
    }

    /** Whether a join of {@code type} with or without a residual needs only the presence of a key (see the constructor). */
    public static boolean presenceOnly(JoinType type, boolean residual) {
        return (type == JoinType.SEMI || type == JoinType.ANTI) && !residual;
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
        long[] hashes = new long[count];
        Keys.hash(keyVectors, storages, count, hashes);
        long[] slotKeys = hashes;
        if (singleLongKey) {
            slotKeys = new long[count];
            Keys.longValues(keyVectors[0], storages[0], count, slotKeys);
        }
        // A power of two above 4/3 of the rows: at most 3/4 full, and never full, so every probe ends.
        int capacity = Integer.highestOneBit((count + count / 3 + 1) * 2 - 1);
        mask = capacity - 1;
        table = new long[2 * capacity];
        int[] slotOfRow = new int[count];
        // Rows whose key has other rows too: only they go through the (random-access) chain pass.
        boolean[] repeated = new boolean[count];
        boolean mayBeNull = false;
        for (FieldVector key : keyVectors) {
            mayBeNull |= key.getNullCount() > 0;
        }
        for (int from = 0; from < count; from += Keys.LOOK_AHEAD) {
            int to = Math.min(count, from + Keys.LOOK_AHEAD);
            touched += Keys.readSlotsAhead(table, mask, hashes, from, to);
            for (int row = from; row < to; row++) {
                if (mayBeNull && rejectsNull(keyVectors, row)) {
                    continue;
                }
                long key = slotKeys[row];
                int slot = slot(hashes[row]);
                while (table[2 * slot + 1] != 0 && table[2 * slot] != key) {
                    slot = (slot + 1) & mask;
                }
                long rowsOfKey = table[2 * slot + 1];
                if (rowsOfKey == 0) {
                    table[2 * slot] = key;
                    table[2 * slot + 1] = (long) row << 32 | 1;
                } else if (!presenceOnly) {
                    if ((int) rowsOfKey == 1) {
                        repeated[(int) (rowsOfKey >>> 32)] = true;
                    }
                    table[2 * slot + 1] = rowsOfKey + 1;
                    repeated[row] = true;
                }
                slotOfRow[row] = slot;
            }
        }
        // Keys with several rows: their rows side by side in chainRows, in row order.
        int chained = 0;
        for (int slot = 0; slot < capacity; slot++) {
            int rowsOfKey = (int) table[2 * slot + 1];
            if (rowsOfKey > 1) {
                table[2 * slot + 1] = (long) chained << 32 | rowsOfKey;
                chained += rowsOfKey;
            }
        }
        chainRows = new int[chained];
        int[] filled = new int[chained == 0 ? 0 : capacity];
        for (int row = 0; chained > 0 && row < count; row++) {
            if (repeated[row]) {
                int slot = slotOfRow[row];
                chainRows[(int) (table[2 * slot + 1] >>> 32) + filled[slot]++] = row;
            }
        }
        matched = new boolean[count];
    }

    private int slot(long hash) {
        return Keys.slot(hash, mask);
    }

    /**
     * {@link #find} for {@code rows} probe rows at once, their slots read ahead ({@link Keys#readSlotsAhead}) so
     * that their cache misses overlap. Returns the read-ahead sum, for the caller to keep.
     */
    long findAll(long[] hashes, long[] keys, int rows, long[] found) {
        long touched = 0;
        for (int from = 0; from < rows; from += Keys.LOOK_AHEAD) {
            int to = Math.min(rows, from + Keys.LOOK_AHEAD);
            touched += Keys.readSlotsAhead(table, mask, hashes, from, to);
            for (int i = from; i < to; i++) {
                found[i] = find(hashes[i], keys[i]);
            }
        }
        return touched;
    }

    /**
     * The build rows whose key may equal a probe row's, as (start << 32 | count), 0 for none:
     * {@code key} is the probe row's integer key with {@link #singleLongKey()}, else its hash;
     * {@link #candidate} gives the rows. With one integer key every candidate matches.
     */
    long find(long hash, long key) {
        int slot = slot(hash);
        while (true) {
            long rowsOfKey = table[2 * slot + 1];
            if (rowsOfKey == 0 || table[2 * slot] == key) {
                return rowsOfKey;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Candidate {@code i} of a {@link #find} result. */
    int candidate(long found, int i) {
        int start = (int) (found >>> 32);
        return (int) found == 1 ? start : chainRows[start + i];
    }

    /** True when the join has one NULL-rejecting key stored as an integer (INT, BIGINT, DATE, DECIMAL). */
    boolean singleLongKey() {
        return singleLongKey;
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
