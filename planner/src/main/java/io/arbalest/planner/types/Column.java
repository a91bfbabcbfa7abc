package io.arbalest.planner.types;

import static java.util.Objects.requireNonNull;

/** A named, typed column of a table or of an operator's output. */
public record Column(String name, DataType type, boolean nullable) {
    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }

    @Override
    public String toString() {
        return name + " " + type + (nullable ? "" : " NOT NULL");
    }
}
