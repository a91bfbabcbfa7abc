package io.arbalest.sdk;

import io.arbalest.proto.logical.Expression;
import io.arbalest.proto.logical.Literal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Java values as plan literals, of the SQL type each Java type stands for. */
final class Literals {
    private Literals() {
    }

    static Expression expression(Object value) {
        if (value instanceof Column column) {
            return column.expression();
        }
        return Expression.newBuilder().setLiteral(literal(value)).build();
    }

    static Literal literal(Object value) {
        Literal.Builder literal = Literal.newBuilder();
        if (value == null) {
            return literal.build();
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return literal.setType("INTEGER").setIntValue(((Number) value).intValue()).build();
        }
        if (value instanceof Long l) {
            return literal.setType("BIGINT").setLongValue(l).build();
        }
        if (value instanceof Double || value instanceof Float) {
            return literal.setType("DOUBLE").setDoubleValue(((Number) value).doubleValue()).build();
        }
        if (value instanceof BigDecimal decimal) {
            int scale = Math.max(decimal.scale(), 0);
            BigDecimal scaled = decimal.setScale(scale);
            int precision = Math.max(scaled.precision(), scale);
            return literal.setType("DECIMAL(" + precision + ", " + scale + ")").setDecimalValue(scaled.toPlainString())
                    .build();
        }
        if (value instanceof String s) {
            return literal.setType("VARCHAR").setStringValue(s).build();
        }
        if (value instanceof Character c) {
            return literal.setType("VARCHAR").setStringValue(c.toString()).build();
        }
        if (value instanceof Boolean b) {
            return literal.setType("BOOLEAN").setBoolValue(b).build();
        }
        if (value instanceof LocalDate date) {
            return literal.setType("DATE").setDateValue(Math.toIntExact(date.toEpochDay())).build();
        }
        if (value instanceof java.sql.Date date) {
            return literal(date.toLocalDate());
        }
        if (value instanceof LocalDateTime time) {
            long micros = Math.addExact(Math.multiplyExact(time.toEpochSecond(ZoneOffset.UTC), 1_000_000L),
                    time.getNano() / 1000);
            return literal.setType("TIMESTAMP").setTimestampValue(micros).build();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return literal(timestamp.toLocalDateTime());
        }
        throw new IllegalArgumentException("Cannot use a " + value.getClass().getName() + " as a SQL value; use a "
                + "number, String, BigDecimal, Boolean, LocalDate or LocalDateTime.");
    }

    /** A value of a column of {@code type} (createDataFrame): checked against the type, then a literal of it. */
    static Literal literal(Object value, DataType type, String column) {
        if (value == null) {
            return Literal.newBuilder().setType(type.sqlName()).build();
        }
        String name = type.sqlName();
        boolean fits = switch (name.startsWith("DECIMAL") ? "DECIMAL" : name) {
            case "BOOLEAN" -> value instanceof Boolean;
            case "INTEGER" -> value instanceof Integer || value instanceof Short || value instanceof Byte;
            case "BIGINT" -> value instanceof Long || value instanceof Integer;
            case "REAL", "DOUBLE" -> value instanceof Number && !(value instanceof BigDecimal);
            case "DECIMAL" -> value instanceof BigDecimal || value instanceof Long || value instanceof Integer;
            case "VARCHAR" -> value instanceof String;
            case "DATE" -> value instanceof LocalDate || value instanceof java.sql.Date;
            case "TIMESTAMP" -> value instanceof LocalDateTime || value instanceof java.sql.Timestamp;
            default -> true;
        };
        if (!fits) {
            throw new IllegalArgumentException("Column '" + column + "' is " + name + " but a row holds the "
                    + value.getClass().getSimpleName() + " " + value + ".");
        }
        if (name.startsWith("DECIMAL") && !(value instanceof BigDecimal)) {
            return literal(BigDecimal.valueOf(((Number) value).longValue()));
        }
        return literal(value);
    }
}
