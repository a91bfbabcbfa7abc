package io.arbalest.planner.physical;

import io.arbalest.planner.types.DataType;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * One aggregate of a hash aggregate.
 *
 * @param argument the input column aggregated (absent for COUNT(*))
 * @param argumentType that column's type (absent for COUNT(*))
 * @param filter a BOOLEAN input column: only rows where it is TRUE are aggregated (FILTER (WHERE ...))
 * @param type the result type
 */
public record AggregateCall(AggregateFunction function, OptionalInt argument, Optional<DataType> argumentType,
        OptionalInt filter, DataType type, String name) {
    public AggregateCall {
        requireNonNull(function, "function is null");
        requireNonNull(argument, "argument is null");
        requireNonNull(argumentType, "argumentType is null");
        requireNonNull(filter, "filter is null");
        requireNonNull(type, "type is null");
        requireNonNull(name, "name is null");
    }

    /**
     * The columns a PARTIAL aggregate emits for this call and a FINAL one reads: a count for
     * COUNT, the running value for SUM, MIN and MAX, a sum and a count for AVG, the value and the
     * number of rows for SINGLE_VALUE. AVG's sum of a decimal is typed as SUM's (10 more digits,
     * the argument's scale); of integers it is a BIGINT.
     */
    public List<DataType> stateTypes() {
        return switch (function) {
            case COUNT_STAR, COUNT -> List.of(DataType.BIGINT);
            case SUM, MIN, MAX -> List.of(type);
            case AVG -> List.of(averageSumType(), DataType.BIGINT);
            case SINGLE_VALUE -> List.of(type, DataType.BIGINT);
        };
    }

    public DataType averageSumType() {
        DataType input = argumentType.orElseThrow();
        return switch (input.kind()) {
            case DECIMAL -> input.decimalSumType();
            case INT, BIGINT -> DataType.BIGINT;
            default -> DataType.DOUBLE;
        };
    }

    @Override
    public String toString() {
        String arg = argument.isPresent() ? "$" + argument.getAsInt() : "*";
        return function + "(" + arg + ")" + (filter.isPresent() ? " FILTER $" + filter.getAsInt() : "");
    }
}
