package io.arbalest.executor.operator.join;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.BufferedBatches;
import io.arbalest.executor.batch.Keys;
import io.arbalest.executor.expr.Storage;
import io.arbalest.executor.operator.Operator;
import io.arbalest.executor.operator.OperatorContext;
import io.arbalest.executor.operator.SpilledRows;
import io.arbalest.executor.spill.MemoryBudget;
import io.arbalest.executor.spill.SpillFile;
import io.arbalest.executor.spill.SpillPartitions;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.physical.JoinType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.FieldVector;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The build side of a hash join, shared by every probe partition: the whole build input in
 * one batch, and a chained hash table over its key columns. Built once, by the first probe
 * partition that needs it, from memory of the query's allocator; freed when its last probe
 * partition is done with it (or with the query). Rows whose (NULL-rejecting) key is NULL are
 * not in the table: they match nothing.
 *
 * <p>When the build input does not fit the memory budget (see MemoryBudget; the table's heap
 * arrays are reserved against it too) and spilling is on, the build is {@link #spilled()}
 * instead: its rows go to {@link SpillPartitions} by key hash, and each probe operator
 * partitions its rows the same way and joins part by part (a grace hash join), building each
 * part with {@link #forPart}. A part that still does not fit is partitioned again, with other
 * bits of the hash, up to {@value #MAX_ROUNDS} times; a part whose rows all have one key
 * cannot be split, and fails saying so.
 */
public final class JoinBuild implements AutoCloseable {
    /** Rounds of partitioning after which a part that still does not fit is taken for one huge key. */
    static final int MAX_ROUNDS = 6;
    /**
     * Heap bytes per build row while the table is built, besides 20 bytes a slot (the table's
     * 16 and a fill count's 4): hashes and key values (8 + 8), slot of row (4), chain rows (4),
     * the repeated and matched flags (1 + 1). What stays after: 16 a slot, the chain rows and
     * the matched flags.
     */
    private static final long BUILDING_BYTES_PER_ROW = 26;
    private static final long BUILDING_BYTES_PER_SLOT = 20;

    private final Function<BufferAllocator, Operator> input;
    private final RowSchema schema;
    private final List<Integer> keys;
    private final List<Boolean> nullSafeKeys;
    private final boolean[] nullSafe;
    private final OperatorContext context;
    private final BufferAllocator allocator;
    /** How many times the input rows were partitioned before: 0 for the join's build input, k for a part of round k. */
    private final int round;
    private final MemoryBudget heap;
    private boolean built;
    private boolean closed;
    private int users = 1;
    private int usersLeft = 1;
    private SpillPartitions spilled;
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
    /** As asked: the probe needs only whether a key is there. */
    private final boolean presenceOnlyAsked;
    /** One integer key, and the probe only asks whether a key is present: repeated keys keep one row. */
    private final boolean presenceOnly;
    /** Sum of the table words the build's look-ahead read; kept so that the JIT cannot drop that loop. */
    private long touched;

    /**
     * The build side of rows of {@code schema} that {@code input} gives (in an allocator it is
     * handed), joined on the columns {@code keys}, held in {@code context}'s allocator.
     * {@code presenceOnly}: the probe needs no build rows, only whether its key is there (SEMI
     * and ANTI joins without a residual), so a repeated key need not list its rows.
     */
    public JoinBuild(Function<BufferAllocator, Operator> input, RowSchema schema, List<Integer> keys,
            List<Boolean> nullSafe, boolean presenceOnly, OperatorContext context) {
        this(input, schema, keys, nullSafe, presenceOnly, context, 0);
    }

    private JoinBuild(Function<BufferAllocator, Operator> input, RowSchema schema, List<Integer> keys,
            List<Boolean> nullSafe, boolean presenceOnly, OperatorContext context, int round) {
        this.input = input;
        this.schema = schema;
        this.keys = List.copyOf(keys);
        this.nullSafeKeys = List.copyOf(nullSafe);
        this.nullSafe = new boolean[nullSafe.size()];
        for (int k = 0; k < nullSafe.size(); k++) {
            this.nullSafe[k] = nullSafe.get(k);
        }
        this.context = context;
        this.allocator = context.allocator();
        this.round = round;
        this.heap = new MemoryBudget(allocator);
        this.storages = keys.stream().map(k -> Storage.of(schema.type(k))).toArray(Storage[]::new);
        this.singleLongKey = storages.length == 1 && !this.nullSafe[0]
                && (storages[0] == Storage.INT32 || storages[0] == Storage.INT64);
        this.presenceOnlyAsked = presenceOnly;
        this.presenceOnly = presenceOnly && singleLongKey;
    }

    /**
     * The build side of one spilled part of {@code spilled}'s rows ({@code part}, of round
     * {@code round}), held in {@code context}'s allocator: what a probe operator joins that
     * part's probe rows with.
     */
    JoinBuild forPart(SpillFile part, int round, OperatorContext context) {
        return new JoinBuild(partAllocator -> new SpilledRows(part, schema, partAllocator), schema, keys, nullSafeKeys,
                presenceOnlyAsked, context, round);
    }

    /** The build rows' schema. */
    RowSchema schema() {
        return schema;
    }

    /** Per key: whether NULL equals NULL. */
    List<Boolean> nullSafe() {
        return nullSafeKeys;
    }

    /** Whether a join of {@code type} with or without a residual needs only the presence of a key (see the constructor). */
    public static boolean presenceOnly(JoinType type, boolean residual) {
        return (type == JoinType.SEMI || type == JoinType.ANTI) && !residual;
    }

    /**
     * How many probe operators will join with this build (1 unless said): the last to
     * {@link #release} it frees its memory.
     */
    public synchronized void users(int count) {
        if (built) {
            throw new IllegalStateException("users are counted before the build");
        }
        users = Math.max(1, count);
        usersLeft = users;
    }

    /** Builds on first call (from the calling task's thread); later calls wait for and reuse it. */
    synchronized JoinBuild get() {
        if (closed) {
            throw new IllegalStateException("join build used after its last user released it");
        }
        if (!built) {
            build();
            built = true;
        }
        return this;
    }

    /**
     * Called once by each of the {@link #users} when done; the last one frees the build. Should
     * one more come after all (the plan held this join twice), it builds again.
     */
    synchronized void release() {
        if (--usersLeft == 0) {
            free();
            built = false;
            usersLeft = users;
        }
    }

    /** True when the build input did not fit in memory and went to {@link #spilledParts()} instead. */
    boolean spilled() {
        return spilled != null;
    }

    /** The spilled build rows, by key hash (only when {@link #spilled()}). */
    SpillPartitions spilledParts() {
        return spilled;
    }

    /** The spilled parts, which the caller owns from now on (a part's build, once its probe rows are partitioned too). */
    SpillPartitions takeSpilledParts() {
        SpillPartitions parts = spilled;
        spilled = null;
        return parts;
    }

    private void build() {
        boolean spillable = context.spill().isPresent();
        try (Operator operator = input.apply(allocator); BufferedBatches buffered = new BufferedBatches(schema)) {
            for (Optional<Batch> next = operator.next(); next.isPresent(); next = operator.next()) {
                OperatorContext.checkCancelled();
                if (spilled != null) {
                    try (Batch batch = next.get()) {
                        spilled.write(batch);
                    }
                    continue;
                }
                buffered.add(next.get());
                // To finish in memory the rows are copied into one batch (their bytes once more) and get a table.
                if (spillable && MemoryBudget.shortOfMemory(allocator, buffered.bytes(), stillNeeded(buffered))) {
                    spill(buffered);
                }
            }
            if (spilled == null) {
                rows = buffered.concatenate(allocator);
            }
        }
        if (spilled == null && !heap.reserve(buildingBytes(rows.rowCount()))) {
            if (!spillable) {
                throw new OutOfMemoryException("A join's build side (" + rows.rowCount() + " rows) needs more memory "
                        + "than the query's limit and spilling is off");
            }
            if (MemoryBudget.worthSpilling(allocator, rows.bufferBytes())) {
                try (BufferedBatches all = new BufferedBatches(schema)) {
                    all.add(rows);
                    rows = null;
                    spill(all);
                }
            }
        }
        if (spilled != null) {
            spilled.finish();
            return;
        }
        buildTable();
    }

    /** What finishing in memory still takes: the buffered rows' bytes again (the copy), and the table's heap. */
    private static long stillNeeded(BufferedBatches buffered) {
        return buffered.bytes() + buildingBytes(buffered.rows());
    }

    /** The heap the table takes while it is built over {@code count} rows. */
    private static long buildingBytes(long count) {
        return BUILDING_BYTES_PER_SLOT * capacity(count) + BUILDING_BYTES_PER_ROW * count;
    }

    /** Slots of the table for {@code count} rows: a power of two above 4/3 of them, so at most 3/4 full (and never full: every probe ends). */
    private static int capacity(long count) {
        return Integer.highestOneBit((int) Math.min(1 << 30, (count + count / 3 + 1) * 2 - 1));
    }

    /** Moves the buffered rows, and all rows after them, to spill files by key hash. */
    private void spill(BufferedBatches buffered) {
        if (round > 0) {
            checkSplittable(buffered);
        }
        spilled = SpillPartitions.forJoin(context.spill().orElseThrow(), schema, keys, nullSafeKeys, round + 1,
                allocator);
        buffered.drain(spilled::write);
    }

    /** A part that does not fit though partitioned before must have more than one key to be worth partitioning again. */
    private void checkSplittable(BufferedBatches buffered) {
        boolean oneKey = SpillPartitions.oneKey(buffered.batches(), keys, storages);
        if (oneKey || round >= MAX_ROUNDS) {
            throw new QueryExecutionException("A join key has more rows on the build side than fit in the query's "
                    + "memory (" + buffered.rows() + " rows of one key" + (oneKey ? "" : " or a few")
                    + " after spilling): " + MemoryBudget.RAISE + ", or filter or pre-aggregate that key.");
        }
    }

    private void buildTable() {
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
        int capacity = capacity(count);
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
        // The temporaries go; what the table keeps stays reserved.
        heap.release();
        heap.reserve(16L * capacity + 4L * chainRows.length + count);
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
        closed = true;
        free();
    }

    private void free() {
        if (rows != null) {
            rows.close();
            rows = null;
        }
        table = null;
        chainRows = null;
        matched = null;
        heap.close();
        if (spilled != null) {
            spilled.close();
            spilled = null;
        }
    }
}
