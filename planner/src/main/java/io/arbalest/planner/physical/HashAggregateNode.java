package io.arbalest.planner.physical;

import io.arbalest.planner.types.RowSchema;

import io.arbalest.planner.expr.Literal;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Groups rows by the {@code groupKeys} input columns and computes {@code aggregates} per group.
 * Output: the key columns, then per aggregate its value (SINGLE, FINAL) or its state columns
 * (PARTIAL). With no keys it emits exactly one row, also for empty input (SINGLE, FINAL).
 * A FINAL aggregate's input is a PARTIAL one's output: keys at 0..k-1, then the states.
 *
 * @param emptyInputGroup key values of a group to emit when the input has no rows at all (the
 *     grand total of ROLLUP, CUBE and GROUPING SETS with an empty set); SINGLE and FINAL only
 */
public record HashAggregateNode(PhysicalNode input, AggregateMode mode, List<Integer> groupKeys,
        List<AggregateCall> aggregates, RowSchema schema, Optional<List<Literal>> emptyInputGroup)
        implements PhysicalNode {
    public HashAggregateNode {
        requireNonNull(input, "input is null");
        requireNonNull(mode, "mode is null");
        groupKeys = List.copyOf(groupKeys);
        aggregates = List.copyOf(aggregates);
        requireNonNull(schema, "schema is null");
        emptyInputGroup = emptyInputGroup.map(List::copyOf);
        if (emptyInputGroup.isPresent() && emptyInputGroup.get().size() != groupKeys.size()) {
            throw new IllegalArgumentException("one value per group key expected");
        }
    }

    public HashAggregateNode(PhysicalNode input, AggregateMode mode, List<Integer> groupKeys,
            List<AggregateCall> aggregates, RowSchema schema) {
        this(input, mode, groupKeys, aggregates, schema, Optional.empty());
    }

    @Override
    public List<PhysicalNode> children() {
        return List.of(input);
    }

    @Override
    public PhysicalNode withChildren(List<PhysicalNode> children) {
        return new HashAggregateNode(children.get(0), mode, groupKeys, aggregates, schema, emptyInputGroup);
    }

    @Override
    public int partitionCount() {
        return input.partitionCount();
    }

    @Override
    public String describe() {
        return "HashAggregate " + mode + " keys=" + groupKeys + " aggregates=" + aggregates;
    }
}
