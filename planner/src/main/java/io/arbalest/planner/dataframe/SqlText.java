package io.arbalest.planner.dataframe;

import io.arbalest.planner.error.SqlValidationException;
import io.arbalest.proto.logical.Literal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL text for the pieces of a DataFrame plan: quoted identifiers, typed literals and type
 * names. Every identifier is quoted, so any name a user picks (reserved words, spaces, quotes)
 * means itself; the front end still matches names case-insensitively, as Spark does.
 */
final class SqlText {
    /** Spark's and Hive's type names that differ from ours, lower case. */
    private static final Map<String, String> TYPE_ALIASES = Map.ofEntries(
            Map.entry("string", "VARCHAR"), Map.entry("varchar", "VARCHAR"), Map.entry("text", "VARCHAR"),
            Map.entry("long", "BIGINT"), Map.entry("bigint", "BIGINT"),
            Map.entry("int", "INTEGER"), Map.entry("integer", "INTEGER"),
            Map.entry("short", "SMALLINT"), Map.entry("smallint", "SMALLINT"),
            Map.entry("byte", "TINYINT"), Map.entry("tinyint", "TINYINT"),
            Map.entry("float", "REAL"), Map.entry("real", "REAL"),
            Map.entry("double", "DOUBLE"), Map.entry("boolean", "BOOLEAN"), Map.entry("bool", "BOOLEAN"),
            Map.entry("date", "DATE"), Map.entry("timestamp", "TIMESTAMP"),
            // Spark's DECIMAL without arguments is DECIMAL(10, 0).
            Map.entry("decimal", "DECIMAL(10, 0)"), Map.entry("numeric", "DECIMAL(10, 0)"));
    private static final Pattern DECIMAL = Pattern.compile("(?i)\\s*(decimal|numeric|dec)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)\\s*");
    private static final Pattern SIZED_STRING = Pattern.compile("(?i)\\s*(varchar|char|character)\\s*\\(\\s*\\d+\\s*\\)\\s*");

    private SqlText() {
    }

    /** A quoted identifier: {@code "name"} with inner quotes doubled. */
    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * A table's name as Spark's {@code spark.table(...)} takes it: {@code t} or {@code db.t}, each
     * part optionally in backquotes (then it may hold a dot), quoted part by part.
     */
    static String tableName(String name) {
        return String.join(".", ExpressionText.nameParts(name).stream().map(SqlText::identifier).toList());
    }

    /** A quoted string literal. Characters outside Latin-1 are written as a Unicode escape literal. */
    static String string(String value) {
        boolean latin1 = value.chars().allMatch(c -> c < 256);
        if (latin1) {
            return "'" + value.replace("'", "''") + "'";
        }
        StringBuilder text = new StringBuilder("U&'");
        value.chars().forEach(c -> {
            if (c == '\'') {
                text.append("''");
            } else if (c == '\\') {
                text.append("\\\\");
            } else if (c < 128) {
                text.append((char) c);
            } else {
                text.append(String.format(Locale.ROOT, "\\%04X", c));
            }
        });
        return text.append('\'').toString();
    }

    /**
     * The SQL type a type name means: ours (BIGINT, DECIMAL(15, 2) ...) or Spark's and Hive's
     * (string, long, int, decimal ...). Fails naming the type when it is not one.
     */
    static String type(String name) {
        Matcher decimal = DECIMAL.matcher(name);
        if (decimal.matches()) {
            return "DECIMAL(" + decimal.group(2) + ", " + (decimal.group(3) == null ? "0" : decimal.group(3)) + ")";
        }
        if (SIZED_STRING.matcher(name).matches()) {
            return "VARCHAR";
        }
        String type = TYPE_ALIASES.get(name.trim().toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new SqlValidationException("Unknown type '" + name + "'. Use one of BOOLEAN, INT, BIGINT, FLOAT, "
                    + "DOUBLE, DECIMAL(p, s), DATE, TIMESTAMP, STRING.", null);
        }
        return type;
    }

    /** A literal as SQL text of exactly its type (a NULL is a NULL of that type). */
    static String literal(Literal literal) {
        return switch (literal.getValueCase()) {
            case BOOL_VALUE -> literal.getBoolValue() ? "TRUE" : "FALSE";
            // a plain literal, as window functions' counts (ntile(3)) must be; SQL types it INTEGER
            case INT_VALUE -> literal.getIntValue() == Integer.MIN_VALUE ? "CAST(" + literal.getIntValue() + " AS INTEGER)"
                    : literal.getIntValue() < 0 ? "(" + literal.getIntValue() + ")" : Integer.toString(literal.getIntValue());
            case LONG_VALUE -> "CAST(" + literal.getLongValue() + " AS BIGINT)";
            case DOUBLE_VALUE -> doubleLiteral(literal.getDoubleValue());
            case STRING_VALUE -> string(literal.getStringValue());
            case DECIMAL_VALUE -> "CAST(" + new BigDecimal(literal.getDecimalValue()).toPlainString() + " AS "
                    + type(literal.getType()) + ")";
            case DATE_VALUE -> "DATE '" + LocalDate.ofEpochDay(literal.getDateValue()) + "'";
            case TIMESTAMP_VALUE -> "TIMESTAMP '" + timestamp(literal.getTimestampValue()) + "'";
            case VALUE_NOT_SET -> literal.getType().isEmpty() ? "NULL" : "CAST(NULL AS " + type(literal.getType()) + ")";
        };
    }

    /** How Spark names a column that is just this literal. */
    static String literalName(Literal literal) {
        return switch (literal.getValueCase()) {
            case BOOL_VALUE -> literal.getBoolValue() ? "true" : "false";
            case INT_VALUE -> Integer.toString(literal.getIntValue());
            case LONG_VALUE -> Long.toString(literal.getLongValue());
            case DOUBLE_VALUE -> Double.toString(literal.getDoubleValue());
            case STRING_VALUE -> literal.getStringValue();
            case DECIMAL_VALUE -> literal.getDecimalValue();
            case DATE_VALUE -> "DATE '" + LocalDate.ofEpochDay(literal.getDateValue()) + "'";
            case TIMESTAMP_VALUE -> "TIMESTAMP '" + timestamp(literal.getTimestampValue()) + "'";
            case VALUE_NOT_SET -> "NULL";
        };
    }

    private static String doubleLiteral(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "CAST('" + (Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity") + "' AS DOUBLE)";
        }
        String text = Double.toString(value);
        // An approximate literal (with an exponent) is a DOUBLE; 1.5 alone would be a DECIMAL.
        return "CAST(" + (text.contains("E") ? text : text + "E0") + " AS DOUBLE)";
    }

    private static String timestamp(long micros) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
        String text = time.toLocalDate() + " " + String.format(Locale.ROOT, "%02d:%02d:%02d", time.getHour(),
                time.getMinute(), time.getSecond());
        int fraction = time.getNano() / 1000;
        return fraction == 0 ? text : text + String.format(Locale.ROOT, ".%06d", fraction);
    }
}
