package io.arbalest.planner.physical;

import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.sql.TypeMapping;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.sql.SqlKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Plans Calcite windows as chained {@link WindowNode}s. */
final class WindowPlanner {
    private WindowPlanner() {
    }

    /**
     * One WindowNode per window group, chained: each appends its functions' columns, which is
     * Calcite's layout (input fields, then every group's calls in order). Operands past the
     * input's fields are the window's constants (LAG offsets and defaults, frame offsets).
     */
    static PhysicalNode plan(Window window, PhysicalNode input) {
        PhysicalNode current = input;
        if (current.partitionCount() > 1) {
            current = ExchangeNode.gather(current);
        }
        int inputWidth = window.getInput().getRowType().getFieldCount();
        List<RelDataTypeField> fields = window.getRowType().getFieldList();
        int nextField = inputWidth;
        for (Window.Group group : window.groups) {
            List<SortKey> orderKeys = new ArrayList<>();
            for (RelFieldCollation collation : group.orderKeys.getFieldCollations()) {
                orderKeys.add(SortKey.of(collation));
            }
            WindowNode.Frame frame = new WindowNode.Frame(group.isRows, bound(group.lowerBound, window, group),
                    bound(group.upperBound, window, group));
            List<WindowNode.Function> functions = new ArrayList<>();
            List<Column> columns = new ArrayList<>(current.schema().columns());
            for (Window.RexWinAggCall call : group.aggCalls) {
                RelDataTypeField field = fields.get(nextField++);
                WindowNode.Function function = windowFunction(call, window, current.schema(), field.getName());
                functions.add(function);
                columns.add(new Column(field.getName(), function.type(), field.getType().isNullable()));
            }
            current = new WindowNode(current, group.keys.asList(), orderKeys, frame, functions, new RowSchema(columns));
        }
        return current;
    }

    private static WindowNode.Bound bound(RexWindowBound bound, Window window, Window.Group group) {
        if (bound.isUnboundedPreceding()) {
            return new WindowNode.Bound(WindowNode.BoundKind.UNBOUNDED_PRECEDING, 0);
        }
        if (bound.isUnboundedFollowing()) {
            return new WindowNode.Bound(WindowNode.BoundKind.UNBOUNDED_FOLLOWING, 0);
        }
        if (bound.isCurrentRow()) {
            return new WindowNode.Bound(WindowNode.BoundKind.CURRENT_ROW, 0);
        }
        if (!group.isRows) {
            throw new UnsupportedFeatureException("RANGE frames with an offset (" + bound + ") are not supported yet; "
                    + "use ROWS BETWEEN n PRECEDING AND ... instead.");
        }
        Literal offset = constant(bound.getOffset(), window);
        if (offset.isNull() || !(offset.value() instanceof Long rows) || rows < 0) {
            throw new UnsupportedFeatureException("A ROWS frame offset must be a non-negative integer, not " + offset + ".");
        }
        return new WindowNode.Bound(bound.isPreceding() ? WindowNode.BoundKind.PRECEDING : WindowNode.BoundKind.FOLLOWING,
                rows);
    }

    /** A window operand that is a constant: a literal, or a reference past the input's fields. */
    private static Literal constant(RexNode node, Window window) {
        if (node instanceof RexLiteral literal) {
            return RexConverter.literal(literal);
        }
        if (node instanceof RexInputRef ref) {
            int width = window.getInput().getRowType().getFieldCount();
            if (ref.getIndex() >= width) {
                return RexConverter.literal(window.getConstants().get(ref.getIndex() - width));
            }
        }
        throw new UnsupportedFeatureException("A window function's offset and default must be constants, not " + node + ".");
    }

    private static WindowNode.Function windowFunction(Window.RexWinAggCall call, Window window, RowSchema input,
            String name) {
        if (call.distinct) {
            throw new UnsupportedFeatureException("DISTINCT inside a window function is not supported yet.");
        }
        int width = window.getInput().getRowType().getFieldCount();
        List<RexNode> operands = call.getOperands();
        OptionalInt argument = OptionalInt.empty();
        Optional<DataType> argumentType = Optional.empty();
        if (!operands.isEmpty() && operands.get(0) instanceof RexInputRef ref && ref.getIndex() < width) {
            argument = OptionalInt.of(ref.getIndex());
            argumentType = Optional.of(input.type(ref.getIndex()));
        }
        DataType type = TypeMapping.fromCalcite(call.getType());
        SqlKind kind = call.getOperator().getKind();
        WindowNode.Kind windowKind = switch (kind) {
            case ROW_NUMBER -> WindowNode.Kind.ROW_NUMBER;
            case RANK -> WindowNode.Kind.RANK;
            case DENSE_RANK -> WindowNode.Kind.DENSE_RANK;
            case NTILE -> WindowNode.Kind.NTILE;
            case PERCENT_RANK -> WindowNode.Kind.PERCENT_RANK;
            case CUME_DIST -> WindowNode.Kind.CUME_DIST;
            case FIRST_VALUE -> WindowNode.Kind.FIRST_VALUE;
            case LAST_VALUE -> WindowNode.Kind.LAST_VALUE;
            case NTH_VALUE -> WindowNode.Kind.NTH_VALUE;
            case LAG -> WindowNode.Kind.LAG;
            case LEAD -> WindowNode.Kind.LEAD;
            case SUM -> WindowNode.Kind.SUM;
            case SUM0 -> WindowNode.Kind.SUM0;
            case AVG -> WindowNode.Kind.AVG;
            case MIN -> WindowNode.Kind.MIN;
            case MAX -> WindowNode.Kind.MAX;
            case COUNT -> argument.isPresent() ? WindowNode.Kind.COUNT : WindowNode.Kind.COUNT_STAR;
            default -> throw new UnsupportedFeatureException("Window function " + call.getOperator().getName()
                    + " is not supported yet.");
        };
        boolean needsArgument = switch (windowKind) {
            case ROW_NUMBER, RANK, DENSE_RANK, NTILE, PERCENT_RANK, CUME_DIST, COUNT_STAR -> false;
            default -> true;
        };
        if (needsArgument && argument.isEmpty()) {
            throw new UnsupportedFeatureException("Window function " + call.getOperator().getName()
                    + " needs a column argument; got " + operands + ".");
        }
        long offset = 1;
        Optional<Literal> defaultValue = Optional.empty();
        if (windowKind == WindowNode.Kind.LAG || windowKind == WindowNode.Kind.LEAD) {
            if (operands.size() > 1) {
                Literal literal = constant(operands.get(1), window);
                if (literal.isNull() || !(literal.value() instanceof Long rows) || rows < 0) {
                    throw new UnsupportedFeatureException("LAG/LEAD offset must be a non-negative integer, not "
                            + literal + ".");
                }
                offset = rows;
            }
            if (operands.size() > 2) {
                defaultValue = Optional.of((Literal) Coercions.cast(constant(operands.get(2), window), type));
            }
            if (!argumentType.orElseThrow().equals(type)) {
                throw new UnsupportedFeatureException("LAG/LEAD of " + argumentType.get() + " as " + type
                        + " is not supported yet; CAST the argument.");
            }
        }
        if (windowKind == WindowNode.Kind.NTILE || windowKind == WindowNode.Kind.NTH_VALUE) {
            int at = windowKind == WindowNode.Kind.NTILE ? 0 : 1;
            Literal literal = operands.size() > at ? constant(operands.get(at), window) : Literal.nullOf(DataType.BIGINT);
            if (literal.isNull() || !(literal.value() instanceof Long count) || count < 1) {
                throw new UnsupportedFeatureException(call.getOperator().getName() + "'s "
                        + (at == 0 ? "bucket count" : "position") + " must be a positive integer constant, not " + literal
                        + ".");
            }
            offset = count;
        }
        boolean valueOfARow = switch (windowKind) {
            case LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE -> true;
            default -> false;
        };
        if (valueOfARow && windowKind != WindowNode.Kind.LAG && windowKind != WindowNode.Kind.LEAD
                && !argumentType.orElseThrow().equals(type)) {
            throw new UnsupportedFeatureException(call.getOperator().getName() + " of " + argumentType.get() + " as "
                    + type + " is not supported yet; CAST the argument.");
        }
        return new WindowNode.Function(windowKind, argument, argumentType, offset, defaultValue, type, name);
    }
}
