package io.arbalest.executor.expr;

import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.DataType.Kind;
import io.arbalest.planner.types.DecimalValues;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.regex.Pattern;

/** Row-at-a-time implementations of the scalar functions that {@link RowKernel} runs. */
final class ScalarFunctions {
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private ScalarFunctions() {
    }

    static Object negate(Object value, DataType type) {
        if (value instanceof Double d) {
            return -d;
        }
        if (value instanceof BigInteger wide) {
            return wide.negate(); // 38 digits either way
        }
        try {
            return Math.negateExact((Long) value);
        } catch (ArithmeticException e) {
            throw new QueryExecutionException("Numeric overflow: negating " + value + " does not fit " + type + ".");
        }
    }

    static Object abs(Object value, DataType type) {
        if (value instanceof Double d) {
            return Math.abs(d);
        }
        if (value instanceof BigInteger wide) {
            return wide.abs();
        }
        try {
            return Math.absExact((Long) value);
        } catch (ArithmeticException e) {
            throw new QueryExecutionException("Numeric overflow: ABS(" + value + ") does not fit " + type + ".");
        }
    }

    /** ROUND half away from zero, to {@code places} digits after the point (negative: before it). */
    static Object round(Object value, DataType inputType, DataType type, int places) {
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return d;
            }
            return BigDecimal.valueOf(d).setScale(places, RoundingMode.HALF_UP).doubleValue();
        }
        int scale = inputType.kind() == Kind.DECIMAL ? inputType.scale() : 0;
        BigDecimal rounded = DecimalValues.toBigDecimal(value, scale).setScale(places, RoundingMode.HALF_UP);
        return exactResult(rounded, type);
    }

    static Object floorOrCeil(Object value, DataType inputType, DataType type, boolean floor) {
        if (value instanceof Double d) {
            return floor ? Math.floor(d) : Math.ceil(d);
        }
        int scale = inputType.kind() == Kind.DECIMAL ? inputType.scale() : 0;
        BigDecimal whole = DecimalValues.toBigDecimal(value, scale).setScale(0, floor ? RoundingMode.FLOOR : RoundingMode.CEILING);
        return exactResult(whole, type);
    }

    /** A rounded value as a value of the integer or decimal {@code type}, whose scale holds it exactly. */
    private static Object exactResult(BigDecimal value, DataType type) {
        if (type.kind() != Kind.DECIMAL) {
            return value.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
        }
        return DecimalValues.box(value.setScale(type.scale(), RoundingMode.UNNECESSARY).unscaledValue(), type);
    }

    /** EXTRACT(field FROM value); value is days (DATE) or microseconds (TIMESTAMP). */
    static Object extract(String field, Object value, DataType type) {
        long micros = type.kind() == Kind.DATE ? (Long) value * MICROS_PER_DAY : (Long) value;
        LocalDateTime time = DateTimeFunctions.dateTime(micros);
        LocalDate date = time.toLocalDate();
        return switch (field) {
            case "YEAR" -> (long) date.getYear();
            case "MONTH" -> (long) date.getMonthValue();
            case "DAY" -> (long) date.getDayOfMonth();
            case "QUARTER" -> (long) (date.getMonthValue() + 2) / 3;
            case "WEEK" -> (long) date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "DOY" -> (long) date.getDayOfYear();
            // Sunday 1 to Saturday 7, as Spark's dayofweek and Calcite's constant folding (PostgreSQL counts from 0)
            case "DOW" -> (long) (date.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : date.getDayOfWeek().getValue() + 1);
            case "ISODOW" -> (long) date.getDayOfWeek().getValue();
            case "ISOYEAR" -> (long) date.get(IsoFields.WEEK_BASED_YEAR);
            case "DECADE" -> (long) Math.floorDiv(date.getYear(), 10);
            case "CENTURY" -> (long) (date.getYear() > 0 ? (date.getYear() + 99) / 100 : -((-date.getYear() + 99) / 100));
            case "MILLENNIUM" -> (long) (date.getYear() > 0 ? (date.getYear() + 999) / 1000 : -((-date.getYear() + 999) / 1000));
            case "HOUR" -> (long) time.getHour();
            case "MINUTE" -> (long) time.getMinute();
            case "SECOND" -> (long) time.getSecond();
            case "MILLISECOND" -> time.getSecond() * 1000L + time.getNano() / 1_000_000;
            case "MICROSECOND" -> time.getSecond() * 1_000_000L + time.getNano() / 1000;
            case "EPOCH" -> Math.floorDiv(micros, 1_000_000L);
            default -> throw new QueryExecutionException("EXTRACT(" + field + ") is not supported.");
        };
    }

    /** DATE or TIMESTAMP plus (sign 1) or minus (sign -1) an interval. */
    static Object datetimePlus(Object value, DataType type, Object interval, DataType intervalType, int sign) {
        long amount = (Long) interval * sign;
        if (intervalType.kind() == Kind.INTERVAL_YEAR_MONTH) {
            if (type.kind() == Kind.DATE) {
                return LocalDate.ofEpochDay((Long) value).plusMonths(amount).toEpochDay();
            }
            long micros = (Long) value;
            long days = Math.floorDiv(micros, MICROS_PER_DAY);
            long rest = Math.floorMod(micros, MICROS_PER_DAY);
            return LocalDate.ofEpochDay(days).plusMonths(amount).toEpochDay() * MICROS_PER_DAY + rest;
        }
        if (type.kind() == Kind.DATE) {
            return (Long) value + Math.floorDiv(amount, 86_400_000L);
        }
        return Math.addExact((Long) value, Math.multiplyExact(amount, 1000L));
    }

    static Object substring(String text, long start, Long length) {
        int codePoints = text.codePointCount(0, text.length());
        long from = Math.max(start, 1);
        long to = length == null ? codePoints + 1L : start + length;
        if (length != null && length < 0) {
            throw new QueryExecutionException("SUBSTRING length must not be negative, but is " + length + ".");
        }
        to = Math.min(to, codePoints + 1L);
        if (to <= from) {
            return "";
        }
        int begin = text.offsetByCodePoints(0, (int) from - 1);
        int end = text.offsetByCodePoints(0, (int) to - 1);
        return text.substring(begin, end);
    }

    /** Spark's substr: a negative start counts from the end; 0 is the first character; a negative length gives ''. */
    static Object substr(String text, long position, Long length) {
        int codePoints = text.codePointCount(0, text.length());
        long start = position > 0 ? position - 1 : position < 0 ? codePoints + position : 0;
        long end = length == null ? codePoints : start + length;
        start = Math.max(start, 0);
        end = Math.min(end, codePoints);
        if (start >= end) {
            return "";
        }
        return text.substring(text.offsetByCodePoints(0, (int) start), text.offsetByCodePoints(0, (int) end));
    }

    static Object trim(String mode, String characters, String text) {
        int start = 0;
        int end = text.length();
        if (!mode.equals("TRAILING")) {
            while (start < end && characters.indexOf(text.charAt(start)) >= 0) {
                start++;
            }
        }
        if (!mode.equals("LEADING")) {
            while (end > start && characters.indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
        }
        return text.substring(start, end);
    }

    static Object position(String needle, String haystack) {
        int index = haystack.indexOf(needle);
        return index < 0 ? 0L : (long) haystack.codePointCount(0, index) + 1;
    }

    static Object upper(String text) {
        return text.toUpperCase(Locale.ROOT);
    }

    static Object lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    /** Spark's initcap: lower case, with the first letter of each space-separated word in title case. */
    static Object initcap(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean wordStart = true;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            out.appendCodePoint(wordStart ? Character.toTitleCase(c) : Character.toLowerCase(c));
            wordStart = c == ' ';
            i += Character.charCount(c);
        }
        return out.toString();
    }

    static Object charLength(String text) {
        return (long) text.codePointCount(0, text.length());
    }

    /** SQL LIKE pattern (% any run, _ one character, optional escape) as a Java regex. */
    static Pattern likePattern(String pattern, String escape) {
        StringBuilder regex = new StringBuilder();
        char escapeChar = escape == null || escape.isEmpty() ? 0 : escape.charAt(0);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (escapeChar != 0 && c == escapeChar && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }


    static Object dateAddDays(long date, long days) {
        // 0001-01-01 to 9999-12-31, as epoch days; days far outside cannot be added without overflow either.
        if (Math.abs(days) > 4_000_000L || date + days < -719_162L || date + days > 2_932_896L) {
            throw new QueryExecutionException("Date overflow: adding " + days + " days to "
                    + LocalDate.ofEpochDay(date) + " leaves the range of dates.");
        }
        return date + days;
    }

    /** Spark's concat_ws: NULL when the separator is NULL, NULL strings skipped. */
    static Object concatWs(Object[] values) {
        if (values[0] == null) {
            return null;
        }
        StringBuilder joined = new StringBuilder();
        boolean first = true;
        for (int i = 1; i < values.length; i++) {
            if (values[i] != null) {
                if (!first) {
                    joined.append((String) values[0]);
                }
                joined.append((String) values[i]);
                first = false;
            }
        }
        return joined.toString();
    }

    /** The largest ({@code sign} 1) or smallest (-1) non-NULL value; NULL when all are NULL. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object extreme(Object[] values, int sign) {
        Comparable best = null;
        for (Object value : values) {
            if (value != null && (best == null || Integer.signum(((Comparable) value).compareTo(best)) == sign)) {
                best = (Comparable) value;
            }
        }
        return best;
    }

    /** lpad/rpad: {@code text} padded with {@code pad} (repeated) to {@code length} code points, or cut to it. */
    static Object pad(String text, long length, String pad, boolean left) {
        if (length <= 0) {
            return "";
        }
        int codePoints = text.codePointCount(0, text.length());
        if (length <= codePoints) {
            return text.substring(0, text.offsetByCodePoints(0, (int) length));
        }
        if (pad.isEmpty()) {
            return text;
        }
        if (length > 1 << 20) {
            throw new QueryExecutionException("lpad/rpad to " + length + " characters: at most 1048576 are allowed.");
        }
        StringBuilder padding = new StringBuilder();
        int[] padPoints = pad.codePoints().toArray();
        for (long i = codePoints; i < length; i++) {
            padding.appendCodePoint(padPoints[(int) ((i - codePoints) % padPoints.length)]);
        }
        return left ? padding + text : text + padding;
    }

    static Pattern regex(String expression) {
        try {
            return Pattern.compile(expression);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new QueryExecutionException("The regular expression '" + expression + "' is not valid: "
                    + e.getDescription() + " (at index " + e.getIndex() + ").");
        }
    }

    static Object regexpReplace(String text, Pattern pattern, String replacement) {
        try {
            return pattern.matcher(text).replaceAll(replacement);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new QueryExecutionException("The replacement '" + replacement + "' of regexp_replace names a group "
                    + "that '" + pattern.pattern() + "' does not have; write \\$ for a literal $.");
        }
    }

    static Object regexpExtract(String text, Pattern pattern, long group) {
        java.util.regex.Matcher matcher = pattern.matcher(text);
        if (group < 0 || group > matcher.groupCount()) {
            throw new QueryExecutionException("regexp_extract asks for group " + group + ", but '" + pattern.pattern()
                    + "' has " + matcher.groupCount() + " group(s).");
        }
        if (!matcher.find()) {
            return "";
        }
        String value = matcher.group((int) group);
        return value == null ? "" : value;
    }

    /** split_part: the {@code field}-th (1-based; negative counts from the end) piece of {@code text}. */
    static Object splitPart(String text, String delimiter, long field) {
        if (field == 0) {
            throw new QueryExecutionException("split_part's field number must not be 0.");
        }
        java.util.List<String> pieces = new java.util.ArrayList<>();
        if (delimiter.isEmpty()) {
            pieces.add(text);
        } else {
            int from = 0;
            int at;
            while ((at = text.indexOf(delimiter, from)) >= 0) {
                pieces.add(text.substring(from, at));
                from = at + delimiter.length();
            }
            pieces.add(text.substring(from));
        }
        long index = field > 0 ? field - 1 : pieces.size() + field;
        return index >= 0 && index < pieces.size() ? pieces.get((int) index) : "";
    }

    /**
     * Spark's datetime pattern as a formatter; parsing is strict, as Spark's (2020-02-30 is not a
     * date), with the era of {@code yyyy} taken to be ours.
     */
    static java.time.format.DateTimeFormatter dateTimePattern(String pattern) {
        try {
            return new java.time.format.DateTimeFormatterBuilder().appendPattern(pattern)
                    .parseDefaulting(java.time.temporal.ChronoField.ERA, 1).toFormatter(Locale.US)
                    .withResolverStyle(java.time.format.ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw new QueryExecutionException("The datetime pattern '" + pattern + "' is not valid "
                    + "(letters such as yyyy, MM, dd, HH, mm, ss; text in single quotes).");
        }
    }

    /** A TIMESTAMP (microseconds since 1970, no zone) as text. */
    static Object dateFormat(long micros, java.time.format.DateTimeFormatter format) {
        LocalDateTime time = DateTimeFunctions.dateTime(micros);
        try {
            return format.format(time);
        } catch (java.time.DateTimeException e) {
            throw new QueryExecutionException("date_format cannot write " + time + " with its pattern: a pattern "
                    + "letter asks for a field a timestamp without a time zone does not have.");
        }
    }
}
