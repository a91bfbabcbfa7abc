package io.arbalest.planner.dataframe;

import io.arbalest.planner.error.SqlValidationException;
import io.arbalest.proto.logical.Call;
import io.arbalest.proto.logical.CaseWhen;
import io.arbalest.proto.logical.ColumnReference;
import io.arbalest.proto.logical.Expression;
import io.arbalest.proto.logical.SortOrder;
import io.arbalest.proto.logical.WindowExpression;
import io.arbalest.proto.logical.WindowFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * DataFrame expressions as SQL text, and the names Spark gives the columns they compute
 * ({@code sum(l_quantity)}, {@code (a + b)}). A column bound to a DataFrame resolves through the
 * {@link Scope} of the query block it appears in.
 */
final class ExpressionText {
    private static final Map<String, String> BINARY = Map.ofEntries(
            Map.entry("+", "+"), Map.entry("-", "-"), Map.entry("*", "*"), Map.entry("/", "/"),
            Map.entry("=", "="), Map.entry("==", "="), Map.entry("!=", "<>"), Map.entry("<>", "<>"),
            Map.entry("<", "<"), Map.entry("<=", "<="), Map.entry(">", ">"), Map.entry(">=", ">="),
            Map.entry("<=>", "IS NOT DISTINCT FROM"), Map.entry("and", "AND"), Map.entry("or", "OR"),
            Map.entry("like", "LIKE"));
    /** Spark's function names whose SQL name differs. */
    private static final Map<String, String> RENAMED = Map.of(
            "length", "CHAR_LENGTH", "char_length", "CHAR_LENGTH", "stddev", "STDDEV_SAMP", "std", "STDDEV_SAMP",
            "substring", "SUBSTR", "mean", "AVG", "dayofmonth", "DAYOFMONTH", "variance", "VAR_SAMP");
    private static final Map<String, String> TRIMS = Map.of("trim", "BOTH", "ltrim", "LEADING", "rtrim", "TRAILING");

    private final Scope scope;
    /** Compiles the SQL expression text of expr() and selectExpr() (checked on its own first). */
    private final UnaryOperator<String> sqlExpressions;

    ExpressionText(Scope scope, UnaryOperator<String> sqlExpressions) {
        this.scope = scope;
        this.sqlExpressions = sqlExpressions;
    }

    /** The expression as an item of a SELECT list: named as Spark names it unless it is a plain column. */
    String selectItem(Expression expression) {
        if (expression.hasSqlExpression()) {
            String text = expression.getSqlExpression();
            String sql = sqlExpressions.apply(text);
            return isPlainOrAliased(text) ? sql : sql + " AS " + SqlText.identifier(text.trim());
        }
        String sql = sql(expression);
        return expression.hasColumn() ? sql : sql + " AS " + SqlText.identifier(name(expression));
    }

    /** The expression alone, without its alias (GROUP BY keys, conditions). */
    String sql(Expression expression) {
        return switch (expression.getKindCase()) {
            case COLUMN -> column(expression.getColumn());
            case LITERAL -> SqlText.literal(expression.getLiteral());
            case CALL -> call(expression.getCall());
            case CAST -> "CAST(" + sql(expression.getCast().getInput()) + " AS " + SqlText.type(expression.getCast().getType()) + ")";
            case ALIAS -> sql(expression.getAlias().getInput());
            case SORT_ORDER -> sortOrder(expression.getSortOrder());
            case WINDOW -> window(expression.getWindow());
            case SQL_EXPRESSION -> "(" + sqlExpressions.apply(expression.getSqlExpression()) + ")";
            case CASE_WHEN -> caseWhen(expression.getCaseWhen());
            case KIND_NOT_SET -> throw new SqlValidationException("An expression of the plan is empty.", null);
        };
    }

    /** A sort key: ascending with NULLs first unless it says otherwise, as Spark sorts. */
    String sortKey(Expression expression) {
        return expression.hasSortOrder() ? sortOrder(expression.getSortOrder()) : sql(expression) + " ASC NULLS FIRST";
    }

    private String column(ColumnReference column) {
        List<String> parts = nameParts(column.getName());
        String last = parts.get(parts.size() - 1);
        String quotedLast = last.equals("*") ? "*" : SqlText.identifier(last);
        if (column.getPlanId() != 0) {
            String qualifier = scope.qualifier(column.getPlanId(), column.getName());
            return qualifier.isEmpty() ? quotedLast : SqlText.identifier(qualifier) + "." + quotedLast;
        }
        if (parts.size() == 2) {
            return SqlText.identifier(scope.qualifier(parts.get(0))) + "." + quotedLast;
        }
        return parts.subList(0, parts.size() - 1).stream().map(SqlText::identifier)
                .map(part -> part + ".").collect(Collectors.joining()) + quotedLast;
    }

    private String call(Call call) {
        String function = call.getFunction().toLowerCase(Locale.ROOT);
        List<Expression> arguments = call.getArgumentsList();
        List<String> args = arguments.stream().map(this::sql).toList();
        String binary = BINARY.get(function);
        if (binary != null && args.size() == 2) {
            return "(" + args.get(0) + " " + binary + " " + args.get(1) + ")";
        }
        if (binary != null && (function.equals("and") || function.equals("or")) && args.size() > 2) {
            return "(" + String.join(" " + binary + " ", args) + ")";
        }
        return switch (function) {
            case "%", "mod" -> "MOD(" + arity(call, args, 2).get(0) + ", " + args.get(1) + ")";
            case "not" -> "(NOT " + arity(call, args, 1).get(0) + ")";
            case "negate", "-" -> "(- " + arity(call, args, 1).get(0) + ")";
            case "isnull" -> "(" + arity(call, args, 1).get(0) + " IS NULL)";
            case "isnotnull" -> "(" + arity(call, args, 1).get(0) + " IS NOT NULL)";
            case "in" -> args.size() == 1 ? "FALSE"
                    : "(" + args.get(0) + " IN (" + String.join(", ", args.subList(1, args.size())) + "))";
            case "between" -> "(" + arity(call, args, 3).get(0) + " BETWEEN " + args.get(1) + " AND " + args.get(2) + ")";
            case "concat" -> args.isEmpty() ? "''" : "(" + String.join(" || ", args) + ")";
            case "trim", "ltrim", "rtrim" -> "TRIM(" + TRIMS.get(function) + " ' ' FROM " + arity(call, args, 1).get(0) + ")";
            case "count" -> arguments.size() == 1 && isStar(arguments.get(0)) ? "COUNT(*)"
                    : "COUNT(" + (call.getDistinct() ? "DISTINCT " : "") + String.join(", ", args) + ")";
            default -> RENAMED.getOrDefault(function, function.toUpperCase(Locale.ROOT)) + "("
                    + (call.getDistinct() ? "DISTINCT " : "") + String.join(", ", args) + ")";
        };
    }

    private static List<String> arity(Call call, List<String> args, int count) {
        if (args.size() != count) {
            throw new SqlValidationException(call.getFunction() + " takes " + count + " argument"
                    + (count == 1 ? "" : "s") + ", but got " + args.size() + ".", null);
        }
        return args;
    }

    private String sortOrder(SortOrder order) {
        boolean nullsFirst = switch (order.getNulls()) {
            case NULLS_FIRST -> true;
            case NULLS_LAST -> false;
            default -> !order.getDescending();
        };
        return sql(order.getInput()) + (order.getDescending() ? " DESC" : " ASC")
                + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }

    private String window(WindowExpression window) {
        List<String> clauses = new ArrayList<>();
        if (window.getPartitionByCount() > 0) {
            clauses.add("PARTITION BY " + window.getPartitionByList().stream().map(this::sql).collect(Collectors.joining(", ")));
        }
        if (window.getOrderByCount() > 0) {
            clauses.add("ORDER BY " + window.getOrderByList().stream().map(this::sortKey).collect(Collectors.joining(", ")));
        }
        if (window.hasFrame()) {
            WindowFrame frame = window.getFrame();
            clauses.add((frame.getRange() ? "RANGE" : "ROWS") + " BETWEEN " + bound(frame.getLower()) + " AND "
                    + bound(frame.getUpper()));
        }
        return sql(window.getFunction()) + " OVER (" + String.join(" ", clauses) + ")";
    }

    private static String bound(long offset) {
        if (offset == Long.MIN_VALUE) {
            return "UNBOUNDED PRECEDING";
        }
        if (offset == Long.MAX_VALUE) {
            return "UNBOUNDED FOLLOWING";
        }
        return offset == 0 ? "CURRENT ROW" : offset < 0 ? -offset + " PRECEDING" : offset + " FOLLOWING";
    }

    private String caseWhen(CaseWhen caseWhen) {
        StringBuilder text = new StringBuilder("CASE");
        for (CaseWhen.Branch branch : caseWhen.getBranchesList()) {
            text.append(" WHEN ").append(sql(branch.getCondition())).append(" THEN ").append(sql(branch.getValue()));
        }
        if (caseWhen.hasOtherwise()) {
            text.append(" ELSE ").append(sql(caseWhen.getOtherwise()));
        }
        return text.append(" END").toString();
    }

    /** The name Spark gives the column an expression computes. */
    static String name(Expression expression) {
        return switch (expression.getKindCase()) {
            case COLUMN -> {
                List<String> parts = nameParts(expression.getColumn().getName());
                yield parts.get(parts.size() - 1);
            }
            case LITERAL -> SqlText.literalName(expression.getLiteral());
            case CALL -> callName(expression.getCall());
            case CAST -> "CAST(" + name(expression.getCast().getInput()) + " AS "
                    + SqlText.type(expression.getCast().getType()) + ")";
            case ALIAS -> expression.getAlias().getName();
            case SORT_ORDER -> name(expression.getSortOrder().getInput());
            case WINDOW -> name(expression.getWindow().getFunction()) + " OVER (...)";
            case SQL_EXPRESSION -> expression.getSqlExpression().trim();
            case CASE_WHEN -> "CASE WHEN ... END";
            case KIND_NOT_SET -> "";
        };
    }

    private static String callName(Call call) {
        String function = call.getFunction().toLowerCase(Locale.ROOT);
        List<String> args = call.getArgumentsList().stream().map(ExpressionText::name).toList();
        String binary = BINARY.get(function);
        if (binary != null && args.size() >= 2) {
            return "(" + String.join(" " + binary + " ", args) + ")";
        }
        return switch (function) {
            case "%", "mod" -> "(" + String.join(" % ", args) + ")";
            case "not" -> "(NOT " + String.join(", ", args) + ")";
            case "negate" -> "(- " + String.join(", ", args) + ")";
            case "isnull" -> "(" + String.join(", ", args) + " IS NULL)";
            case "isnotnull" -> "(" + String.join(", ", args) + " IS NOT NULL)";
            case "in" -> "(" + args.get(0) + " IN (" + String.join(", ", args.subList(1, args.size())) + "))";
            case "between" -> args.size() == 3 ? "((" + args.get(0) + " >= " + args.get(1) + ") AND (" + args.get(0)
                    + " <= " + args.get(2) + "))" : "between";
            case "count" -> call.getArgumentsCount() == 1 && isStar(call.getArguments(0)) ? "count(1)"
                    : "count(" + (call.getDistinct() ? "DISTINCT " : "") + String.join(", ", args) + ")";
            default -> function + "(" + (call.getDistinct() ? "DISTINCT " : "") + String.join(", ", args) + ")";
        };
    }

    private static boolean isStar(Expression expression) {
        return expression.hasColumn() && expression.getColumn().getName().equals("*")
                || expression.hasSqlExpression() && expression.getSqlExpression().trim().equals("*");
    }

    /** True when SQL names the item itself: a bare (possibly qualified) name, or text with its own AS. */
    private static boolean isPlainOrAliased(String text) {
        return text.trim().matches("(?is)[`\"\\w.*]+|.*\\sAS\\s+[`\"]?\\w+[`\"]?\\s*");
    }

    /** A column's (or table's) name split at dots; backquotes keep a dotted name in one piece ("`a.b`"). */
    static List<String> nameParts(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '`') {
                if (quoted && i + 1 < name.length() && name.charAt(i + 1) == '`') {
                    part.append('`');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '.' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        if (parts.stream().anyMatch(String::isEmpty)) {
            throw new SqlValidationException("'" + name + "' is not a valid name: write `a.b` in "
                    + "backquotes for a name with a dot.", null);
        }
        return parts;
    }
}
