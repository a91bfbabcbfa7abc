package io.arbalest.sdk;

import io.arbalest.proto.logical.CaseWhen;
import io.arbalest.proto.logical.ColumnReference;
import io.arbalest.proto.logical.Expression;

/**
 * Column functions with Spark's names ({@code import static io.arbalest.sdk.Functions.*}). A
 * function that takes a column takes its name as a String too.
 */
public final class Functions {
    private Functions() {
    }

    /** The column with this name: {@code "x"}, {@code "t.x"} (of alias t), {@code "*"}; backquote a name with dots. */
    public static Column col(String name) {
        return new Column(Expression.newBuilder().setColumn(ColumnReference.newBuilder().setName(name)).build());
    }

    public static Column column(String name) {
        return col(name);
    }

    /** A constant: a number, String, BigDecimal, Boolean, LocalDate, LocalDateTime, or null. */
    public static Column lit(Object value) {
        return new Column(Literals.expression(value));
    }

    /** A SQL expression, resolved as SQL text is ({@code expr("l_extendedprice * (1 - l_discount)")}). */
    public static Column expr(String sql) {
        return new Column(Expression.newBuilder().setSqlExpression(sql).build());
    }

    /** CASE WHEN condition THEN value ...: chain {@link Column#when} and end with {@link Column#otherwise}. */
    public static Column when(Column condition, Object value) {
        return new Column(Expression.newBuilder().setCaseWhen(CaseWhen.newBuilder().addBranches(CaseWhen.Branch
                .newBuilder().setCondition(condition.expression()).setValue(Literals.expression(value)))).build());
    }

    public static Column not(Column column) {
        return Column.call("not", column);
    }

    public static Column asc(String column) {
        return col(column).asc();
    }

    public static Column desc(String column) {
        return col(column).desc();
    }

    public static Column sum(String column) {
        return sum(col(column));
    }

    public static Column sum(Column column) {
        return Column.call("sum", column);
    }

    public static Column sumDistinct(Column column) {
        return Column.distinctCall("sum", column);
    }

    public static Column avg(String column) {
        return avg(col(column));
    }

    public static Column avg(Column column) {
        return Column.call("avg", column);
    }

    public static Column mean(String column) {
        return avg(column);
    }

    /** COUNT of non-NULL values; {@code count("*")} counts rows. */
    public static Column count(String column) {
        return count(col(column));
    }

    public static Column count(Column column) {
        return Column.call("count", column);
    }

    public static Column countDistinct(String column, String... more) {
        return countDistinct(col(column), columns(more));
    }

    public static Column countDistinct(Column column, Column... more) {
        Column[] all = new Column[more.length + 1];
        all[0] = column;
        System.arraycopy(more, 0, all, 1, more.length);
        return Column.distinctCall("count", all);
    }

    public static Column min(String column) {
        return min(col(column));
    }

    public static Column min(Column column) {
        return Column.call("min", column);
    }

    public static Column max(String column) {
        return max(col(column));
    }

    public static Column max(Column column) {
        return Column.call("max", column);
    }

    /** Sample standard deviation. */
    public static Column stddev(String column) {
        return stddev(col(column));
    }

    public static Column stddev(Column column) {
        return Column.call("stddev", column);
    }

    public static Column stddev_samp(Column column) {
        return Column.call("stddev_samp", column);
    }

    /** Population standard deviation. */
    public static Column stddev_pop(Column column) {
        return Column.call("stddev_pop", column);
    }

    /** Sample variance. */
    public static Column variance(Column column) {
        return Column.call("var_samp", column);
    }

    public static Column var_samp(Column column) {
        return Column.call("var_samp", column);
    }

    public static Column var_pop(Column column) {
        return Column.call("var_pop", column);
    }

    public static Column coalesce(Column... columns) {
        return Column.call("coalesce", (Object[]) columns);
    }

    /** The strings one after the other; NULL if any is NULL (as Spark). */
    public static Column concat(Column... columns) {
        return Column.call("concat", (Object[]) columns);
    }

    public static Column upper(Column column) {
        return Column.call("upper", column);
    }

    public static Column lower(Column column) {
        return Column.call("lower", column);
    }

    /** Without leading and trailing spaces. */
    public static Column trim(Column column) {
        return Column.call("trim", column);
    }

    public static Column ltrim(Column column) {
        return Column.call("ltrim", column);
    }

    public static Column rtrim(Column column) {
        return Column.call("rtrim", column);
    }

    /** Characters in a string. */
    public static Column length(Column column) {
        return Column.call("length", column);
    }

    /** {@code length} characters from 1-based {@code position} (a negative position counts from the end, as Spark). */
    public static Column substring(Column column, int position, int length) {
        return Column.call("substring", column, position, length);
    }

    public static Column year(Column column) {
        return Column.call("year", column);
    }

    public static Column month(Column column) {
        return Column.call("month", column);
    }

    public static Column dayofmonth(Column column) {
        return Column.call("dayofmonth", column);
    }

    /** Rounded half away from zero to {@code scale} decimal places. */
    public static Column round(Column column, int scale) {
        return Column.call("round", column, scale);
    }

    public static Column round(Column column) {
        return round(column, 0);
    }

    public static Column abs(Column column) {
        return Column.call("abs", column);
    }

    public static Column row_number() {
        return Column.call("row_number");
    }

    public static Column rank() {
        return Column.call("rank");
    }

    public static Column dense_rank() {
        return Column.call("dense_rank");
    }

    /** The value {@code offset} rows before the current one in the window, or NULL. */
    public static Column lag(Column column, int offset) {
        return Column.call("lag", column, offset);
    }

    public static Column lag(Column column, int offset, Object defaultValue) {
        return Column.call("lag", column, offset, defaultValue);
    }

    public static Column lag(String column, int offset) {
        return lag(col(column), offset);
    }

    public static Column lead(Column column, int offset) {
        return Column.call("lead", column, offset);
    }

    public static Column lead(Column column, int offset, Object defaultValue) {
        return Column.call("lead", column, offset, defaultValue);
    }

    public static Column lead(String column, int offset) {
        return lead(col(column), offset);
    }

    /** Any SQL function by name, Spark's or standard ({@code call_function("initcap", col("name"))}). */
    public static Column call_function(String function, Column... columns) {
        return Column.call(function, (Object[]) columns);
    }

    // Strings

    /** The strings with {@code separator} between them; NULL strings are skipped. */
    public static Column concat_ws(String separator, Column... columns) {
        Object[] arguments = new Object[columns.length + 1];
        arguments[0] = separator;
        System.arraycopy(columns, 0, arguments, 1, columns.length);
        return Column.call("concat_ws", arguments);
    }

    /** Each space-separated word capitalised, the rest lower case. */
    public static Column initcap(Column column) {
        return Column.call("initcap", column);
    }

    /** Padded on the left with {@code pad} to {@code length} characters, or cut to it. */
    public static Column lpad(Column column, int length, String pad) {
        return Column.call("lpad", column, length, pad);
    }

    public static Column rpad(Column column, int length, String pad) {
        return Column.call("rpad", column, length, pad);
    }

    /** Every match of the Java regular expression replaced ({@code $1} for a group). */
    public static Column regexp_replace(Column column, String pattern, String replacement) {
        return Column.call("regexp_replace", column, pattern, replacement);
    }

    /** The group {@code index} of the first match, '' when none. */
    public static Column regexp_extract(Column column, String pattern, int index) {
        return Column.call("regexp_extract", column, pattern, index);
    }

    /** The 1-based position of {@code substring}, 0 when absent. */
    public static Column instr(Column column, String substring) {
        return Column.call("instr", column, substring);
    }

    public static Column locate(String substring, Column column) {
        return Column.call("locate", substring, column);
    }

    public static Column reverse(Column column) {
        return Column.call("reverse", column);
    }

    public static Column repeat(Column column, int times) {
        return Column.call("repeat", column, times);
    }

    public static Column translate(Column column, String matching, String replace) {
        return Column.call("translate", column, matching, replace);
    }

    /** Lower-case hex of the digest of the UTF-8 bytes. */
    public static Column md5(Column column) {
        return Column.call("md5", column);
    }

    public static Column sha1(Column column) {
        return Column.call("sha1", column);
    }

    /** SHA-224, -256, -384 or -512 ({@code numBits}; 0 is 256). */
    public static Column sha2(Column column, int numBits) {
        return Column.call("sha2", column, numBits);
    }

    public static Column crc32(Column column) {
        return Column.call("crc32", column);
    }

    // Dates and times (timestamps without a time zone; where Spark uses the session's, UTC)

    public static Column current_date() {
        return Column.call("current_date");
    }

    public static Column current_timestamp() {
        return Column.call("current_timestamp");
    }

    public static Column date_add(Column column, int days) {
        return Column.call("date_add", column, days);
    }

    public static Column date_sub(Column column, int days) {
        return Column.call("date_sub", column, days);
    }

    /** Days from {@code start} to {@code end}. */
    public static Column datediff(Column end, Column start) {
        return Column.call("datediff", end, start);
    }

    /** The date or timestamp as text, by a Spark datetime pattern ({@code yyyy-MM-dd HH:mm:ss}). */
    public static Column date_format(Column column, String format) {
        return Column.call("date_format", column, format);
    }

    public static Column to_date(Column column) {
        return Column.call("to_date", column);
    }

    /** Text read with a datetime pattern; text that does not match is an error. */
    public static Column to_date(Column column, String format) {
        return Column.call("to_date", column, format);
    }

    public static Column to_timestamp(Column column) {
        return Column.call("to_timestamp", column);
    }

    public static Column to_timestamp(Column column, String format) {
        return Column.call("to_timestamp", column, format);
    }

    /** Seconds since 1970-01-01 00:00 UTC. */
    public static Column unix_timestamp(Column column) {
        return Column.call("unix_timestamp", column);
    }

    /** Seconds since 1970 as {@code yyyy-MM-dd HH:mm:ss} text. */
    public static Column from_unixtime(Column column) {
        return Column.call("from_unixtime", column);
    }

    public static Column from_unixtime(Column column, String format) {
        return Column.call("from_unixtime", column, format);
    }

    /** A TIMESTAMP truncated to {@code format}: year, quarter, month, week, day, hour, minute, second. */
    public static Column date_trunc(String format, Column column) {
        return Column.call("date_trunc", format, column);
    }

    /** A DATE truncated to {@code format}: year, quarter, month, week. */
    public static Column trunc(Column column, String format) {
        return Column.call("trunc", column, format);
    }

    /** The first later date that is {@code dayOfWeek} ("Mon", "MO", "Monday" ...). */
    public static Column next_day(Column column, String dayOfWeek) {
        return Column.call("next_day", column, dayOfWeek);
    }

    /** Spark's months between two dates or timestamps, a DOUBLE rounded to 8 digits. */
    public static Column months_between(Column end, Column start) {
        return Column.call("months_between", end, start);
    }

    public static Column last_day(Column column) {
        return Column.call("last_day", column);
    }

    public static Column dayofweek(Column column) {
        return Column.call("dayofweek", column);
    }

    public static Column dayofyear(Column column) {
        return Column.call("dayofyear", column);
    }

    /** The ISO week. */
    public static Column weekofyear(Column column) {
        return Column.call("weekofyear", column);
    }

    public static Column quarter(Column column) {
        return Column.call("quarter", column);
    }

    public static Column hour(Column column) {
        return Column.call("hour", column);
    }

    public static Column minute(Column column) {
        return Column.call("minute", column);
    }

    public static Column second(Column column) {
        return Column.call("second", column);
    }

    // Math (DOUBLE)

    public static Column sqrt(Column column) {
        return Column.call("sqrt", column);
    }

    public static Column exp(Column column) {
        return Column.call("exp", column);
    }

    /** The natural logarithm; NULL for what is not positive, as Spark. */
    public static Column log(Column column) {
        return Column.call("ln", column);
    }

    public static Column log(double base, Column column) {
        return Column.call("log", base, column);
    }

    public static Column log10(Column column) {
        return Column.call("log10", column);
    }

    public static Column log2(Column column) {
        return Column.call("log2", column);
    }

    public static Column pow(Column base, Object exponent) {
        return Column.call("power", base, exponent);
    }

    public static Column floor(Column column) {
        return Column.call("floor", column);
    }

    public static Column ceil(Column column) {
        return Column.call("ceil", column);
    }

    public static Column signum(Column column) {
        return Column.call("signum", column);
    }

    /** The remainder made non-negative for a positive divisor. */
    public static Column pmod(Column dividend, Object divisor) {
        return Column.call("pmod", dividend, divisor);
    }

    /** The largest value, NULLs skipped. */
    public static Column greatest(Column... columns) {
        return Column.call("greatest", (Object[]) columns);
    }

    public static Column least(Column... columns) {
        return Column.call("least", (Object[]) columns);
    }

    public static Column isnull(Column column) {
        return column.isNull();
    }

    // Aggregates and windows

    /** Computed exactly, as {@code countDistinct}. */
    public static Column approx_count_distinct(Column column) {
        return Column.call("approx_count_distinct", column);
    }

    /** One value of the group: its smallest non-NULL one, the same in every run. */
    public static Column first(Column column) {
        return Column.call("first", column);
    }

    public static Column last(Column column) {
        return Column.call("last", column);
    }

    public static Column count_if(Column condition) {
        return Column.call("count_if", condition);
    }

    public static Column bool_and(Column condition) {
        return Column.call("bool_and", condition);
    }

    public static Column bool_or(Column condition) {
        return Column.call("bool_or", condition);
    }

    /** The rows of the window in {@code buckets} groups numbered from 1, the first ones one row larger. */
    public static Column ntile(int buckets) {
        return Column.call("ntile", buckets);
    }

    public static Column percent_rank() {
        return Column.call("percent_rank");
    }

    public static Column cume_dist() {
        return Column.call("cume_dist");
    }

    public static Column first_value(Column column) {
        return Column.call("first_value", column);
    }

    public static Column last_value(Column column) {
        return Column.call("last_value", column);
    }

    public static Column nth_value(Column column, int offset) {
        return Column.call("nth_value", column, offset);
    }

    static Column[] columns(String... names) {
        Column[] columns = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            columns[i] = col(names[i]);
        }
        return columns;
    }
}
