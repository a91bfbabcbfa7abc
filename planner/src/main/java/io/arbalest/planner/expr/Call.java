package io.arbalest.planner.expr;

import io.arbalest.planner.types.DataType;

import java.util.List;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** A function applied to arguments; {@code type} is the result type. */
public record Call(Function function, List<Expr> arguments, DataType type) implements Expr {
    public Call {
        requireNonNull(function, "function is null");
        requireNonNull(type, "type is null");
        arguments = List.copyOf(arguments);
    }

    public static Call of(Function function, DataType type, Expr... arguments) {
        return new Call(function, List.of(arguments), type);
    }

    public Expr argument(int index) {
        return arguments.get(index);
    }

    @Override
    public String toString() {
        if (function == Function.CAST) {
            return "CAST(" + arguments.get(0) + " AS " + type + ")";
        }
        return function + arguments.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
