package io.arbalest.planner.sql;

import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

import java.util.Locale;
import java.util.Map;

/**
 * Spark's shorthands for what standard SQL spells out, rewritten before validation (after
 * {@link SparkNames} has named the columns as Spark does):
 * <ul>
 * <li>{@code int(x)}, {@code string(x)}, {@code double(x)} ... are {@code CAST(x AS INT)} ...;</li>
 * <li>{@code current_database()} (and {@code current_schema()}) is the session's database, a string;</li>
 * <li>{@code count_if(c)} is {@code COUNT(CASE WHEN c THEN 1 END)};</li>
 * <li>{@code first(x)}, {@code last(x)} and {@code any_value(x)}, whose value Spark leaves to the
 * order rows happen to arrive in, are one value of the group: {@code MIN(x)}, the same in every
 * run.</li>
 * </ul>
 */
final class SparkShorthands extends SqlShuttle {
    /** Spark's cast functions and the types they cast to. */
    private static final Map<String, SqlTypeName> CASTS = Map.of("BOOLEAN", SqlTypeName.BOOLEAN, "TINYINT",
            SqlTypeName.TINYINT, "SMALLINT", SqlTypeName.SMALLINT, "INT", SqlTypeName.INTEGER, "BIGINT", SqlTypeName.BIGINT,
            "FLOAT", SqlTypeName.REAL, "DOUBLE", SqlTypeName.DOUBLE, "STRING", SqlTypeName.VARCHAR, "TIMESTAMP",
            SqlTypeName.TIMESTAMP, "DECIMAL", SqlTypeName.DECIMAL);

    private final String database;

    SparkShorthands(String database) {
        this.database = database;
    }

    @Override
    public SqlNode visit(SqlCall call) {
        SqlCall visited = (SqlCall) super.visit(call);
        if (visited == null) {
            return null;
        }
        String name = visited.getOperator().getName().toUpperCase(Locale.ROOT);
        SqlParserPos pos = visited.getParserPosition();
        boolean function = visited.getOperator() instanceof SqlUnresolvedFunction;
        if (function && visited.operandCount() == 0
                && (name.equals("CURRENT_DATABASE") || name.equals("CURRENT_SCHEMA"))) {
            return SqlLiteral.createCharString(database, pos);
        }
        if (function && visited.operandCount() == 1 && CASTS.containsKey(name)) {
            SqlTypeName type = CASTS.get(name);
            SqlBasicTypeNameSpec spec = type == SqlTypeName.DECIMAL ? new SqlBasicTypeNameSpec(type, 10, 0, pos)
                    : new SqlBasicTypeNameSpec(type, pos);
            SqlNode value = visited.operand(0);
            return SqlStdOperatorTable.CAST.createCall(pos, value, new SqlDataTypeSpec(spec, pos));
        }
        if (visited.operandCount() == 0) {
            return visited;
        }
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
