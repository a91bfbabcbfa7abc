package io.arbalest.planner.sql;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

import java.util.Locale;

/**
 * Spark's aggregates that standard ones express, rewritten before validation (after
 * {@link SparkNames} has named the columns as Spark does):
 * <ul>
 * <li>{@code count_if(c)} is {@code COUNT(CASE WHEN c THEN 1 END)};</li>
 * <li>{@code first(x)}, {@code last(x)} and {@code any_value(x)}, whose value Spark leaves to the
 * order rows happen to arrive in, are one value of the group: {@code MIN(x)}, the same in every
 * run.</li>
 * </ul>
 */
final class SparkAggregates extends SqlShuttle {
    @Override
    public SqlNode visit(SqlCall call) {
        SqlCall visited = (SqlCall) super.visit(call);
        if (visited == null || visited.operandCount() == 0) {
            return visited;
        }
        String name = visited.getOperator().getName().toUpperCase(Locale.ROOT);
        SqlParserPos pos = visited.getParserPosition();
        if (name.equals("COUNT_IF") && visited.operandCount() == 1) {
            SqlNode oneIfTrue = new SqlCase(pos, null, SqlNodeList.of(visited.operand(0)),
                    SqlNodeList.of(SqlLiteral.createExactNumeric("1", pos)), SqlLiteral.createNull(pos));
            return SqlStdOperatorTable.COUNT.createCall(pos, oneIfTrue);
        }
        boolean firstOrLast = visited.getKind() == SqlKind.FIRST || visited.getKind() == SqlKind.LAST
                || name.equals("FIRST") || name.equals("LAST");
        if (firstOrLast || name.equals("ANY_VALUE")) {
            SqlNode value = visited.operand(0);
            return SqlStdOperatorTable.MIN.createCall(pos, value);
        }
        return visited;
    }
}
