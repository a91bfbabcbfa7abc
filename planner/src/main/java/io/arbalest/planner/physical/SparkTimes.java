package io.arbalest.planner.physical;

import io.arbalest.planner.error.SqlValidationException;
import io.arbalest.planner.expr.Call;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.DataType.Kind;

import java.util.List;
import java.util.Locale;

/**
 * Spark's date and time functions as the engine's: {@code to_timestamp}, {@code unix_timestamp},
 * {@code from_unixtime}, {@code date_trunc} and {@code trunc}, with Spark's defaults and unit
 * names, checked when the query is planned.
 */
final class SparkTimes {
    /** The pattern Spark reads and writes times with when none is given. */
    private static final String DEFAULT_PATTERN = "yyyy-MM-dd HH:mm:ss";
    private static final List<String> DATE_TRUNC_UNITS = List.of("YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "HOUR",
            "MINUTE", "SECOND");
    private static final List<String> TRUNC_UNITS = List.of("YEAR", "QUARTER", "MONTH", "WEEK");

    private SparkTimes() {
    }

    /** The TIMESTAMP that {@code text} stands for in {@code pattern}. */
    static Expr parse(Expr text, Expr pattern) {
        return Call.of(Function.TO_TIMESTAMP, DataType.TIMESTAMP, Coercions.cast(text, DataType.VARCHAR),
                Coercions.cast(pattern, DataType.VARCHAR));
    }

    /** unix_timestamp(value[, pattern]): text is read with the pattern, {@code yyyy-MM-dd HH:mm:ss} by default. */
    static Expr unixTimestamp(Expr value, Expr pattern) {
        Expr time = pattern != null ? parse(value, pattern)
                : value.type().kind() == Kind.VARCHAR ? parse(value, new Literal(DEFAULT_PATTERN, DataType.VARCHAR))
                : Coercions.cast(value, DataType.TIMESTAMP);
        return Call.of(Function.UNIX_SECONDS, DataType.BIGINT, time);
    }

    /** from_unixtime(seconds[, pattern]): the time as text. */
    static Expr fromUnixtime(Expr seconds, Expr pattern) {
        Expr time = Call.of(Function.FROM_UNIX_SECONDS, DataType.TIMESTAMP, Coercions.cast(seconds, DataType.BIGINT));
        return Call.of(Function.DATE_FORMAT, DataType.VARCHAR, time, pattern == null
                ? new Literal(DEFAULT_PATTERN, DataType.VARCHAR) : Coercions.cast(pattern, DataType.VARCHAR));
    }

    /** date_trunc(unit, value): a TIMESTAMP. */
    static Expr dateTrunc(Expr unit, Expr value) {
        return Call.of(Function.DATE_TRUNC, DataType.TIMESTAMP, unit(unit, "date_trunc", DATE_TRUNC_UNITS),
                Coercions.cast(value, DataType.TIMESTAMP));
    }

    /** trunc(date, unit): a DATE. */
    static Expr trunc(Expr value, Expr unit) {
        return Coercions.cast(Call.of(Function.DATE_TRUNC, DataType.TIMESTAMP, unit(unit, "trunc", TRUNC_UNITS),
                Coercions.cast(Coercions.cast(value, DataType.DATE), DataType.TIMESTAMP)), DataType.DATE);
    }

    /** A unit as Spark names it ('MM', 'mon', 'yyyy' ...), as the engine's literal. */
    private static Literal unit(Expr unit, String function, List<String> units) {
        if (!(unit instanceof Literal literal) || literal.isNull()) {
            throw new SqlValidationException(function + "'s unit must be a constant, one of " + units + ".", null);
        }
        String name = switch (literal.stringValue().trim().toUpperCase(Locale.ROOT)) {
            case "YEAR", "YYYY", "YY" -> "YEAR";
            case "QUARTER" -> "QUARTER";
            case "MONTH", "MM", "MON" -> "MONTH";
            case "WEEK" -> "WEEK";
            case "DAY", "DD" -> "DAY";
            case "HOUR" -> "HOUR";
            case "MINUTE" -> "MINUTE";
            case "SECOND" -> "SECOND";
            default -> "";
        };
        if (!units.contains(name)) {
            throw new SqlValidationException("'" + literal.stringValue() + "' is not a unit of " + function + ": use one of "
                    + units + ".", null);
        }
        return new Literal(name, DataType.VARCHAR);
    }
}
