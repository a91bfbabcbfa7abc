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
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hash aggregation: consumes its whole input into a {@link GroupTable} and one
 * {@link Accumulator} per call, then emits one row per group (see HashAggregateNode for the
 * SINGLE, PARTIAL and FINAL layouts).
 */
public final class HashAggregate implements Operator {
    private final Operator input;
    private final AggregateMode mode;
    private final List<Integer> groupKeys;
    private final List<AggregateCall> calls;
    private final RowSchema schema;
    private final BufferAllocator allocator;
    private final int batchRows;
    private final GroupTable groups;
    private final List<Accumulator> accumulators = new ArrayList<>();
    private int[] groupIds = new int[0];
    private boolean consumed;
    private final Optional<List<Literal>> emptyInputGroup;
    private int emitted;

    public HashAggregate(Operator input, AggregateMode mode, List<Integer> groupKeys, List<AggregateCall> calls,
            RowSchema schema, BufferAllocator allocator, int batchRows) {
        this(input, mode, groupKeys, calls, schema, allocator, batchRows, Optional.empty());
    }

    /** With {@code emptyInputGroup}: the key values of a group emitted, with no rows, when the input is empty. */
    public HashAggregate(Operator input, AggregateMode mode, List<Integer> groupKeys, List<AggregateCall> calls,
            RowSchema schema, BufferAllocator allocator, int batchRows, Optional<List<Literal>> emptyInputGroup) {
        this.emptyInputGroup = emptyInputGroup;
        this.input = input;
        this.mode = mode;
        this.groupKeys = List.copyOf(groupKeys);
        this.calls = List.copyOf(calls);
        this.schema = schema;
        this.allocator = allocator;
        this.batchRows = batchRows;
        List<DataType> keyTypes = groupKeys.stream().map(k -> input.schema().type(k)).toList();
        this.groups = new GroupTable(keyTypes);
        for (AggregateCall call : calls) {
            accumulators.add(new Accumulator(call));
        }
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public Optional<Batch> next() {
        if (!consumed) {
            consume();
            consumed = true;
        }
        int total = groups.groupCount();
        if (emitted >= total) {
            return Optional.empty();
        }
        int count = Math.min(batchRows, total - emitted);
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (int c = 0; c < schema.size(); c++) {
                vectors.add(Vectors.allocate(schema.column(c).name(), schema.type(c), count, allocator));
            }
            for (int k = 0; k < groupKeys.size(); k++) {
                groups.writeKeys(k, vectors.get(k), emitted, count);
            }
            int column = groupKeys.size();
            for (int a = 0; a < calls.size(); a++) {
                Accumulator accumulator = accumulators.get(a);
                if (mode == AggregateMode.PARTIAL) {
                    boolean twoStates = calls.get(a).stateTypes().size() == 2;
                    accumulator.writeState(vectors.get(column), twoStates ? vectors.get(column + 1) : null, emitted, count);
                    column += calls.get(a).stateTypes().size();
                } else {
                    accumulator.writeFinal(vectors.get(column++), emitted, count);
                }
            }
            emitted += count;
            return Optional.of(new Batch(vectors, count));
        } catch (RuntimeException | Error e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
    }

    private void consume() {
        while (true) {
            Optional<Batch> next = input.next();
            if (next.isEmpty()) {
                break;
            }
            try (Batch batch = next.get()) {
                int rows = batch.rowCount();
                if (groupIds.length < rows) {
                    groupIds = new int[rows];
                }
                FieldVector[] keys = new FieldVector[groupKeys.size()];
                for (int k = 0; k < keys.length; k++) {
                    keys[k] = batch.vector(groupKeys.get(k));
                }
                groups.groupIds(keys, rows, groupIds);
                int stateColumn = groupKeys.size();
                for (int a = 0; a < calls.size(); a++) {
                    Accumulator accumulator = accumulators.get(a);
                    accumulator.ensureCapacity(groups.groupCount());
                    AggregateCall call = calls.get(a);
                    if (mode == AggregateMode.FINAL) {
                        int states = call.stateTypes().size();
                        accumulator.merge(groupIds, rows, batch.vector(stateColumn),
                                states == 2 ? batch.vector(stateColumn + 1) : null);
                        stateColumn += states;
                    } else {
                        FieldVector argument = call.argument().isPresent()
                                ? batch.vector(call.argument().getAsInt()) : null;
                        FieldVector filter = call.filter().isPresent() ? batch.vector(call.filter().getAsInt()) : null;
                        accumulator.update(groupIds, rows, argument, filter);
                    }
                }
            }
        }
        if (groups.groupCount() == 0 && emptyInputGroup.isPresent()) {
            addGroup(emptyInputGroup.get());
        }
        for (Accumulator accumulator : accumulators) {
            accumulator.ensureCapacity(groups.groupCount());
        }
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
        input.close();
    }
}
