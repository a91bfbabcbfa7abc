package io.arbalest.planner.physical;

import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.DecimalValues;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexInterpreter;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.ImmutableBitSet;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the partitions of a partitioned table that a filter can match, from the partitions'
 * values alone, before any of their files is listed: the filter's conjuncts that read only
 * partition columns are evaluated (Calcite's {@link RexInterpreter}) for each partition's values;
 * a partition for which one of them is FALSE or NULL is not read. A conjunct the interpreter
 * cannot evaluate (a function call) keeps every partition, so pruning never drops a row.
 */
final class PartitionPruner {
    private PartitionPruner() {
    }

    /**
     * The indexes of the partitions to read.
     *
     * @param condition the filter, over the table's columns
     * @param firstPartitionColumn the table column index of the first partition column
     * @param rowType the table's row type
     */
    static List<Integer> select(List<List<Literal>> partitions, RexNode condition, int firstPartitionColumn,
            RelDataType rowType, RexBuilder rexBuilder) {
        int columns = rowType.getFieldCount();
        ImmutableBitSet partitionColumns = ImmutableBitSet.range(firstPartitionColumn, columns);
        List<RexNode> conjuncts = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
            ImmutableBitSet used = RelOptUtil.InputFinder.bits(conjunct);
            if (!used.isEmpty() && partitionColumns.contains(used) && RexUtil.isDeterministic(conjunct)) {
                conjuncts.add(conjunct);
            }
        }
        List<Integer> selected = new ArrayList<>();
        for (int p = 0; p < partitions.size(); p++) {
            if (conjuncts.isEmpty() || mightMatch(conjuncts, partitions.get(p), firstPartitionColumn, rowType, rexBuilder)) {
                selected.add(p);
            }
        }
        return selected;
    }

    private static boolean mightMatch(List<RexNode> conjuncts, List<Literal> values, int firstPartitionColumn,
            RelDataType rowType, RexBuilder rexBuilder) {
        Map<RexNode, Comparable> bindings = new HashMap<>();
        for (int c = 0; c < values.size(); c++) {
            int column = firstPartitionColumn + c;
            RelDataType type = rowType.getFieldList().get(column).getType();
            try {
                bindings.put(new RexInputRef(column, type),
                        RexInterpreter.evaluate(literal(values.get(c), type, rexBuilder), Map.of()));
            } catch (RuntimeException unsupported) {
                return true; // a value the interpreter cannot hold: read the partition
            }
        }
        for (RexNode conjunct : conjuncts) {
            Comparable result;
            try {
                result = RexInterpreter.evaluate(conjunct, bindings);
            } catch (RuntimeException cannotEvaluate) {
                continue; // unsupported here: the filter above the scan decides row by row
            }
            if (!Boolean.TRUE.equals(result)) {
                return false; // FALSE, or NULL (which a WHERE clause treats as FALSE)
            }
        }
        return true;
    }

    /** A partition value as the literal the interpreter compares the filter's literals with. */
    private static RexLiteral literal(Literal value, RelDataType type, RexBuilder rexBuilder) {
        if (value.isNull()) {
            return rexBuilder.makeNullLiteral(type);
        }
        return switch (value.type().kind()) {
            case BOOLEAN -> rexBuilder.makeLiteral(value.booleanValue());
            case INT, BIGINT -> rexBuilder.makeExactLiteral(BigDecimal.valueOf(value.longValue()), type);
            case DECIMAL -> rexBuilder.makeExactLiteral(DecimalValues.toBigDecimal(value.value(), value.type().scale()), type);
            case REAL, DOUBLE -> rexBuilder.makeApproxLiteral(BigDecimal.valueOf(value.doubleValue()), type);
            case DATE -> rexBuilder.makeDateLiteral(DateString.fromDaysSinceEpoch((int) value.longValue()));
            case VARCHAR -> rexBuilder.makeLiteral(value.stringValue());
            default -> throw new IllegalArgumentException("no partition literal of type " + value.type());
        };
    }
}
