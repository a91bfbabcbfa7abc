package io.arbalest.planner.sql;

import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

import java.util.Locale;
import java.util.Set;

/**
 * STDDEV and VARIANCE (and their _SAMP/_POP forms) of any numeric argument compute in DOUBLE
 * and return DOUBLE, as in Spark and Hive: their argument is cast before validation. (Calcite
 * would type them like AVG and expand them to decimal sums of squares.)
 */
final class StatisticsInDouble extends SqlShuttle {
    private static final Set<String> FUNCTIONS = Set.of("STD", "STDDEV", "STDDEV_SAMP", "STDDEV_POP", "VARIANCE",
            "VAR_SAMP", "VAR_POP");

    @Override
    public SqlNode visit(SqlCall call) {
        SqlCall visited = (SqlCall) super.visit(call);
        if (visited == null || visited.operandCount() != 1
                || !FUNCTIONS.contains(visited.getOperator().getName().toUpperCase(Locale.ROOT))) {
            return visited;
        }
        SqlNode argument = visited.operand(0);
        SqlDataTypeSpec type = new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.DOUBLE, argument.getParserPosition()),
                argument.getParserPosition());
        visited.setOperand(0, SqlStdOperatorTable.CAST.createCall(argument.getParserPosition(), argument, type));
        return visited;
    }
}
