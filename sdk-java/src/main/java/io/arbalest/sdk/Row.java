package io.arbalest.sdk;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One row of a result, or of {@link ArbalestSession#createDataFrame}. Values are Java objects of
 * their column's SQL type: BOOLEAN Boolean, INT Integer, BIGINT Long, FLOAT Float, DOUBLE
 * Double, DECIMAL BigDecimal, DATE LocalDate, TIMESTAMP LocalDateTime, STRING String; NULL is
 * null. Immutable.
 */
public final class Row {
    private final Object[] values;
    private final StructType schema;

    Row(Object[] values, StructType schema) {
        this.values = values;
        this.schema = schema;
    }

    /** A row of these values, without a schema (for createDataFrame, which gives one). */
    public static Row of(Object... values) {
        return new Row(values.clone(), null);
    }

    public int size() {
        return values.length;
    }

    public int length() {
        return values.length;
    }

    /** The schema of a result's row; null for a row made with {@link #of}. */
    public StructType schema() {
        return schema;
    }

    public Object get(int i) {
        return values[i];
    }

    public boolean isNullAt(int i) {
        return values[i] == null;
    }

    /** The position of a column by name (needs the schema, so a result's row). */
    public int fieldIndex(String name) {
        if (schema == null) {
            throw new UnsupportedOperationException("A row made with Row.of has no column names.");
        }
        return schema.fieldIndex(name);
    }

    public <T> T getAs(int i) {
        @SuppressWarnings("unchecked")
        T value = (T) values[i];
        return value;
    }

    public <T> T getAs(String name) {
        return getAs(fieldIndex(name));
    }

    public String getString(int i) {
        return typed(i, String.class);
    }

    public String getString(String name) {
        return getString(fieldIndex(name));
    }

    /** An INT column's value; NULL is an error (check isNullAt first). */
    public int getInt(int i) {
        return notNull(i, Integer.class);
    }

    public int getInt(String name) {
        return getInt(fieldIndex(name));
    }

    /** A BIGINT column's value (INT widens); NULL is an error. */
    public long getLong(int i) {
        Object value = notNull(i, Number.class);
        if (value instanceof Long || value instanceof Integer) {
            return ((Number) value).longValue();
        }
        throw mismatch(i, "BIGINT");
    }

    public long getLong(String name) {
        return getLong(fieldIndex(name));
    }

    /** A DOUBLE (or FLOAT) column's value; NULL is an error. */
    public double getDouble(int i) {
        Object value = notNull(i, Number.class);
        if (value instanceof Double || value instanceof Float) {
            return ((Number) value).doubleValue();
        }
        throw mismatch(i, "DOUBLE");
    }

    public double getDouble(String name) {
        return getDouble(fieldIndex(name));
    }

    public float getFloat(int i) {
        return notNull(i, Float.class);
    }

    public boolean getBoolean(int i) {
        return notNull(i, Boolean.class);
    }

    public boolean getBoolean(String name) {
        return getBoolean(fieldIndex(name));
    }

    public BigDecimal getDecimal(int i) {
        return typed(i, BigDecimal.class);
    }

    public BigDecimal getDecimal(String name) {
        return getDecimal(fieldIndex(name));
    }

    public LocalDate getDate(int i) {
        return typed(i, LocalDate.class);
    }

    public LocalDate getDate(String name) {
        return getDate(fieldIndex(name));
    }

    public LocalDateTime getTimestamp(int i) {
        return typed(i, LocalDateTime.class);
    }

    public LocalDateTime getTimestamp(String name) {
        return getTimestamp(fieldIndex(name));
    }

    /** The values in column order. */
    public List<Object> toList() {
        return Arrays.asList(values.clone());
    }

    private <T> T typed(int i, Class<T> type) {
        Object value = values[i];
        if (value != null && !type.isInstance(value)) {
            throw mismatch(i, type.getSimpleName());
        }
        return type.cast(value);
    }

    private <T> T notNull(int i, Class<T> type) {
        T value = typed(i, type);
        if (value == null) {
            throw new NullPointerException("Column " + describe(i) + " is NULL in this row: check isNullAt(" + i
                    + ") first, or use get(" + i + ").");
        }
        return value;
    }

    private ClassCastException mismatch(int i, String wanted) {
        return new ClassCastException("Column " + describe(i) + " holds " + values[i].getClass().getSimpleName()
                + " values" + (schema == null ? "" : " (" + schema.apply(i).dataType() + ")") + ", not " + wanted + ".");
    }

    private String describe(int i) {
        return schema == null ? Integer.toString(i) : "'" + schema.apply(i).name() + "'";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Row row && Arrays.equals(values, row.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** Spark's form: [1,abc,null]. */
    @Override
    public String toString() {
        return "[" + String.join(",", Arrays.stream(values).map(v -> Objects.toString(v, "null")).toList()) + "]";
    }
}
