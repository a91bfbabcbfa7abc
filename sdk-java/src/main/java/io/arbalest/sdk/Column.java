package io.arbalest.sdk;

import io.arbalest.proto.logical.Alias;
import io.arbalest.proto.logical.Call;
import io.arbalest.proto.logical.CaseWhen;
import io.arbalest.proto.logical.Cast;
import io.arbalest.proto.logical.Expression;
import io.arbalest.proto.logical.SortOrder;
import io.arbalest.proto.logical.WindowExpression;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An expression over a DataFrame's columns, with Spark's method names. Immutable; every method
 * returns a new Column. Arguments that are not Columns are literals ({@link Functions#lit}).
 */
public final class Column {
    private final Expression expression;

    Column(Expression expression) {
        this.expression = requireNonNull(expression, "expression is null");
    }

    /** The plan expression this column stands for. */
    public Expression expression() {
        return expression;
    }

    static Column call(String function, Object... arguments) {
        Call.Builder call = Call.newBuilder().setFunction(function);
        for (Object argument : arguments) {
            call.addArguments(Literals.expression(argument));
        }
        return new Column(Expression.newBuilder().setCall(call).build());
    }

    static Column distinctCall(String function, Column... arguments) {
        Call.Builder call = Call.newBuilder().setFunction(function).setDistinct(true);
        for (Column argument : arguments) {
            call.addArguments(argument.expression);
        }
        return new Column(Expression.newBuilder().setCall(call).build());
    }

    public Column equalTo(Object other) {
        return call("=", this, other);
    }

    public Column notEqual(Object other) {
        return call("!=", this, other);
    }

    /** Equality that is true for two NULLs (SQL's IS NOT DISTINCT FROM). */
    public Column eqNullSafe(Object other) {
        return call("<=>", this, other);
    }

    public Column gt(Object other) {
        return call(">", this, other);
    }

    public Column geq(Object other) {
        return call(">=", this, other);
    }

    public Column lt(Object other) {
        return call("<", this, other);
    }

    public Column leq(Object other) {
        return call("<=", this, other);
    }

    public Column and(Column other) {
        return call("and", this, other);
    }

    public Column or(Column other) {
        return call("or", this, other);
    }

    public Column plus(Object other) {
        return call("+", this, other);
    }

    public Column minus(Object other) {
        return call("-", this, other);
    }

    public Column multiply(Object other) {
        return call("*", this, other);
    }

    public Column divide(Object other) {
        return call("/", this, other);
    }

    public Column mod(Object other) {
        return call("%", this, other);
    }

    public Column unary_minus() {
        return call("negate", this);
    }

    public Column isNull() {
        return call("isnull", this);
    }

    public Column isNotNull() {
        return call("isnotnull", this);
    }

    /** True when the value equals one of these (Columns or values). */
    public Column isin(Object... values) {
        Object[] arguments = new Object[values.length + 1];
        arguments[0] = this;
        System.arraycopy(values, 0, arguments, 1, values.length);
        return call("in", arguments);
    }

    /** SQL LIKE: {@code %} any characters, {@code _} one. */
    public Column like(String pattern) {
        return call("like", this, pattern);
    }

    /** lower <= this <= upper. */
    public Column between(Object lower, Object upper) {
        return call("between", this, lower, upper);
    }

    public Column startsWith(String prefix) {
        return like(escape(prefix) + "%");
    }

    public Column endsWith(String suffix) {
        return like("%" + escape(suffix));
    }

    public Column contains(String infix) {
        return like("%" + escape(infix) + "%");
    }

    private static String escape(String text) {
        if (text.contains("%") || text.contains("_")) {
            throw new IllegalArgumentException("'" + text + "' holds % or _: write like(...) with the pattern you mean.");
        }
        return text;
    }

    /** 1-based substring of {@code length} characters (Spark's substr: a negative start counts from the end). */
    public Column substr(int start, int length) {
        return call("substring", this, start, length);
    }

    /** This value as another type: SQL names (BIGINT, DECIMAL(15, 2)) or Spark's (string, long, int, double, date ...). */
    public Column cast(String type) {
        return new Column(Expression.newBuilder().setCast(Cast.newBuilder().setInput(expression).setType(type)).build());
    }

    public Column cast(DataType type) {
        return cast(type.sqlName());
    }

    /** This column under another name. */
    public Column alias(String name) {
        return new Column(Expression.newBuilder().setAlias(Alias.newBuilder().setInput(unaliased()).setName(name)).build());
    }

    public Column as(String name) {
        return alias(name);
    }

    public Column name(String name) {
        return alias(name);
    }

    private Expression unaliased() {
        return expression.hasAlias() ? expression.getAlias().getInput() : expression;
    }

    /** Ascending, NULLs first (Spark's default). */
    public Column asc() {
        return sort(false, SortOrder.NullOrdering.NULL_ORDERING_UNSPECIFIED);
    }

    /** Descending, NULLs last (Spark's default). */
    public Column desc() {
        return sort(true, SortOrder.NullOrdering.NULL_ORDERING_UNSPECIFIED);
    }

    public Column asc_nulls_first() {
        return sort(false, SortOrder.NullOrdering.NULLS_FIRST);
    }

    public Column asc_nulls_last() {
        return sort(false, SortOrder.NullOrdering.NULLS_LAST);
    }

    public Column desc_nulls_first() {
        return sort(true, SortOrder.NullOrdering.NULLS_FIRST);
    }

    public Column desc_nulls_last() {
        return sort(true, SortOrder.NullOrdering.NULLS_LAST);
    }

    private Column sort(boolean descending, SortOrder.NullOrdering nulls) {
        return new Column(Expression.newBuilder().setSortOrder(SortOrder.newBuilder().setInput(unaliased())
                .setDescending(descending).setNulls(nulls)).build());
    }

    /** This ranking, offset or aggregate function computed over a window. */
    public Column over(WindowSpec window) {
        WindowExpression.Builder over = window.toProto().toBuilder().setFunction(unaliased());
        return new Column(Expression.newBuilder().setWindow(over).build());
    }

    /** The function over the whole DataFrame as one window. */
    public Column over() {
        return over(new WindowSpec());
    }

    /** Another branch of a {@link Functions#when} column. */
    public Column when(Column condition, Object value) {
        CaseWhen.Builder cases = caseWhen("when").toBuilder();
        cases.addBranches(CaseWhen.Branch.newBuilder().setCondition(condition.expression)
                .setValue(Literals.expression(value)));
        return new Column(Expression.newBuilder().setCaseWhen(cases).build());
    }

    /** The value of a {@link Functions#when} column where no branch holds (else NULL). */
    public Column otherwise(Object value) {
        CaseWhen caseWhen = caseWhen("otherwise");
        if (caseWhen.hasOtherwise()) {
            throw new IllegalStateException("otherwise() was already given for this when(...) column.");
        }
        return new Column(Expression.newBuilder().setCaseWhen(caseWhen.toBuilder()
                .setOtherwise(Literals.expression(value))).build());
    }

    private CaseWhen caseWhen(String method) {
        if (!expression.hasCaseWhen()) {
            throw new IllegalStateException(method + "() follows when(condition, value): write "
                    + "when(cond, a)." + method + "(...).");
        }
        return expression.getCaseWhen();
    }

    static List<Expression> expressions(Column... columns) {
        List<Expression> expressions = new ArrayList<>(columns.length);
        for (Column column : columns) {
            expressions.add(column.expression);
        }
        return expressions;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Column column && column.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    /** The expression as Spark prints a column: {@code (l_quantity * 2)}, {@code sum(l_quantity)}. */
    @Override
    public String toString() {
        return io.arbalest.planner.dataframe.PlanCompiler.columnName(expression);
    }
}
