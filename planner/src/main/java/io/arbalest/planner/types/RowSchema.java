package io.arbalest.planner.types;

import java.util.List;
import java.util.stream.Collectors;

/** The ordered columns of a table or of an operator's output batches. */
public record RowSchema(List<Column> columns) {
    public RowSchema {
        columns = List.copyOf(columns);
    }

    public static RowSchema of(Column... columns) {
        return new RowSchema(List.of(columns));
    }

    public int size() {
        return columns.size();
    }

    public Column column(int index) {
        return columns.get(index);
    }

    public DataType type(int index) {
        return columns.get(index).type();
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    @Override
    public String toString() {
        return columns.stream().map(Column::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
