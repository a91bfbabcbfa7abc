package io.arbalest.sdk;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * A column's type, by the SQL name the engine uses ({@code BIGINT}, {@code DECIMAL(15, 2)}); the
 * constants are in {@link DataTypes}. {@link #simpleString()} is Spark's name for it.
 */
public record DataType(String sqlName) {
    public DataType {
        requireNonNull(sqlName, "sqlName is null");
    }

    /** Spark's short name: bigint, int, double, decimal(15,2), string, date ... */
    public String simpleString() {
        String name = sqlName.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "varchar" -> "string";
            case "integer" -> "int";
            case "real" -> "float";
            default -> name.replace(" ", "");
        };
    }

    @Override
    public String toString() {
        return sqlName;
    }
}
