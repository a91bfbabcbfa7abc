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

    static Column[] columns(String... names) {
        Column[] columns = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            columns[i] = col(names[i]);
        }
        return columns;
    }
}
