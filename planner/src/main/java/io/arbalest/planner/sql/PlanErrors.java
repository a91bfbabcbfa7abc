package io.arbalest.planner.sql;

import io.arbalest.planner.dataframe.PlanCompiler;
import io.arbalest.planner.dataframe.PlanContext;
import io.arbalest.planner.error.ArbalestException;
import io.arbalest.planner.error.SqlValidationException;
import io.arbalest.proto.logical.Expression;
import io.arbalest.proto.logical.Query;
import io.arbalest.proto.logical.Relation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The errors of a DataFrame plan as its author reads them: without positions in SQL they never
 * wrote, and for an unknown column, the columns of the operation's input with the closest ones.
 */
final class PlanErrors {
    private static final Pattern POSITION = Pattern.compile("^(From|At) line \\d+, column \\d+( to line \\d+, column \\d+)?: ");
    private static final Pattern MISSING = Pattern.compile("Column '([^']+)' not found in (any table|table '[^']+')");

    private PlanErrors() {
    }

    static SqlValidationException explain(SqlValidationException error, Query query, PlanContext context) {
        String message = POSITION.matcher(String.valueOf(error.getMessage())).replaceFirst("");
        Matcher missing = MISSING.matcher(message);
        if (missing.find()) {
            String column = missing.group(1);
            Optional<List<String>> columns = inputColumns(query.getPlan(), column, query, context);
            if (columns.isPresent()) {
                message = "Column '" + column + "' does not exist. The input has the columns "
                        + String.join(", ", columns.get()) + "." + closest(column, columns.get());
            }
        }
        return new SqlValidationException(message, error);
    }

    /** The columns of the inputs of the deepest operation that names the column, when they resolve. */
    private static Optional<List<String>> inputColumns(Relation relation, String column, Query query,
            PlanContext context) {
        for (Relation input : inputs(relation)) {
            Optional<List<String>> deeper = inputColumns(input, column, query, context);
            if (deeper.isPresent()) {
                return deeper;
            }
        }
        if (!mentions(relation, column)) {
            return Optional.empty();
        }
        List<String> columns = new ArrayList<>();
        for (Relation input : inputs(relation)) {
            try {
                columns.addAll(context.columnNames(PlanCompiler.toSql(query.toBuilder().setPlan(input).build(), context)));
            } catch (ArbalestException e) {
                return Optional.empty();
            }
        }
        boolean present = columns.stream().anyMatch(c -> c.equalsIgnoreCase(column));
        return columns.isEmpty() || present ? Optional.empty() : Optional.of(columns);
    }

    /**
     * " Did you mean 'x'?" for the name closest to {@code column} (a column or a table), or nothing
     * when none is close. The name itself is never suggested (a view may hide the table that has it).
     */
    static String closest(String column, List<String> columns) {
        String wanted = column.toLowerCase(Locale.ROOT);
        return columns.stream().filter(c -> !c.equalsIgnoreCase(column))
                .filter(c -> distance(c.toLowerCase(Locale.ROOT), wanted) <= Math.max(2, wanted.length() / 3))
                .min(Comparator.comparingInt(c -> distance(c.toLowerCase(Locale.ROOT), wanted)))
                .map(c -> " Did you mean '" + c + "'?").orElse("");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static List<Relation> inputs(Relation relation) {
        return switch (relation.getKindCase()) {
            case PROJECT -> List.of(relation.getProject().getInput());
            case FILTER -> List.of(relation.getFilter().getInput());
            case AGGREGATE -> List.of(relation.getAggregate().getInput());
            case JOIN -> List.of(relation.getJoin().getLeft(), relation.getJoin().getRight());
            case SORT -> List.of(relation.getSort().getInput());
            case LIMIT -> List.of(relation.getLimit().getInput());
            case SET_OPERATION -> List.of(relation.getSetOperation().getLeft(), relation.getSetOperation().getRight());
            case DEDUPLICATE -> List.of(relation.getDeduplicate().getInput());
            case ALIAS -> List.of(relation.getAlias().getInput());
            case WITH_COLUMNS -> List.of(relation.getWithColumns().getInput());
            case DROP_COLUMNS -> List.of(relation.getDropColumns().getInput());
            case RENAME_COLUMNS -> List.of(relation.getRenameColumns().getInput());
            default -> List.of();
        };
    }

    private static boolean mentions(Relation relation, String column) {
        List<Expression> expressions = switch (relation.getKindCase()) {
            case PROJECT -> relation.getProject().getExpressionsList();
            case FILTER -> List.of(relation.getFilter().getCondition());
            case AGGREGATE -> concat(relation.getAggregate().getGroupingList(), relation.getAggregate().getAggregatesList());
            case JOIN -> relation.getJoin().hasCondition() ? List.of(relation.getJoin().getCondition()) : List.of();
            case SORT -> relation.getSort().getOrderList();
            case WITH_COLUMNS -> relation.getWithColumns().getColumnsList();
            default -> List.of();
        };
        return expressions.stream().anyMatch(e -> mentions(e, column.toLowerCase(Locale.ROOT)));
    }

    private static List<Expression> concat(List<Expression> a, List<Expression> b) {
        List<Expression> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static boolean mentions(Expression expression, String column) {
        return switch (expression.getKindCase()) {
            case COLUMN -> {
                String name = expression.getColumn().getName().toLowerCase(Locale.ROOT);
                yield name.equals(column) || name.endsWith("." + column);
            }
            case SQL_EXPRESSION -> Pattern.compile("(^|\\W)" + Pattern.quote(column) + "($|\\W)")
                    .matcher(expression.getSqlExpression().toLowerCase(Locale.ROOT)).find();
            case CALL -> expression.getCall().getArgumentsList().stream().anyMatch(e -> mentions(e, column));
            case CAST -> mentions(expression.getCast().getInput(), column);
            case ALIAS -> mentions(expression.getAlias().getInput(), column);
            case SORT_ORDER -> mentions(expression.getSortOrder().getInput(), column);
            case WINDOW -> mentions(expression.getWindow().getFunction(), column)
                    || expression.getWindow().getPartitionByList().stream().anyMatch(e -> mentions(e, column))
                    || expression.getWindow().getOrderByList().stream().anyMatch(e -> mentions(e, column));
            case CASE_WHEN -> expression.getCaseWhen().getBranchesList().stream()
                    .anyMatch(b -> mentions(b.getCondition(), column) || mentions(b.getValue(), column))
                    || expression.getCaseWhen().hasOtherwise() && mentions(expression.getCaseWhen().getOtherwise(), column);
            default -> false;
        };
    }
}
