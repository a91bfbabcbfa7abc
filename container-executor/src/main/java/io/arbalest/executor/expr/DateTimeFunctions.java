package io.arbalest.executor.expr;

import io.arbalest.planner.error.QueryExecutionException;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAdjusters;
import java.time.temporal.TemporalQueries;

/**
 * Spark's date and time functions over the engine's values: a TIMESTAMP is microseconds since
 * 1970-01-01 00:00 without a time zone, a DATE days since then. Where Spark would use the
 * session's time zone (unix_timestamp, from_unixtime), the time zone is UTC.
 */
final class DateTimeFunctions {
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private DateTimeFunctions() {
    }

    /** date_trunc(unit, ts): unit one of YEAR, QUARTER, MONTH, WEEK (to Monday), DAY, HOUR, MINUTE, SECOND. */
    static Object truncate(String unit, long micros) {
        LocalDateTime time = dateTime(micros);
        LocalDate date = time.toLocalDate();
        LocalDateTime truncated = switch (unit) {
            case "YEAR" -> date.withDayOfYear(1).atStartOfDay();
            case "QUARTER" -> LocalDate.of(date.getYear(), (date.getMonthValue() - 1) / 3 * 3 + 1, 1).atStartOfDay();
            case "MONTH" -> date.withDayOfMonth(1).atStartOfDay();
            case "WEEK" -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay();
            case "DAY" -> time.truncatedTo(ChronoUnit.DAYS);
            case "HOUR" -> time.truncatedTo(ChronoUnit.HOURS);
            case "MINUTE" -> time.truncatedTo(ChronoUnit.MINUTES);
            case "SECOND" -> time.truncatedTo(ChronoUnit.SECONDS);
            default -> throw new IllegalArgumentException("date_trunc unit " + unit);
        };
        return micros(truncated);
    }

    /** last_day(date): the last day of its month. */
    static Object lastDay(long days) {
        return LocalDate.ofEpochDay(days).with(TemporalAdjusters.lastDayOfMonth()).toEpochDay();
    }

    /** make_date(year, month, day); a day that does not exist is an error, as in Spark's ANSI mode. */
    static Object makeDate(long year, long month, long day) {
        try {
            return LocalDate.of(Math.toIntExact(year), Math.toIntExact(month), Math.toIntExact(day)).toEpochDay();
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new QueryExecutionException("make_date(" + year + ", " + month + ", " + day + ") is not a date.");
        }
    }

    /** next_day(date, day): the first date after it that is that day of the week; an unknown day is an error. */
    static Object nextDay(long days, String dayName) {
        String name = dayName.trim().toUpperCase(java.util.Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            String full = day.name();
            if (name.length() >= 2 && (name.equals(full) || name.equals(full.substring(0, 2)) || name.equals(full.substring(0, 3)))) {
                return LocalDate.ofEpochDay(days).with(TemporalAdjusters.next(day)).toEpochDay();
            }
        }
        throw new QueryExecutionException("'" + dayName + "' is not a day of the week for next_day (write Mon, MO or "
                + "Monday ...).");
    }

    /**
     * Spark's months_between(end, start): whole months when the days of the month are equal or both
     * are the last of their month; otherwise the months plus the difference of the times within
     * their months over 31 days, rounded to 8 digits when {@code roundOff}.
     */
    static Object monthsBetween(long endMicros, long startMicros, boolean roundOff) {
        LocalDateTime end = dateTime(endMicros);
        LocalDateTime start = dateTime(startMicros);
        long months = (end.getYear() - start.getYear()) * 12L + end.getMonthValue() - start.getMonthValue();
        boolean lastDays = end.toLocalDate().equals(end.toLocalDate().with(TemporalAdjusters.lastDayOfMonth()))
                && start.toLocalDate().equals(start.toLocalDate().with(TemporalAdjusters.lastDayOfMonth()));
        if (end.getDayOfMonth() == start.getDayOfMonth() || lastDays) {
            return (double) months;
        }
        double seconds = (end.getDayOfMonth() - start.getDayOfMonth()) * 86_400.0
                + (end.toLocalTime().toNanoOfDay() - start.toLocalTime().toNanoOfDay()) / 1e9;
        double value = months + seconds / (31 * 86_400.0);
        return roundOff ? Math.round(value * 1e8) / 1e8 : value;
    }

    /** unix_timestamp(ts): whole seconds since 1970-01-01 00:00 UTC, rounded down. */
    static Object unixSeconds(long micros) {
        return Math.floorDiv(micros, MICROS_PER_SECOND);
    }

    /** The timestamp {@code seconds} after 1970-01-01 00:00 UTC. */
    static Object fromUnixSeconds(long seconds) {
        try {
            return Math.multiplyExact(seconds, MICROS_PER_SECOND);
        } catch (ArithmeticException e) {
            throw new QueryExecutionException("from_unixtime(" + seconds + ") is beyond the timestamps Arbalest holds.");
        }
    }

    /**
     * to_timestamp(text, pattern): the text read with Spark's datetime pattern (yyyy, MM, dd, HH,
     * mm, ss ...); a date alone is at midnight. Text that does not match is an error, as in
     * Spark's ANSI mode (Spark 3 gives NULL).
     */
    static Object parse(String text, DateTimeFormatter format, String pattern) {
        TemporalAccessor parsed;
        try {
            parsed = format.parse(text);
        } catch (DateTimeParseException e) {
            throw new QueryExecutionException("Cannot parse '" + text + "' as a timestamp with the pattern '" + pattern
                    + "': " + reason(e) + ".");
        }
        LocalDate date = parsed.query(TemporalQueries.localDate());
        LocalTime time = parsed.query(TemporalQueries.localTime());
        return micros(LocalDateTime.of(date == null ? LocalDate.EPOCH : date, time == null ? LocalTime.MIDNIGHT : time));
    }

    private static String reason(DateTimeParseException e) {
        if (e.getCause() != null) {
            return "a field is out of range (a month, day, hour ... that does not exist)";
        }
        return e.getErrorIndex() >= 0 && e.getErrorIndex() < e.getParsedString().length()
                ? "it does not match from position " + (e.getErrorIndex() + 1)
                : "it ends before the pattern does";
    }

    /** A TIMESTAMP's value (microseconds since 1970) as a date-time. */
    static LocalDateTime dateTime(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                (int) Math.floorMod(micros, MICROS_PER_SECOND) * 1000, ZoneOffset.UTC);
    }

    private static long micros(LocalDateTime time) {
        return time.toEpochSecond(ZoneOffset.UTC) * MICROS_PER_SECOND + time.getNano() / 1000;
    }
}
