package io.arbalest.planner.sql;

import io.arbalest.planner.error.UnsupportedFeatureException;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

import java.util.ArrayList;
import java.util.List;

/**
 * Hive's and Spark's {@code a LEFT SEMI JOIN b ON c} and {@code a LEFT ANTI JOIN b ON c}, which
 * Calcite parses but cannot turn into relational algebra, as what they mean: the rows of
 * {@code a} for which {@code EXISTS (SELECT 1 FROM b WHERE c)} (or {@code NOT EXISTS}), a
 * condition of the query's WHERE. The planner makes that a semi (anti) join again. Such a join
 * may be the query's first, or be joined further (inner, cross or left) with more tables.
 */
final class SemiJoins extends SqlShuttle {
    @Override
    public SqlNode visit(SqlCall call) {
        if (call instanceof SqlSelect select && select.getFrom() != null) {
            List<SqlNode> conditions = new ArrayList<>();
            SqlNode from = strip(select.getFrom(), conditions, true);
            if (!conditions.isEmpty()) {
                select.setFrom(from);
                SqlNode where = select.getWhere();
                for (SqlNode condition : conditions) {
                    where = where == null ? condition : SqlStdOperatorTable.AND.createCall(SqlParserPos.ZERO, where, condition);
                }
                select.setWhere(where);
            }
        }
        return super.visit(call);
    }

    /** {@code from} without its semi and anti joins, whose conditions are added to {@code conditions}. */
    private static SqlNode strip(SqlNode from, List<SqlNode> conditions, boolean rowsKept) {
        if (!(from instanceof SqlJoin join)) {
            return from;
        }
        JoinType type = join.getJoinType();
        if (type == JoinType.LEFT_SEMI_JOIN || type == JoinType.LEFT_ANTI_JOIN) {
            String name = type == JoinType.LEFT_SEMI_JOIN ? "LEFT SEMI JOIN" : "LEFT ANTI JOIN";
            if (!rowsKept) {
                throw new UnsupportedFeatureException(name + " on the right of a join, or on the left of a RIGHT or FULL "
                        + "join, is not supported yet: put it first in FROM, or write [NOT] EXISTS (SELECT ...).");
            }
            if (join.getConditionType() != JoinConditionType.ON) {
                throw new UnsupportedFeatureException(name + " needs an ON condition here (USING and NATURAL are not "
                        + "supported yet).");
            }
            SqlNode left = strip(join.getLeft(), conditions, true);
            SqlSelect subquery = new SqlSelect(SqlParserPos.ZERO, null,
                    SqlNodeList.of(SqlLiteral.createExactNumeric("1", SqlParserPos.ZERO)), join.getRight(),
                    join.getCondition(), null, null, null, null, null, null, null, null);
            SqlNode exists = SqlStdOperatorTable.EXISTS.createCall(SqlParserPos.ZERO, subquery);
            conditions.add(type == JoinType.LEFT_SEMI_JOIN ? exists
                    : SqlStdOperatorTable.NOT.createCall(SqlParserPos.ZERO, exists));
            return left;
        }
        boolean leftKept = rowsKept && (type == JoinType.INNER || type == JoinType.COMMA || type == JoinType.CROSS
                || type == JoinType.LEFT);
        join.setLeft(strip(join.getLeft(), conditions, leftKept));
        join.setRight(strip(join.getRight(), conditions, false));
        return join;
    }
}
