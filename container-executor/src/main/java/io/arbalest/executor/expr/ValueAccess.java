package io.arbalest.executor.expr;

import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.DecimalValues;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Reads and writes single values in the engine representation (Boolean, Long, Double, String,
 * BigInteger for the unscaled values of wide decimals; see {@link DecimalValues}),
 * and formats and parses them as SQL text. For slow paths (casts, results, constants), never
 * for per-row work on a hot path.
 */
public final class ValueAccess {
    private static final DateTimeFormatter TIMESTAMP_FORMAT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true).optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter TIMESTAMP_PARSE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .toFormatter(Locale.ROOT);

    private ValueAccess() {
    }

    /** The value at {@code index}, or null for SQL NULL. */
    public static Object get(FieldVector vector, int index, DataType type) {
        if (vector.isNull(index)) {
            return null;
        }
        return switch (Storage.of(type)) {
            case BIT -> ((BitVector) vector).get(index) != 0;
            case INT32 -> (long) vector.getDataBuffer().getInt((long) index << 2);
            case INT64 -> vector.getDataBuffer().getLong((long) index << 3);
            case FLOAT32 -> (double) vector.getDataBuffer().getFloat((long) index << 2);
            case FLOAT64 -> vector.getDataBuffer().getDouble((long) index << 3);
            case UTF8 -> Utf8.string(vector, index);
            case INT128 -> Int128.get(vector.getDataBuffer(), index);
        };
    }

    /** Writes a value (null for SQL NULL); grows variable-width vectors as needed. */
    public static void set(FieldVector vector, int index, DataType type, Object value) {
        if (value == null) {
            if (vector instanceof VarCharVector strings) {
                strings.setNull(index);
                strings.fillEmpties(index + 1);
            } else {
                vector.setNull(index);
            }
            return;
        }
        switch (Storage.of(type)) {
            case BIT -> ((BitVector) vector).setSafe(index, (Boolean) value ? 1 : 0);
            case INT32 -> {
                ensure(vector, index);
                vector.getDataBuffer().setInt((long) index << 2, (int) (long) (Long) value);
                Bits.setValid(vector.getValidityBuffer(), index);
            }
            case INT64 -> {
                ensure(vector, index);
                vector.getDataBuffer().setLong((long) index << 3, (Long) value);
                Bits.setValid(vector.getValidityBuffer(), index);
            }
            case FLOAT32 -> {
                ensure(vector, index);
                vector.getDataBuffer().setFloat((long) index << 2, (float) (double) (Double) value);
                Bits.setValid(vector.getValidityBuffer(), index);
            }
            case FLOAT64 -> {
                ensure(vector, index);
                vector.getDataBuffer().setDouble((long) index << 3, (Double) value);
                Bits.setValid(vector.getValidityBuffer(), index);
            }
            case UTF8 -> ((VarCharVector) vector).setSafe(index, ((String) value).getBytes(StandardCharsets.UTF_8));
            case INT128 -> {
                ensure(vector, index);
                try {
                    Int128.set(vector.getDataBuffer(), index, DecimalValues.unscaled(value));
                } catch (ArithmeticException e) {
                    throw new QueryExecutionException("Numeric overflow: " + format(value, type) + " does not fit "
                            + type + ", whose values have at most 38 digits. CAST to DOUBLE to compute approximately.");
                }
                Bits.setValid(vector.getValidityBuffer(), index);
            }
        }
    }

    private static void ensure(FieldVector vector, int index) {
        while (index >= vector.getValueCapacity()) {
            vector.reAlloc();
        }
    }

    /** SQL text of a value: ISO-8601 dates and timestamps, decimals with their scale. */
    public static String format(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        return switch (type.kind()) {
            case DECIMAL -> DecimalValues.toBigDecimal(value, type.scale()).toPlainString();
            case DATE -> LocalDate.ofEpochDay((Long) value).toString();
            case TIMESTAMP -> TIMESTAMP_FORMAT.format(LocalDateTime.ofEpochSecond(
                    Math.floorDiv((Long) value, 1_000_000L), (int) Math.floorMod((Long) value, 1_000_000L) * 1000,
                    ZoneOffset.UTC));
            case REAL -> Float.toString((float) (double) (Double) value);
            default -> value.toString();
        };
    }

    /** Parses SQL text into a value of {@code type}; throws on malformed text. */
    public static Object parse(String text, DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> {
                String lower = text.toLowerCase(Locale.ROOT);
                // Spark's words for a boolean
                if (lower.equals("true") || lower.equals("t") || lower.equals("yes") || lower.equals("y") || lower.equals("1")) {
                    yield true;
                }
                if (lower.equals("false") || lower.equals("f") || lower.equals("no") || lower.equals("n") || lower.equals("0")) {
                    yield false;
                }
                throw new NumberFormatException("not a boolean");
            }
            case INT -> (long) Integer.parseInt(text);
            case BIGINT -> Long.parseLong(text);
            case REAL, DOUBLE -> Double.parseDouble(text);
            case DECIMAL -> DecimalValues.of(new BigDecimal(text), type);
            case DATE -> LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text).toEpochDay();
            case TIMESTAMP -> {
                LocalDateTime time = LocalDateTime.parse(text, TIMESTAMP_PARSE);
                yield ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), time);
            }
            case VARCHAR -> text;
            default -> throw new QueryExecutionException("Cannot parse a " + type + " from text.");
        };
    }
}
