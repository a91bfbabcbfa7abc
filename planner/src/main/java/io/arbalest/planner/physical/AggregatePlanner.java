package io.arbalest.planner.physical;

import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.expr.Call;
import io.arbalest.planner.expr.ColumnRef;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.sql.TypeMapping;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.sql.SqlKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Plans Calcite aggregates: one step or partial/final across an exchange, and grouping sets
 * through an {@link ExpandNode}.
 */
final class AggregatePlanner {
    private AggregatePlanner() {
    }

    static PhysicalNode plan(Aggregate aggregate, PhysicalNode child) {
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return groupingSets(aggregate, child);
        }
        List<Integer> keys = aggregate.getGroupSet().asList();
        List<RelDataTypeField> outputFields = aggregate.getRowType().getFieldList();
        List<AggregateCall> calls = new ArrayList<>();
        List<Integer> sumZero = new ArrayList<>();
        // LITERAL_AGG (from decorrelation) is a constant per group: computed after aggregating.
        List<Literal> literals = new ArrayList<>();
        List<Column> aggregated = new ArrayList<>();
        RowSchema calciteSchema = PhysicalPlanner.outputSchema(aggregate.getRowType());
        for (int k = 0; k < keys.size(); k++) {
            aggregated.add(calciteSchema.column(k));
        }
        for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
            org.apache.calcite.rel.core.AggregateCall call = aggregate.getAggCallList().get(i);
            if (call.getAggregation().getKind() == SqlKind.LITERAL_AGG) {
                DataType type = TypeMapping.fromCalcite(call.getType());
                literals.add((Literal) Coercions.cast(RexConverter.literal((RexLiteral) call.rexList.get(0)), type));
                continue;
            }
            SqlKind kind = call.getAggregation().getKind();
            if (kind == SqlKind.GROUPING || kind == SqlKind.GROUPING_ID) {
                // One grouping set (the rewrite of a DISTINCT aggregate can leave one): every
                // key is grouped, so GROUPING(...) is 0.
                DataType type = TypeMapping.fromCalcite(call.getType());
                literals.add((Literal) Coercions.cast(new Literal(0L, DataType.BIGINT), type));
                continue;
            }
            literals.add(null);
            AggregateCall converted = aggregateCall(call, child.schema(), 0, outputFields.get(keys.size() + i).getName());
            calls.add(converted);
            aggregated.add(new Column(converted.name(), converted.type(),
                    outputFields.get(keys.size() + i).getType().isNullable()));
            if (call.getAggregation().getKind() == SqlKind.SUM0) {
                sumZero.add(aggregated.size() - 1);
            }
        }
        PhysicalNode result = hashAggregate(child, keys, calls, new RowSchema(aggregated));
        result = sumZero.isEmpty() ? result : coalesceToZero(result, sumZero);
        if (literals.stream().allMatch(java.util.Objects::isNull)) {
            return result;
        }
        List<Expr> expressions = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            expressions.add(new ColumnRef(k, result.schema().type(k)));
        }
        int next = keys.size();
        for (Literal literal : literals) {
            expressions.add(literal != null ? literal : new ColumnRef(next, result.schema().type(next++)));
        }
        return new ProjectNode(result, expressions, PhysicalPlanner.outputSchema(aggregate.getRowType(), expressions));
    }

    /**
     * GROUPING SETS, ROLLUP and CUBE: an Expand emits each row once per grouping set, with the
     * keys outside the set as NULL and the set's number as an extra key; GROUPING(...) values
     * are constants of each set and travel as keys too. A projection puts the columns in
     * Calcite's order.
     */
    private static PhysicalNode groupingSets(Aggregate aggregate, PhysicalNode child) {
        RowSchema input = child.schema();
        List<Integer> keys = aggregate.getGroupSet().asList();
        int keyCount = keys.size();
        List<org.apache.calcite.rel.core.AggregateCall> aggCalls = aggregate.getAggCallList();
        List<org.apache.calcite.rel.core.AggregateCall> groupings = aggCalls.stream()
                .filter(c -> c.getAggregation().getKind() == SqlKind.GROUPING
                        || c.getAggregation().getKind() == SqlKind.GROUPING_ID)
                .toList();
        for (org.apache.calcite.rel.core.AggregateCall call : aggCalls) {
            if (call.getAggregation().getKind() == SqlKind.GROUP_ID) {
                throw new UnsupportedFeatureException("GROUP_ID() is not supported yet.");
            }
        }

        List<Column> expandColumns = new ArrayList<>();
        for (int key : keys) {
            expandColumns.add(new Column(input.column(key).name(), input.type(key), true));
        }
        expandColumns.addAll(input.columns());
        expandColumns.add(new Column("$grouping_set", DataType.BIGINT, false));
        for (int g = 0; g < groupings.size(); g++) {
            expandColumns.add(new Column("$grouping" + g, DataType.BIGINT, false));
        }
        List<List<Expr>> projections = new ArrayList<>();
        List<org.apache.calcite.util.ImmutableBitSet> sets = aggregate.getGroupSets();
        for (int set = 0; set < sets.size(); set++) {
            org.apache.calcite.util.ImmutableBitSet groupSet = sets.get(set);
            List<Expr> projection = new ArrayList<>();
            for (int key : keys) {
                projection.add(groupSet.get(key) ? new ColumnRef(key, input.type(key)) : Literal.nullOf(input.type(key)));
            }
            for (int c = 0; c < input.size(); c++) {
                projection.add(new ColumnRef(c, input.type(c)));
            }
            projection.add(new Literal((long) set, DataType.BIGINT));
            for (org.apache.calcite.rel.core.AggregateCall grouping : groupings) {
                long bits = 0;
                for (int arg : grouping.getArgList()) {
                    bits = (bits << 1) | (groupSet.get(arg) ? 0 : 1);
                }
                projection.add(new Literal(bits, DataType.BIGINT));
            }
            projections.add(projection);
        }
        ExpandNode expand = new ExpandNode(child, projections, new RowSchema(expandColumns));

        // Aggregate on [keys, set number, GROUPING values] with the other calls shifted past the keys.
        List<Integer> aggregateKeys = new ArrayList<>();
        List<Column> outputColumns = new ArrayList<>();
        for (int k = 0; k < keyCount; k++) {
            aggregateKeys.add(k);
            outputColumns.add(expandColumns.get(k));
        }
        for (int g = 0; g <= groupings.size(); g++) {
            aggregateKeys.add(keyCount + input.size() + g);
            outputColumns.add(expandColumns.get(keyCount + input.size() + g));
        }
        List<AggregateCall> calls = new ArrayList<>();
        List<RelDataTypeField> fields = aggregate.getRowType().getFieldList();
        for (int i = 0; i < aggCalls.size(); i++) {
            if (!groupings.contains(aggCalls.get(i))) {
                AggregateCall call = aggregateCall(aggCalls.get(i), input, keyCount, fields.get(keyCount + i).getName());
                calls.add(call);
                outputColumns.add(new Column(call.name(), call.type(), fields.get(keyCount + i).getType().isNullable()));
            }
        }
        // The empty grouping set (a grand total) has a row even when there is no input, as in SQL.
        Optional<List<Literal>> emptyInputGroup = Optional.empty();
        int emptySet = sets.indexOf(org.apache.calcite.util.ImmutableBitSet.of());
        if (emptySet >= 0) {
            List<Literal> values = new ArrayList<>();
            for (int k = 0; k < keyCount; k++) {
                values.add(Literal.nullOf(expandColumns.get(k).type()));
            }
            List<Expr> projection = projections.get(emptySet);
            for (int g = 0; g <= groupings.size(); g++) {
                values.add((Literal) projection.get(keyCount + input.size() + g));
            }
            emptyInputGroup = Optional.of(values);
        }
        PhysicalNode grouped = hashAggregate(expand, aggregateKeys, calls, new RowSchema(outputColumns), emptyInputGroup);

        // Calcite's order: keys, then each call (a GROUPING value or an aggregate).
        RowSchema groupedSchema = grouped.schema();
        List<Expr> expressions = new ArrayList<>();
        for (int k = 0; k < keyCount; k++) {
            expressions.add(new ColumnRef(k, groupedSchema.type(k)));
        }
        int nextGrouping = keyCount + 1;
        int nextAggregate = keyCount + 1 + groupings.size();
        for (org.apache.calcite.rel.core.AggregateCall call : aggCalls) {
            int column = groupings.contains(call) ? nextGrouping++ : nextAggregate++;
            DataType type = groupedSchema.type(column);
            Expr ref = new ColumnRef(column, type);
            if (call.getAggregation().getKind() == SqlKind.SUM0) {
                ref = Call.of(Function.COALESCE, type, ref, Literal.zeroOf(type));
            }
            expressions.add(ref);
        }
        return new ProjectNode(grouped, expressions, PhysicalPlanner.outputSchema(aggregate.getRowType(), expressions));
    }

    /** Converts one Calcite aggregate call whose argument columns sit {@code shift} columns further right. */
    private static AggregateCall aggregateCall(org.apache.calcite.rel.core.AggregateCall call, RowSchema input,
            int shift, String name) {
        if (call.isDistinct()) {
            throw new UnsupportedFeatureException("DISTINCT inside " + call.getAggregation().getName()
                    + " is not supported in this position yet.");
        }
        AggregateFunction function = switch (call.getAggregation().getKind()) {
            case COUNT -> call.getArgList().isEmpty() ? AggregateFunction.COUNT_STAR : AggregateFunction.COUNT;
            case SUM, SUM0 -> AggregateFunction.SUM;
            case AVG -> AggregateFunction.AVG;
            case MIN -> AggregateFunction.MIN;
            case MAX -> AggregateFunction.MAX;
            case SINGLE_VALUE -> AggregateFunction.SINGLE_VALUE;
            default -> throw new UnsupportedFeatureException("Aggregate function "
                    + call.getAggregation().getName() + " is not supported yet.");
        };
        if (call.getArgList().size() > 1) {
            throw new UnsupportedFeatureException(call.getAggregation().getName() + " with several arguments "
                    + "is not supported yet.");
        }
        OptionalInt argument = call.getArgList().isEmpty() ? OptionalInt.empty()
                : OptionalInt.of(call.getArgList().get(0) + shift);
        Optional<DataType> argumentType = call.getArgList().isEmpty() ? Optional.empty()
                : Optional.of(input.type(call.getArgList().get(0)));
        OptionalInt filter = call.filterArg >= 0 ? OptionalInt.of(call.filterArg + shift) : OptionalInt.empty();
        return new AggregateCall(function, argument, argumentType, filter, TypeMapping.fromCalcite(call.getType()), name);
    }

    /** One aggregation step when the input is one partition, else partial per partition, gather, final. */
    private static PhysicalNode hashAggregate(PhysicalNode child, List<Integer> keys, List<AggregateCall> calls,
            RowSchema finalSchema) {
        return hashAggregate(child, keys, calls, finalSchema, Optional.empty());
    }

    private static PhysicalNode hashAggregate(PhysicalNode child, List<Integer> keys, List<AggregateCall> calls,
            RowSchema finalSchema, Optional<List<Literal>> emptyInputGroup) {
        if (child.partitionCount() == 1) {
            return new HashAggregateNode(child, AggregateMode.SINGLE, keys, calls, finalSchema, emptyInputGroup);
        }
        RowSchema inputSchema = child.schema();
        List<Column> partialColumns = new ArrayList<>();
        for (int key : keys) {
            partialColumns.add(inputSchema.column(key));
        }
        for (AggregateCall call : calls) {
            List<DataType> states = call.stateTypes();
            for (int s = 0; s < states.size(); s++) {
                partialColumns.add(new Column(call.name() + "$state" + s, states.get(s), true));
            }
        }
        PhysicalNode partial = new HashAggregateNode(child, AggregateMode.PARTIAL, keys, calls,
                new RowSchema(partialColumns));
        List<Integer> finalKeys = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            finalKeys.add(k);
        }
        return new HashAggregateNode(ExchangeNode.gather(partial), AggregateMode.FINAL, finalKeys, calls, finalSchema,
                emptyInputGroup);
    }

    /** SUM0 (Calcite's COUNT rewrite) is a SUM that answers 0 instead of NULL when no row was summed. */
    private static PhysicalNode coalesceToZero(PhysicalNode input, List<Integer> columns) {
        RowSchema schema = input.schema();
        List<Expr> expressions = new ArrayList<>();
        List<Column> outputColumns = new ArrayList<>();
        for (int i = 0; i < schema.size(); i++) {
            DataType type = schema.type(i);
            Expr ref = new ColumnRef(i, type);
            if (columns.contains(i)) {
                expressions.add(Call.of(Function.COALESCE, type, ref, Literal.zeroOf(type)));
                outputColumns.add(new Column(schema.column(i).name(), type, false));
            } else {
                expressions.add(ref);
                outputColumns.add(schema.column(i));
            }
        }
        return new ProjectNode(input, expressions, new RowSchema(outputColumns));
    }
}
