package io.arbalest.sdk;

import io.arbalest.am.driver.QueryResult;
import io.arbalest.am.driver.ResultReader;
import io.arbalest.proto.logical.ColumnReference;
import io.arbalest.proto.logical.Deduplicate;
import io.arbalest.proto.logical.DropColumns;
import io.arbalest.proto.logical.Expression;
import io.arbalest.proto.logical.Filter;
import io.arbalest.proto.logical.Join;
import io.arbalest.proto.logical.Limit;
import io.arbalest.proto.logical.Project;
import io.arbalest.proto.logical.Relation;
import io.arbalest.proto.logical.RenameColumns;
import io.arbalest.proto.logical.SetOperation;
import io.arbalest.proto.logical.Sort;
import io.arbalest.proto.logical.SubqueryAlias;
import io.arbalest.proto.logical.WithColumns;
import org.apache.arrow.vector.ipc.ArrowReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import static io.arbalest.sdk.Functions.expr;

/**
 * A lazy, immutable query with Spark's Dataset&lt;Row&gt; methods. Transformations build a plan
 * and return a new DataFrame; actions ({@link #collectAsList()}, {@link #count()},
 * {@link #show()} ...) send the plan to the session's driver, which resolves it against its
 * catalog and runs it. Errors (an unknown column, a type mismatch) are typed
 * {@code ArbalestException}s and leave the session usable.
 */
public final class DataFrame {
    private final ArbalestSession session;
    private final Relation plan;

    DataFrame(ArbalestSession session, Relation plan) {
        this.session = session;
        this.plan = plan;
    }

    /** The unresolved plan this DataFrame sends to the driver. */
    public Relation plan() {
        return plan;
    }

    public ArbalestSession sparkSession() {
        return session;
    }

    DataFrame derive(Relation.Builder relation) {
        return session.newFrame(relation);
    }

    /** This DataFrame's column {@code name}, bound to it: in a join it means this side's column. */
    public Column col(String name) {
        return new Column(Expression.newBuilder().setColumn(ColumnReference.newBuilder().setName(name)
                .setPlanId(plan.getPlanId())).build());
    }

    public Column apply(String name) {
        return col(name);
    }

    public DataFrame select(Column... columns) {
        return derive(Relation.newBuilder().setProject(Project.newBuilder().setInput(plan)
                .addAllExpressions(Column.expressions(columns))));
    }

    public DataFrame select(String column, String... more) {
        return select(names(column, more));
    }

    /** SQL expressions as select items ({@code "l_extendedprice * (1 - l_discount) AS revenue"}). */
    public DataFrame selectExpr(String... expressions) {
        return select(Arrays.stream(expressions).map(Functions::expr).toArray(Column[]::new));
    }

    public DataFrame filter(Column condition) {
        return derive(Relation.newBuilder().setFilter(Filter.newBuilder().setInput(plan)
                .setCondition(condition.expression())));
    }

    /** A SQL condition ({@code "l_shipdate <= DATE '1998-09-02'"}). */
    public DataFrame filter(String condition) {
        return filter(expr(condition));
    }

    public DataFrame where(Column condition) {
        return filter(condition);
    }

    public DataFrame where(String condition) {
        return filter(condition);
    }

    /** This DataFrame with column {@code name} computed by {@code column}: replaced in place, or added at the end. */
    public DataFrame withColumn(String name, Column column) {
        return derive(Relation.newBuilder().setWithColumns(WithColumns.newBuilder().setInput(plan)
                .addColumns(column.alias(name).expression())));
    }

    /** Column {@code existing} renamed; a name that is not a column changes nothing, as in Spark. */
    public DataFrame withColumnRenamed(String existing, String newName) {
        return derive(Relation.newBuilder().setRenameColumns(RenameColumns.newBuilder().setInput(plan)
                .putRenames(existing, newName)));
    }

    /** Without these columns; names that are not columns are ignored, as in Spark. */
    public DataFrame drop(String... columns) {
        return derive(Relation.newBuilder().setDropColumns(DropColumns.newBuilder().setInput(plan)
                .addAllColumns(List.of(columns))));
    }

    public GroupedData groupBy(String... columns) {
        return groupBy(Functions.columns(columns));
    }

    public GroupedData groupBy(Column... columns) {
        return new GroupedData(this, Column.expressions(columns));
    }

    /** Aggregates over all rows: one row. */
    public DataFrame agg(Column aggregate, Column... more) {
        return groupBy(new Column[0]).agg(aggregate, more);
    }

    /** An inner join on a condition. */
    public DataFrame join(DataFrame right, Column condition) {
        return join(right, condition, "inner");
    }

    /**
     * A join of Spark's type: inner, cross, left, left_outer, right, right_outer, full,
     * full_outer, outer, left_semi, semi, left_anti, anti.
     */
    public DataFrame join(DataFrame right, Column condition, String joinType) {
        return derive(Relation.newBuilder().setJoin(Join.newBuilder().setLeft(plan).setRight(right.plan)
                .setJoinType(joinType).setCondition(condition.expression())));
    }

    /** An inner equi-join on a column both sides have; the result holds it once. */
    public DataFrame join(DataFrame right, String usingColumn) {
        return join(right, List.of(usingColumn), "inner");
    }

    public DataFrame join(DataFrame right, List<String> usingColumns) {
        return join(right, usingColumns, "inner");
    }

    public DataFrame join(DataFrame right, List<String> usingColumns, String joinType) {
        return derive(Relation.newBuilder().setJoin(Join.newBuilder().setLeft(plan).setRight(right.plan)
                .setJoinType(joinType).addAllUsingColumns(usingColumns)));
    }

    /** Every pair of rows. */
    public DataFrame crossJoin(DataFrame right) {
        return derive(Relation.newBuilder().setJoin(Join.newBuilder().setLeft(plan).setRight(right.plan)
                .setJoinType("cross")));
    }

    /** Sorted; a plain column sorts ascending with NULLs first, as in Spark. */
    public DataFrame orderBy(Column... columns) {
        return derive(Relation.newBuilder().setSort(Sort.newBuilder().setInput(plan)
                .addAllOrder(Column.expressions(columns))));
    }

    public DataFrame orderBy(String column, String... more) {
        return orderBy(names(column, more));
    }

    public DataFrame sort(Column... columns) {
        return orderBy(columns);
    }

    public DataFrame sort(String column, String... more) {
        return orderBy(column, more);
    }

    public DataFrame limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + n + ".");
        }
        return derive(Relation.newBuilder().setLimit(Limit.newBuilder().setInput(plan).setLimit(n)));
    }

    /** Without the first {@code n} rows. */
    public DataFrame offset(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + n + ".");
        }
        return derive(Relation.newBuilder().setLimit(Limit.newBuilder().setInput(plan).setLimit(-1).setOffset(n)));
    }

    public DataFrame distinct() {
        return derive(Relation.newBuilder().setDeduplicate(Deduplicate.newBuilder().setInput(plan)));
    }

    public DataFrame dropDuplicates() {
        return distinct();
    }

    /** One row for each distinct value of these columns (any one of the rows that share it). */
    public DataFrame dropDuplicates(String... columns) {
        return derive(Relation.newBuilder().setDeduplicate(Deduplicate.newBuilder().setInput(plan)
                .addAllColumns(List.of(columns))));
    }

    /** Rows of both, duplicates kept (SQL UNION ALL), columns matched by position. */
    public DataFrame union(DataFrame other) {
        return setOperation(other, SetOperation.Kind.UNION, true, false);
    }

    public DataFrame unionAll(DataFrame other) {
        return union(other);
    }

    /** As union, the other side's columns matched by name. */
    public DataFrame unionByName(DataFrame other) {
        return setOperation(other, SetOperation.Kind.UNION, true, true);
    }

    /** Distinct rows in both. */
    public DataFrame intersect(DataFrame other) {
        return setOperation(other, SetOperation.Kind.INTERSECT, false, false);
    }

    /** Distinct rows of this one that the other does not have. */
    public DataFrame except(DataFrame other) {
        return setOperation(other, SetOperation.Kind.EXCEPT, false, false);
    }

    private DataFrame setOperation(DataFrame other, SetOperation.Kind kind, boolean all, boolean byName) {
        return derive(Relation.newBuilder().setSetOperation(SetOperation.newBuilder().setLeft(plan)
                .setRight(other.plan).setKind(kind).setAll(all).setByName(byName)));
    }

    /** This DataFrame under a name that qualifies its columns: {@code df.alias("a")}, then {@code col("a.x")}. */
    public DataFrame alias(String name) {
        return derive(Relation.newBuilder().setAlias(SubqueryAlias.newBuilder().setInput(plan).setAlias(name)));
    }

    public DataFrame as(String name) {
        return alias(name);
    }

    /** A name for this DataFrame in {@code session.sql(...)} and {@code session.table(...)}, for the session's life. */
    public void createOrReplaceTempView(String name) {
        session.putView(name, plan, true);
    }

    /** As createOrReplaceTempView, failing if the session has a view of that name. */
    public void createTempView(String name) {
        session.putView(name, plan, false);
    }

    /** Writes this DataFrame's rows as Parquet files. */
    public DataFrameWriter write() {
        return new DataFrameWriter(this);
    }

    public StructType schema() {
        return Results.structType(session.schema(plan));
    }

    public String[] columns() {
        return schema().fieldNames();
    }

    public void printSchema() {
        System.out.print(schema().treeString());
    }

    /** Prints the physical plan. */
    public void explain() {
        explain(false);
    }

    /** Prints the physical plan; {@code extended}: also the SQL the plan resolved to and the optimised logical plan. */
    public void explain(boolean extended) {
        System.out.println(session.explain(plan, extended));
    }

    /** The plans as {@link #explain(boolean)} prints them. */
    public String explainString(boolean extended) {
        return session.explain(plan, extended);
    }

    /** Every row, held in this JVM. */
    public List<Row> collectAsList() {
        try (QueryResult result = session.execute(plan)) {
            return Results.rows(result);
        }
    }

    public Row[] collect() {
        return collectAsList().toArray(new Row[0]);
    }

    public long count() {
        List<Row> rows = agg(Functions.count("*").alias("count")).collectAsList();
        return rows.get(0).getLong(0);
    }

    public boolean isEmpty() {
        return take(1).isEmpty();
    }

    /** The first row; fails when there is none. */
    public Row first() {
        List<Row> rows = take(1);
        if (rows.isEmpty()) {
            throw new java.util.NoSuchElementException("The DataFrame has no rows.");
        }
        return rows.get(0);
    }

    public Row head() {
        return first();
    }

    public List<Row> head(int n) {
        return take(n);
    }

    public List<Row> take(int n) {
        return limit(n).collectAsList();
    }

    /**
     * The rows one at a time, read and converted a batch at a time: the client holds one batch
     * of the result, never all of it. Close the iterator if you stop early (exhausting it closes it).
     */
    public CloseableIterator<Row> toLocalIterator() {
        return Results.iterator(session.stream(plan));
    }

    /**
     * The result as Arrow batches, read as they come: standard Arrow vectors (DECIMAL as Decimal128, DATE as
     * DateDay, TIMESTAMP as TimeStampMicro without zone, STRING as VarChar). The caller closes
     * the reader, which frees the result's memory; each batch is valid until the next
     * {@code loadNextBatch()}.
     */
    public ArrowReader arrowBatches() {
        return new ResultReader(session.stream(plan));
    }

    public void show() {
        show(20);
    }

    public void show(int rows) {
        show(rows, true);
    }

    /** The first rows as Spark prints them; {@code truncate}: cells cut to 20 characters. */
    public void show(int rows, boolean truncate) {
        System.out.print(showString(rows, truncate));
    }

    public String showString(int rows, boolean truncate) {
        StructType schema = schema();
        List<Row> taken = limit(rows + 1).collectAsList();
        return Results.table(schema, taken.subList(0, Math.min(rows, taken.size())), taken.size() > rows, truncate);
    }

    private static Column[] names(String column, String... more) {
        List<String> all = new ArrayList<>();
        all.add(column);
        all.addAll(List.of(more));
        return all.stream().map(Functions::col).toArray(Column[]::new);
    }

    @Override
    public String toString() {
        return "DataFrame#" + plan.getPlanId();
    }

    /** An iterator over a result that holds resources until it is exhausted or closed. */
    public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
        @Override
        void close();
    }
}
