package io.arbalest.planner.sql;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Names a select list's unnamed expressions as Spark prints them ({@code sum(l_extendedprice)},
 * {@code (a + b)}, {@code count(1)}) instead of Calcite's {@code EXPR$2}: each becomes
 * {@code expr AS "name"} before validation (unless another item of the list has that name).
 */
final class SparkNames extends SqlShuttle {
    @Override
    public SqlNode visit(SqlCall call) {
        SqlNode visited = super.visit(call);
        if (visited instanceof SqlSelect select) {
            SqlNodeList items = select.getSelectList();
            java.util.Map<String, Integer> uses = new java.util.HashMap<>();
            for (SqlNode item : items) {
                uses.merge(name(item).toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
            for (int i = 0; i < items.size(); i++) {
                SqlNode item = items.get(i);
                String name = name(item);
                // Two items of one name would make the derived table's columns ambiguous: those keep Calcite's.
                if (item instanceof SqlIdentifier || item.getKind() == SqlKind.AS
                        || uses.get(name.toLowerCase(Locale.ROOT)) > 1) {
                    continue;
                }
                SqlParserPos position = item.getParserPosition();
                items.set(i, SqlStdOperatorTable.AS.createCall(position, item, new SqlIdentifier(name, position)));
            }
        }
        return visited;
    }

    /** The name Spark gives the column an expression computes. */
    static String name(SqlNode node) {
        if (node.getKind() == SqlKind.AS) {
            return ((SqlCall) node).operand(1).toString();
        }
        if (node instanceof SqlIdentifier identifier) {
            return identifier.isStar() ? "*" : identifier.names.get(identifier.names.size() - 1);
        }
        if (node instanceof SqlCharStringLiteral string) {
            return string.getValueAs(String.class);
        }
        if (node instanceof SqlLiteral literal) {
            return literal.getValue() == null ? "NULL" : literal.toValue();
        }
        if (node instanceof SqlCase sqlCase) {
            StringBuilder text = new StringBuilder("CASE");
            if (sqlCase.getValueOperand() != null) {
                text.append(' ').append(name(sqlCase.getValueOperand()));
            }
            for (int i = 0; i < sqlCase.getWhenOperands().size(); i++) {
                text.append(" WHEN ").append(name(sqlCase.getWhenOperands().get(i)))
                        .append(" THEN ").append(name(sqlCase.getThenOperands().get(i)));
            }
            if (sqlCase.getElseOperand() != null && !SqlUtil.isNullLiteral(sqlCase.getElseOperand(), false)) {
                text.append(" ELSE ").append(name(sqlCase.getElseOperand()));
            }
            return text.append(" END").toString();
        }
        if (!(node instanceof SqlBasicCall call)) {
            return node.toString();
        }
        List<SqlNode> operands = call.getOperandList();
        List<String> args = operands.stream().map(o -> o == null ? "" : name(o)).toList();
        SqlKind kind = call.getKind();
        if (kind == SqlKind.CAST && operands.size() == 2) {
            return "CAST(" + args.get(0) + " AS " + operands.get(1).toString().replace("`", "").replace("\"", "")
                    .replace(", ", ",").toUpperCase(Locale.ROOT) + ")";
        }
        if (kind == SqlKind.OVER) {
            return args.get(0) + " OVER (...)";
        }
        if (kind == SqlKind.MINUS_PREFIX) {
            return "(- " + args.get(0) + ")";
        }
        switch (kind) {
            case IS_NULL, IS_NOT_NULL, IS_TRUE, IS_FALSE, IS_NOT_TRUE, IS_NOT_FALSE -> {
                return "(" + args.get(0) + " " + call.getOperator().getName() + ")";
            }
            case NOT -> {
                return "(NOT " + args.get(0) + ")";
            }
            case FIRST, LAST -> { // the parser adds an offset operand Spark's first(x) and last(x) do not have
                return kind.name().toLowerCase(Locale.ROOT) + "(" + args.get(0) + ")";
            }
            case IN, NOT_IN -> {
                String in = "(" + args.get(0) + " IN (" + args.get(1) + "))";
                return kind == SqlKind.NOT_IN ? "(NOT " + in + ")" : in;
            }
            case LIKE -> {
                String like = args.get(0) + " LIKE " + args.get(1);
                return call.getOperator().getName().startsWith("NOT") ? "(NOT " + like + ")" : like;
            }
            case BETWEEN -> { // Spark 3 reads BETWEEN as the two comparisons
                String between = "((" + args.get(0) + " >= " + args.get(1) + ") AND (" + args.get(0) + " <= " + args.get(2)
                        + "))";
                return call.getOperator().getName().startsWith("NOT") ? "(NOT " + between + ")" : between;
            }
            default -> {
            }
        }
        if (call.getOperator() instanceof SqlBinaryOperator && args.size() == 2) {
            String operator = call.getOperator().getName();
            return "(" + args.get(0) + " " + (operator.equals("<>") ? "!=" : operator) + " " + args.get(1) + ")";
        }
        String function = call.getOperator() == SqlLibraryOperators.TRANSLATE3 ? "translate" // Spark's name
                : call.getOperator().getName().toLowerCase(Locale.ROOT);
        String distinct = call.getFunctionQuantifier() != null
                && call.getFunctionQuantifier().getValue().toString().equals("DISTINCT") ? "DISTINCT " : "";
        if (function.equals("count") && args.size() == 1 && args.get(0).equals("*")) {
            return "count(1)";
        }
        return function + "(" + distinct + args.stream().collect(Collectors.joining(", ")) + ")";
    }
}
