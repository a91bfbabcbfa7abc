package io.arbalest.planner.physical;

import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * Window functions of one window (PARTITION BY, ORDER BY, frame): each input row, followed by
 * one column per function. Runs on one partition holding all rows, which it sorts by the
 * partition keys and then the order keys.
 */
public record WindowNode(PhysicalNode input, List<Integer> partitionKeys, List<SortKey> orderKeys, Frame frame,
        List<Function> functions, RowSchema schema) implements PhysicalNode {
    public WindowNode {
        requireNonNull(input, "input is null");
        partitionKeys = List.copyOf(partitionKeys);
        orderKeys = List.copyOf(orderKeys);
        requireNonNull(frame, "frame is null");
        functions = List.copyOf(functions);
        requireNonNull(schema, "schema is null");
        if (input.partitionCount() != 1) {
            throw new IllegalArgumentException("a window needs its input in one partition");
        }
    }

    /**
     * The window functions. NTILE's bucket count and NTH_VALUE's position are the function's
     * {@code offset}; FIRST_VALUE, LAST_VALUE and NTH_VALUE read the frame, the others the partition.
     */
    public enum Kind {
        ROW_NUMBER, RANK, DENSE_RANK, NTILE, PERCENT_RANK, CUME_DIST, LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE,
        SUM, SUM0, AVG, MIN, MAX, COUNT, COUNT_STAR
    }

    /**
     * One window function.
     *
     * @param argument the input column it reads (absent for the ranking functions and COUNT(*))
     * @param offset LAG's and LEAD's distance in rows, NTILE's buckets, NTH_VALUE's 1-based position
     * @param defaultValue LAG's and LEAD's value past the partition's edge (NULL when absent)
     */
    public record Function(Kind kind, OptionalInt argument, Optional<DataType> argumentType, long offset,
            Optional<Literal> defaultValue, DataType type, String name) {
        public Function {
            requireNonNull(kind, "kind is null");
            requireNonNull(argument, "argument is null");
            requireNonNull(argumentType, "argumentType is null");
            requireNonNull(defaultValue, "defaultValue is null");
            requireNonNull(type, "type is null");
            requireNonNull(name, "name is null");
        }

        @Override
        public String toString() {
            return kind + "(" + (argument.isPresent() ? "$" + argument.getAsInt() : "") + ")";
        }
    }

    public enum BoundKind { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

    /** A frame bound; {@code offset} counts rows for PRECEDING and FOLLOWING. */
    public record Bound(BoundKind kind, long offset) {
        @Override
        public String toString() {
            return switch (kind) {
                case PRECEDING -> offset + " PRECEDING";
                case FOLLOWING -> offset + " FOLLOWING";
                default -> kind.name().replace('_', ' ');
            };
        }
    }

    /**
     * The rows an aggregate sees: ROWS counts rows; RANGE (bounds UNBOUNDED or CURRENT ROW only)
     * extends CURRENT ROW to the row's peers, the rows equal to it on the order keys.
     */
    public record Frame(boolean rows, Bound lower, Bound upper) {
        @Override
        public String toString() {
            return (rows ? "ROWS" : "RANGE") + " BETWEEN " + lower + " AND " + upper;
        }
    }

    @Override
    public List<PhysicalNode> children() {
        return List.of(input);
    }

    @Override
    public PhysicalNode withChildren(List<PhysicalNode> children) {
        return new WindowNode(children.get(0), partitionKeys, orderKeys, frame, functions, schema);
    }

    @Override
    public int partitionCount() {
        return 1;
    }

    @Override
    public String describe() {
        return "Window partition=" + partitionKeys + " order=" + orderKeys + " " + frame + " " + functions;
    }
}
