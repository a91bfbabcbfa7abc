package io.arbalest.planner.dataframe;

import java.util.List;

/**
 * One SELECT being assembled from DataFrame operations. An operation joins the block when its
 * clause comes after every clause the block already has (a filter after a join is its WHERE, a
 * select after that its SELECT list); otherwise the block becomes a derived table of a new one.
 * That keeps each DataFrame's meaning (Spark's operations apply in program order) while the SQL
 * stays flat enough for bound columns ({@code df.col("x")}) to resolve.
 */
final class QueryBlock {
    /** The FROM clause, aliases included; or, for {@link #raw}, the whole query text. */
    String from;
    /** The query is {@link #from} itself (SQL text, a set operation), not SELECT * FROM it. */
    boolean raw;
    /** The single alias of {@link #from} when it is one table or derived table; empty for a join. */
    String alias = "";
    /**
     * The name the user gave this DataFrame ({@code df.alias("l1")}); a derived table made of the
     * block keeps it, so {@code col("l1.x")} resolves after later filters and joins, as in Spark.
     */
    String userAlias = "";
    /** Null: SELECT *. */
    List<String> select;
    String where;
    /** Null: no GROUP BY; empty: one group (an aggregate without keys). */
    List<String> groupBy;
    List<String> orderBy;
    long limit = -1;
    long offset;
    boolean distinct;
    /** The SELECT list computes window functions, which run before ORDER BY and LIMIT of the same block. */
    boolean windows;
    Scope scope;

    QueryBlock(String from, String alias, Scope scope) {
        this.from = from;
        this.alias = alias;
        this.scope = scope;
    }

    static QueryBlock raw(String query, Scope scope) {
        QueryBlock block = new QueryBlock(query, "", scope);
        block.raw = true;
        return block;
    }

    /** Nothing but a FROM clause: a table, a derived table, or joins of them. */
    boolean bare() {
        return !raw && select == null && where == null && groupBy == null && orderBy == null && limit < 0
                && offset == 0 && !distinct;
    }

    /** A WHERE (or more of it), SELECT or GROUP BY may still be added. */
    boolean takesSelect() {
        return !raw && select == null && groupBy == null && orderBy == null && limit < 0 && offset == 0 && !distinct;
    }

    boolean takesOrderBy() {
        return !raw && groupBy == null && !distinct && orderBy == null && limit < 0 && offset == 0 && !windows;
    }

    String render() {
        if (raw) {
            return from;
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        if (distinct) {
            sql.append("DISTINCT ");
        }
        sql.append(select == null ? "*" : String.join(", ", select));
        sql.append(" FROM ").append(from);
        if (where != null) {
            sql.append(" WHERE ").append(where);
        }
        if (groupBy != null && !groupBy.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", groupBy));
        }
        if (orderBy != null) {
            sql.append(" ORDER BY ").append(String.join(", ", orderBy));
        }
        if (offset > 0) {
            sql.append(" OFFSET ").append(offset).append(" ROWS");
        }
        if (limit >= 0) {
            sql.append(" FETCH NEXT ").append(limit).append(" ROWS ONLY");
        }
        return sql.toString();
    }
}
