package io.arbalest.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The schema of a DataFrame or a {@link Row}: its columns in order. Immutable. */
public final class StructType {
    private final List<StructField> fields;

    public StructType(List<StructField> fields) {
        this.fields = List.copyOf(fields);
    }

    public StructType() {
        this(List.of());
    }

    /** This schema with one more column, nullable. */
    public StructType add(String name, DataType type) {
        return add(name, type, true);
    }

    public StructType add(String name, DataType type, boolean nullable) {
        List<StructField> more = new ArrayList<>(fields);
        more.add(new StructField(name, type, nullable));
        return new StructType(more);
    }

    public List<StructField> fields() {
        return fields;
    }

    public String[] fieldNames() {
        return fields.stream().map(StructField::name).toArray(String[]::new);
    }

    public int size() {
        return fields.size();
    }

    public StructField apply(int index) {
        return fields.get(index);
    }

    /** The position of the column with this name (case-insensitive, as names resolve); fails naming the columns. */
    public int fieldIndex(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw new IllegalArgumentException("No column '" + name + "'; the columns are "
                + String.join(", ", fieldNames()) + ".");
    }

    /** Spark's printSchema text: {@code root}, then {@code  |-- name: type (nullable = true)} per column. */
    public String treeString() {
        StringBuilder text = new StringBuilder("root\n");
        for (StructField field : fields) {
            text.append(" |-- ").append(field.name()).append(": ").append(field.dataType().simpleString())
                    .append(" (nullable = ").append(field.nullable()).append(")\n");
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StructType type && type.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "StructType" + fields;
    }
}
