package io.arbalest.executor.operator.aggregate;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.executor.expr.ValueAccess;
import io.arbalest.executor.operator.Operator;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.physical.AggregateCall;
import io.arbalest.planner.physical.AggregateMode;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import io.arbalest.executor.operator.OperatorContext;
import io.arbalest.executor.spill.MemoryBudget;
import io.arbalest.executor.spill.SpillFile;
import io.arbalest.executor.spill.SpillPartitions;
import io.arbalest.executor.spill.SpillSpace;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hash aggregation: consumes its input into a {@link GroupTable} and one {@link Accumulator} per
 * call, then emits one row per group (see HashAggregateNode for the SINGLE, PARTIAL and FINAL
 * layouts).
 *
 * <p>The table and accumulators live on the heap; their bytes are reserved against the
 * allocator's limit (the query's Arrow memory) as they grow, leaving a quarter of the limit for
 * the batches that flow through. When a reservation is refused and the groups hold at least a
 * sixteenth of the limit, a
 * PARTIAL aggregation emits the groups it holds and starts again (its FINAL merges them); a
 * SINGLE or FINAL one with a spill directory writes its groups' partial states to
 * {@value SpillPartitions#COUNT} spill files by the hash of their keys and starts again, and at the
 * end aggregates the files one at a time. Without a spill directory the refusal is an
 * {@link OutOfMemoryException}, which names the memory setting to raise.
 */
public final class HashAggregate implements Operator {

    private enum Phase { CONSUMING, MERGING, DONE }

    private final Operator input;
    private final AggregateMode mode;
    private final List<Integer> groupKeys;
    private final List<AggregateCall> calls;
    private final RowSchema schema;
    private final BufferAllocator allocator;
    private final int batchRows;
    private final List<DataType> keyTypes;
    private final Optional<SpillSpace> spill;
    private GroupTable groups;
    private final List<Accumulator> accumulators = new ArrayList<>();
    private int[] groupIds = new int[0];
    private final Optional<List<Literal>> emptyInputGroup;
    private int emitted;
    private boolean emitting;
    private boolean emittedAny;
    private Phase phase = Phase.CONSUMING;
    private final MemoryBudget heap;
    private SpillPartitions spills;
    private int mergedPartitions;
    private long spilledBytes;

    public HashAggregate(Operator input, AggregateMode mode, List<Integer> groupKeys, List<AggregateCall> calls,
            RowSchema schema, OperatorContext context) {
        this(input, mode, groupKeys, calls, schema, Optional.empty(), context);
    }

    /**
     * With {@code emptyInputGroup}: the key values of a group emitted, with no rows, when the
     * input is empty. A SINGLE or FINAL aggregation spills to {@code context}'s spill space when
     * memory runs short.
     */
    public HashAggregate(Operator input, AggregateMode mode, List<Integer> groupKeys, List<AggregateCall> calls,
            RowSchema schema, Optional<List<Literal>> emptyInputGroup, OperatorContext context) {
        this.emptyInputGroup = emptyInputGroup;
        this.input = input;
        this.mode = mode;
        this.groupKeys = List.copyOf(groupKeys);
        this.calls = List.copyOf(calls);
        this.schema = schema;
        this.allocator = context.allocator();
        this.batchRows = context.batchRows();
        this.heap = new MemoryBudget(allocator);
        this.keyTypes = groupKeys.stream().map(k -> input.schema().type(k)).toList();
        this.spill = groupKeys.isEmpty() ? Optional.empty() : context.spill();
        resetGroups();
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    /** Bytes written to spill files (0 when the groups fit in memory). */
    public long spilledBytes() {
        return spilledBytes;
    }

    @Override
    public Optional<Batch> next() {
        while (true) {
            if (emitting) {
                Optional<Batch> batch = emit();
                if (batch.isPresent()) {
                    emittedAny = true;
                    return batch;
                }
                emitting = false;
                resetGroups();
            }
            switch (phase) {
                case CONSUMING -> {
                    if (consume()) {
                        emitting = true; // a PARTIAL aggregation out of memory hands on what it holds
                        continue;
                    }
                    if (spills != null) {
                        spill();
                        resetGroups();
                        spills.finish();
                        for (int p = 0; p < SpillPartitions.COUNT; p++) {
                            spilledBytes += spills.file(p).bytes();
                        }
                        phase = Phase.MERGING;
                        continue;
                    }
                    if (groups.groupCount() == 0 && !emittedAny && emptyInputGroup.isPresent()) {
                        addGroup(emptyInputGroup.get());
                    }
                    for (Accumulator accumulator : accumulators) {
                        accumulator.ensureCapacity(groups.groupCount());
                    }
                    phase = Phase.DONE;
                    emitting = true;
                }
                case MERGING -> {
                    if (mergedPartitions == SpillPartitions.COUNT) {
                        phase = Phase.DONE;
                        continue;
                    }
                    mergeSpilled(mergedPartitions++);
                    emitting = true;
                }
                case DONE -> {
                    return Optional.empty();
                }
                default -> throw new IllegalStateException(phase.name());
            }
        }
    }

    /** The next batch of the groups held, or empty when all are out. */
    private Optional<Batch> emit() {
        int total = groups.groupCount();
        if (emitted >= total) {
            return Optional.empty();
        }
        int count = Math.min(batchRows, total - emitted);
        Batch batch = groupRows(emitted, count, mode == AggregateMode.PARTIAL, schema);
        emitted += count;
        return Optional.of(batch);
    }

    /** Groups [from, from + count) as rows of {@code layout}: keys, then states (partial) or values. */
    private Batch groupRows(int from, int count, boolean states, RowSchema layout) {
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (int c = 0; c < layout.size(); c++) {
                vectors.add(Vectors.allocate(layout.column(c).name(), layout.type(c), count, allocator));
            }
            for (int k = 0; k < groupKeys.size(); k++) {
                groups.writeKeys(k, vectors.get(k), from, count);
            }
            int column = groupKeys.size();
            for (int a = 0; a < calls.size(); a++) {
                Accumulator accumulator = accumulators.get(a);
                if (states) {
                    boolean twoStates = calls.get(a).stateTypes().size() == 2;
                    accumulator.writeState(vectors.get(column), twoStates ? vectors.get(column + 1) : null, from, count);
                    column += calls.get(a).stateTypes().size();
                } else {
                    accumulator.writeFinal(vectors.get(column++), from, count);
                }
            }
            return new Batch(vectors, count);
        } catch (RuntimeException | Error e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
    }

    /**
     * Aggregates input batches until the input ends (false) or, for a PARTIAL aggregation, until
     * memory runs short with groups held (true: emit them first).
     */
    private boolean consume() {
        while (true) {
            OperatorContext.checkCancelled();
            Optional<Batch> next = input.next();
            if (next.isEmpty()) {
                return false;
            }
            try (Batch batch = next.get()) {
                add(batch, mode == AggregateMode.FINAL, false);
            }
            if (!memoryShort()) {
                continue;
            }
            if (mode == AggregateMode.PARTIAL) {
                return true;
            }
            if (spill.isEmpty()) {
                throw new OutOfMemoryException("Hash aggregation of " + groups.groupCount() + " groups does not fit "
                        + "the query's memory (" + allocator.getLimit() + " bytes) and spilling is off");
            }
            spill();
            resetGroups();
        }
    }

    /**
     * Adds a batch's rows to the groups: input rows, or partial states when {@code merge} (after
     * the keys); a spilled batch ({@code spilled}) has its keys first.
     */
    private void add(Batch batch, boolean merge, boolean spilled) {
        int rows = batch.rowCount();
        if (groupIds.length < rows) {
            groupIds = new int[rows];
        }
        FieldVector[] keys = new FieldVector[groupKeys.size()];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = batch.vector(spilled ? k : groupKeys.get(k));
        }
        groups.groupIds(keys, rows, groupIds);
        int stateColumn = groupKeys.size();
        for (int a = 0; a < calls.size(); a++) {
            Accumulator accumulator = accumulators.get(a);
            accumulator.ensureCapacity(groups.groupCount());
            AggregateCall call = calls.get(a);
            if (merge) {
                int states = call.stateTypes().size();
                accumulator.merge(groupIds, rows, batch.vector(stateColumn),
                        states == 2 ? batch.vector(stateColumn + 1) : null);
                stateColumn += states;
            } else {
                FieldVector argument = call.argument().isPresent() ? batch.vector(call.argument().getAsInt()) : null;
                FieldVector filter = call.filter().isPresent() ? batch.vector(call.filter().getAsInt()) : null;
                accumulator.update(groupIds, rows, argument, filter);
            }
        }
    }

    /** True when the heap the groups hold can no longer be reserved against the memory limit. */
    private boolean memoryShort() {
        long need = groups.heapBytes();
        for (Accumulator accumulator : accumulators) {
            need += accumulator.heapBytes();
        }
        if (heap.reserve(need)) {
            return false;
        }
        // Refused: short only if what the groups hold is worth spilling (others may hold the memory).
        return groups.groupCount() > 0 && MemoryBudget.worthSpilling(allocator, need);
    }

    /** Writes the groups' partial states to the spill files, by the hash of their keys. */
    private void spill() {
        RowSchema layout = spillLayout();
        if (spills == null) {
            spills = new SpillPartitions(spill.orElseThrow(), layout,
                    java.util.stream.IntStream.range(0, groupKeys.size()).boxed().toList(), 1, allocator);
        }
        for (int from = 0; from < groups.groupCount(); from += batchRows) {
            try (Batch batch = groupRows(from, Math.min(batchRows, groups.groupCount() - from), true, layout)) {
                spills.write(batch);
            }
        }
    }

    /** Keys, then every call's partial states: what a spill file holds. */
    private RowSchema spillLayout() {
        List<io.arbalest.planner.types.Column> columns = new ArrayList<>();
        for (int k = 0; k < keyTypes.size(); k++) {
            columns.add(new io.arbalest.planner.types.Column("key" + k, keyTypes.get(k), true));
        }
        for (int a = 0; a < calls.size(); a++) {
            List<DataType> states = calls.get(a).stateTypes();
            for (int s = 0; s < states.size(); s++) {
                columns.add(new io.arbalest.planner.types.Column("state" + a + "_" + s, states.get(s), true));
            }
        }
        return new RowSchema(columns);
    }

    /** Aggregates spill file {@code partition}'s partial states into the (reset) groups. */
    private void mergeSpilled(int partition) {
        try (SpillFile file = spills.take(partition); SpillFile.Reader reader = file.open(allocator)) {
            for (Optional<Batch> next = reader.next(); next.isPresent(); next = reader.next()) {
                OperatorContext.checkCancelled();
                try (Batch batch = next.get()) {
                    add(batch, true, true);
                }
                if (memoryShort()) {
                    throw new io.arbalest.planner.error.QueryExecutionException("Hash aggregation spilled, but one of "
                            + "its " + SpillPartitions.COUNT + " parts (" + groups.groupCount() + " groups so far) still "
                            + "needs more memory than the query has: " + MemoryBudget.RAISE + ".");
                }
            }
        }
        for (Accumulator accumulator : accumulators) {
            accumulator.ensureCapacity(groups.groupCount());
        }
    }

    /** Empty groups and accumulators, and no memory reserved for them. */
    private void resetGroups() {
        groups = new GroupTable(keyTypes);
        accumulators.clear();
        for (AggregateCall call : calls) {
            accumulators.add(new Accumulator(call));
        }
        emitted = 0;
        heap.release();
    }

    /** Adds the group with these key values (and no rows) to the table. */
    private void addGroup(List<Literal> keyValues) {
        FieldVector[] keys = new FieldVector[keyValues.size()];
        try {
            for (int k = 0; k < keys.length; k++) {
                DataType type = keyValues.get(k).type();
                keys[k] = Vectors.allocate("key" + k, type, 1, allocator);
                ValueAccess.set(keys[k], 0, type, keyValues.get(k).value());
                keys[k].setValueCount(1);
            }
            groups.groupIds(keys, 1, new int[1]);
        } finally {
            for (FieldVector key : keys) {
                if (key != null) {
                    key.close();
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            heap.close();
            if (spills != null) {
                spills.close();
            }
        } finally {
            input.close();
        }
    }
}
