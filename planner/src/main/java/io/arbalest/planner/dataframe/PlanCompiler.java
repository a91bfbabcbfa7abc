package io.arbalest.planner.dataframe;

import io.arbalest.planner.error.SqlValidationException;
import io.arbalest.proto.logical.Aggregate;
import io.arbalest.proto.logical.Expression;
import io.arbalest.proto.logical.Field;
import io.arbalest.proto.logical.Join;
import io.arbalest.proto.logical.Limit;
import io.arbalest.proto.logical.LocalRows;
import io.arbalest.proto.logical.Query;
import io.arbalest.proto.logical.Relation;
import io.arbalest.proto.logical.SetOperation;
import io.arbalest.proto.logical.View;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a DataFrame's unresolved plan into one SQL query, which the SQL front end then
 * validates, resolves and optimises like any other: one path, so a DataFrame and the SQL it
 * stands for plan alike and fail with the same errors. Each relation becomes a {@link QueryBlock};
 * the session's temporary views become a WITH clause. Names are always quoted and resolved by
 * the front end (case-insensitively, as Spark does).
 */
public final class PlanCompiler {
    private final PlanContext context;
    private final ViewClause views;
    private int aliases;

    private PlanCompiler(PlanContext context, List<View> views) {
        this.context = context;
        this.views = new ViewClause(views);
    }

    /** The name Spark gives the column an expression computes: {@code sum(l_quantity)}, {@code (a + b)}. */
    public static String columnName(Expression expression) {
        return ExpressionText.name(expression);
    }

    /** The SQL a query stands for: its own text or its plan's, after the views it uses. */
    public static String toSql(Query query, PlanContext context) {
        PlanCompiler compiler = new PlanCompiler(context, query.getViewsList());
        String body = switch (query.getKindCase()) {
            case SQL -> context.query(query.getSql());
            case PLAN -> compiler.compile(query.getPlan()).render();
            case KIND_NOT_SET -> throw new SqlValidationException("The query is empty: give SQL text or a plan.", null);
        };
        return compiler.withViews(body);
    }

    private QueryBlock compile(Relation relation) {
        long id = relation.getPlanId();
        return switch (relation.getKindCase()) {
            case READ_TABLE -> table(SqlText.tableName(relation.getReadTable().getName()), id);
            case READ_FILES -> table(SqlText.identifier(context.filesTable(relation.getReadFiles())), id);
            case SQL -> QueryBlock.raw(context.query(relation.getSql().getText()), Scope.of(id, ""));
            case PROJECT -> project(relation);
            case FILTER -> filter(relation);
            case AGGREGATE -> aggregate(relation);
            case JOIN -> join(relation.getJoin(), id);
            case SORT -> sort(relation);
            case LIMIT -> limit(relation);
            case SET_OPERATION -> setOperation(relation.getSetOperation(), id);
            case DEDUPLICATE -> deduplicate(relation);
            case LOCAL_ROWS -> localRows(relation.getLocalRows(), id);
            case ALIAS -> alias(relation);
            case WITH_COLUMNS -> withColumns(relation);
            case DROP_COLUMNS -> dropColumns(relation);
            case RENAME_COLUMNS -> renameColumns(relation);
            case RANGE -> table(SqlText.identifier(context.rangeTable(relation.getRange().getStart(),
                    relation.getRange().getEnd(), relation.getRange().getStep())), id);
            case KIND_NOT_SET -> throw new SqlValidationException("A relation of the plan is empty.", null);
        };
    }

    private QueryBlock table(String name, long id) {
        String alias = newAlias();
        return new QueryBlock(name + " AS " + SqlText.identifier(alias), alias, Scope.of(id, alias));
    }

    /** SELECT * FROM (block) AS tN: every DataFrame the block could see is seen through tN. */
    private QueryBlock wrap(QueryBlock block) {
        String alias = block.userAlias.isEmpty() ? newAlias() : block.userAlias;
        QueryBlock wrapped = new QueryBlock("(" + block.render() + ") AS " + SqlText.identifier(alias), alias,
                block.scope.through(alias));
        wrapped.userAlias = block.userAlias;
        return wrapped;
    }

    private QueryBlock project(Relation relation) {
        List<Expression> expressions = relation.getProject().getExpressionsList();
        boolean windows = expressions.stream().anyMatch(PlanCompiler::hasWindow);
        QueryBlock block = compileInto(relation.getProject().getInput(), relation.getPlanId(), QueryBlock::takesSelect);
        ExpressionText text = text(block);
        block.select = expressions.stream().map(text::selectItem).toList();
        block.windows = windows;
        return block;
    }

    private QueryBlock filter(Relation relation) {
        QueryBlock block = compileInto(relation.getFilter().getInput(), relation.getPlanId(), QueryBlock::takesSelect);
        String condition = text(block).sql(relation.getFilter().getCondition());
        block.where = block.where == null ? condition : "(" + block.where + ") AND (" + condition + ")";
        return block;
    }

    private QueryBlock aggregate(Relation relation) {
        Aggregate aggregate = relation.getAggregate();
        QueryBlock block = compileInto(aggregate.getInput(), relation.getPlanId(), QueryBlock::takesSelect);
        ExpressionText text = text(block);
        List<String> select = new ArrayList<>();
        aggregate.getGroupingList().forEach(key -> select.add(text.selectItem(key)));
        aggregate.getAggregatesList().forEach(value -> select.add(text.selectItem(value)));
        block.groupBy = aggregate.getGroupingList().stream().map(text::sql).toList();
        block.select = select;
        return block;
    }

    private QueryBlock join(Join join, long id) {
        String type = join.getJoinType().toLowerCase(Locale.ROOT).replace("_", "");
        String keyword = switch (type) {
            case "", "inner" -> "INNER JOIN";
            case "cross" -> "CROSS JOIN";
            case "left", "leftouter" -> "LEFT JOIN";
            case "right", "rightouter" -> "RIGHT JOIN";
            case "full", "outer", "fullouter" -> "FULL JOIN";
            case "leftsemi", "semi" -> "SEMI";
            case "leftanti", "anti" -> "ANTI";
            default -> throw new SqlValidationException("Unsupported join type '" + join.getJoinType() + "'. Supported "
                    + "join types: inner, cross, left, left_outer, right, right_outer, full, full_outer, outer, "
                    + "left_semi, semi, left_anti, anti.", null);
        };
        QueryBlock left = joinInput(join.getLeft());
        QueryBlock right = joinInput(join.getRight());
        if (right.alias.isEmpty()) {
            right = wrap(right); // a join on the right of a join: one derived table, as SQL's grammar wants
        }
        Scope both = Scope.union(left.scope, right.scope);
        if (keyword.equals("SEMI") || keyword.equals("ANTI")) {
            return semiJoin(join, id, keyword.equals("ANTI"), left, right, both);
        }
        String condition;
        if (join.getUsingColumnsCount() > 0) {
            condition = " USING (" + join.getUsingColumnsList().stream().map(SqlText::identifier)
                    .collect(Collectors.joining(", ")) + ")";
        } else if (join.hasCondition()) {
            condition = " ON " + new ExpressionText(both, this::selectItem).sql(join.getCondition());
            keyword = keyword.equals("CROSS JOIN") ? "INNER JOIN" : keyword;
        } else if (keyword.equals("CROSS JOIN")) {
            condition = "";
        } else {
            throw new SqlValidationException("A " + join.getJoinType() + " join needs a condition or using columns; "
                    + "for every pair of rows write crossJoin(other).", null);
        }
        QueryBlock block = new QueryBlock(left.from + " " + keyword + " " + right.from + condition, "", both);
        block.scope.put(id, "");
        return block;
    }

    /** A join input: its FROM clause as it is when the block is nothing more (so its aliases stay visible). */
    private QueryBlock joinInput(Relation input) {
        QueryBlock block = compile(input);
        return block.bare() ? block : wrap(block);
    }

    /** LEFT SEMI / ANTI: the left rows for which a right row meets the condition ([NOT] EXISTS). */
    private QueryBlock semiJoin(Join join, long id, boolean anti, QueryBlock left, QueryBlock right, Scope both) {
        if (left.alias.isEmpty() || right.alias.isEmpty()) {
            left = left.alias.isEmpty() ? wrap(left) : left;
            right = right.alias.isEmpty() ? wrap(right) : right;
            both = Scope.union(left.scope, right.scope);
        }
        String condition;
        if (join.getUsingColumnsCount() > 0) {
            String l = SqlText.identifier(left.alias);
            String r = SqlText.identifier(right.alias);
            condition = join.getUsingColumnsList().stream().map(SqlText::identifier)
                    .map(c -> l + "." + c + " = " + r + "." + c).collect(Collectors.joining(" AND "));
        } else if (join.hasCondition()) {
            condition = new ExpressionText(both, this::selectItem).sql(join.getCondition());
        } else {
            condition = "TRUE";
        }
        QueryBlock block = new QueryBlock(left.from, left.alias, left.scope);
        block.where = (anti ? "NOT " : "") + "EXISTS (SELECT 1 FROM " + right.from + " WHERE " + condition + ")";
        block.scope.put(id, left.alias);
        return block;
    }

    private QueryBlock sort(Relation relation) {
        QueryBlock block = compileInto(relation.getSort().getInput(), relation.getPlanId(), QueryBlock::takesOrderBy);
        ExpressionText text = text(block);
        block.orderBy = relation.getSort().getOrderList().stream().map(text::sortKey).toList();
        return block;
    }

    private QueryBlock limit(Relation relation) {
        Limit limit = relation.getLimit();
        QueryBlock block = compileInto(limit.getInput(), relation.getPlanId(),
                b -> !b.raw && b.limit < 0 && (limit.getOffset() == 0 || b.offset == 0));
        if (limit.getOffset() > 0) {
            block.offset = limit.getOffset();
        }
        if (limit.getLimit() >= 0) {
            block.limit = limit.getLimit();
        }
        return block;
    }

    private QueryBlock setOperation(SetOperation operation, long id) {
        String keyword = switch (operation.getKind()) {
            case UNION -> "UNION";
            case INTERSECT -> "INTERSECT";
            case EXCEPT -> "EXCEPT";
            default -> throw new SqlValidationException("A set operation of the plan has no kind.", null);
        };
        String left = "SELECT * FROM (" + compile(operation.getLeft()).render() + ") AS " + SqlText.identifier(newAlias());
        String right = compile(operation.getRight()).render();
        if (operation.getByName()) {
            right = byName(left, right);
        }
        right = "SELECT * FROM (" + right + ") AS " + SqlText.identifier(newAlias());
        return QueryBlock.raw(left + " " + keyword + (operation.getAll() ? " ALL " : " DISTINCT ") + right,
                Scope.of(id, ""));
    }

    /** The right side of unionByName with its columns in the left side's order. */
    private String byName(String left, String right) {
        List<String> leftColumns = columnNames(left);
        List<String> rightColumns = columnNames(right);
        List<String> items = new ArrayList<>();
        for (String column : leftColumns) {
            String match = rightColumns.stream().filter(c -> c.equalsIgnoreCase(column)).findFirst()
                    .orElseThrow(() -> new SqlValidationException("unionByName: column '" + column + "' of the left "
                            + "side is not on the right side, whose columns are " + String.join(", ", rightColumns)
                            + ".", null));
            items.add(SqlText.identifier(match));
        }
        if (rightColumns.size() != leftColumns.size()) {
            throw new SqlValidationException("unionByName: the right side has " + rightColumns.size()
                    + " columns (" + String.join(", ", rightColumns) + ") and the left side " + leftColumns.size()
                    + " (" + String.join(", ", leftColumns) + ").", null);
        }
        return "SELECT " + String.join(", ", items) + " FROM (" + right + ") AS " + SqlText.identifier(newAlias());
    }

    private QueryBlock deduplicate(Relation relation) {
        List<String> columns = relation.getDeduplicate().getColumnsList();
        if (columns.isEmpty()) {
            QueryBlock block = compileInto(relation.getDeduplicate().getInput(), relation.getPlanId(),
                    b -> !b.raw && !b.distinct && b.groupBy == null && b.orderBy == null && b.limit < 0 && b.offset == 0);
            block.distinct = true;
            return block;
        }
        // One row of each group of equal keys: the first by ROW_NUMBER over no order.
        QueryBlock input = wrap(compile(relation.getDeduplicate().getInput()));
        List<String> names = columnNames(input.render());
        String partition = columns.stream().map(c -> SqlText.identifier(find(names, c, "dropDuplicates")))
                .collect(Collectors.joining(", "));
        String numbered = "SELECT *, ROW_NUMBER() OVER (PARTITION BY " + partition + ") AS \"__row\" FROM "
                + input.from;
        String alias = newAlias();
        QueryBlock block = new QueryBlock("(" + numbered + ") AS " + SqlText.identifier(alias), alias,
                input.scope.through(alias));
        block.where = "\"__row\" = 1";
        block.select = names.stream().map(SqlText::identifier).toList();
        block.scope.put(relation.getPlanId(), alias);
        return block;
    }

    private QueryBlock localRows(LocalRows rows, long id) {
        List<Field> schema = rows.getSchemaList();
        List<String> names = schema.stream().map(f -> SqlText.identifier(f.getName())).toList();
        String values;
        if (rows.getRowsCount() == 0) {
            values = "(SELECT " + schema.stream().map(f -> "CAST(NULL AS " + SqlText.type(f.getType()) + ")")
                    .collect(Collectors.joining(", ")) + " FROM (VALUES (0)) AS \"__none\"(\"x\") WHERE FALSE)";
        } else {
            List<String> tuples = new ArrayList<>();
            for (LocalRows.Row row : rows.getRowsList()) {
                if (row.getValuesCount() != schema.size()) {
                    throw new SqlValidationException("createDataFrame: a row has " + row.getValuesCount()
                            + " values but the schema has " + schema.size() + " columns.", null);
                }
                List<String> values1 = new ArrayList<>();
                for (int c = 0; c < schema.size(); c++) {
                    values1.add("CAST(" + SqlText.literal(row.getValues(c)) + " AS " + SqlText.type(schema.get(c).getType()) + ")");
                }
                tuples.add("(" + String.join(", ", values1) + ")");
            }
            values = "(VALUES " + String.join(", ", tuples) + ")";
        }
        String alias = newAlias();
        return new QueryBlock(values + " AS " + SqlText.identifier(alias) + "(" + String.join(", ", names) + ")",
                alias, Scope.of(id, alias));
    }

    private QueryBlock alias(Relation relation) {
        String alias = relation.getAlias().getAlias();
        QueryBlock block = compile(relation.getAlias().getInput());
        QueryBlock aliased = new QueryBlock("(" + block.render() + ") AS " + SqlText.identifier(alias), alias,
                block.scope.through(alias));
        aliased.scope.put(relation.getPlanId(), alias);
        aliased.scope.alias(alias, alias);
        aliased.userAlias = alias;
        return aliased;
    }

    private QueryBlock withColumns(Relation relation) {
        QueryBlock block = selectable(relation.getWithColumns().getInput(), relation.getPlanId());
        List<String> names = columnNames(block.render());
        ExpressionText text = text(block);
        Map<String, String> items = new LinkedHashMap<>();
        names.forEach(name -> items.put(name.toLowerCase(Locale.ROOT), SqlText.identifier(name)));
        boolean windows = false;
        for (Expression column : relation.getWithColumns().getColumnsList()) {
            if (!column.hasAlias()) {
                throw new SqlValidationException("withColumn needs a name for its column.", null);
            }
            String name = column.getAlias().getName();
            String key = name.toLowerCase(Locale.ROOT);
            String existing = names.stream().filter(n -> n.equalsIgnoreCase(name)).findFirst().orElse(name);
            items.put(key, text.sql(column.getAlias().getInput()) + " AS " + SqlText.identifier(existing));
            windows |= hasWindow(column);
        }
        block.select = List.copyOf(items.values());
        block.windows = windows;
        return block;
    }

    private QueryBlock dropColumns(Relation relation) {
        QueryBlock block = selectable(relation.getDropColumns().getInput(), relation.getPlanId());
        List<String> names = columnNames(block.render());
        List<String> kept = names.stream().filter(n -> relation.getDropColumns().getColumnsList().stream()
                .noneMatch(d -> d.equalsIgnoreCase(n))).toList();
        if (kept.isEmpty()) {
            throw new SqlValidationException("drop would remove every column (" + String.join(", ", names) + ").", null);
        }
        block.select = kept.stream().map(SqlText::identifier).toList();
        return block;
    }

    private QueryBlock renameColumns(Relation relation) {
        QueryBlock block = selectable(relation.getRenameColumns().getInput(), relation.getPlanId());
        List<String> names = columnNames(block.render());
        Map<String, String> renames = new LinkedHashMap<>();
        relation.getRenameColumns().getRenamesMap().forEach((from, to) -> renames.put(from.toLowerCase(Locale.ROOT), to));
        block.select = names.stream().map(n -> {
            String to = renames.get(n.toLowerCase(Locale.ROOT));
            return to == null ? SqlText.identifier(n) : SqlText.identifier(n) + " AS " + SqlText.identifier(to);
        }).toList();
        return block;
    }

    /**
     * A block that takes a SELECT list of its input's column names: a join is wrapped first, since
     * its columns may repeat a name (the derived table tells them apart).
     */
    private QueryBlock selectable(Relation input, long id) {
        return compileInto(input, id, b -> b.takesSelect() && !b.alias.isEmpty());
    }

    private QueryBlock compileInto(Relation input, long id, java.util.function.Predicate<QueryBlock> fits) {
        QueryBlock block = compile(input);
        if (!fits.test(block)) {
            block = wrap(block);
        }
        block.scope.put(id, block.alias);
        return block;
    }

    private ExpressionText text(QueryBlock block) {
        return new ExpressionText(block.scope, this::selectItem);
    }

    private String selectItem(String text) {
        return context.selectItem(text);
    }

    private List<String> columnNames(String sql) {
        return context.columnNames(withViews(sql));
    }

    private static String find(List<String> names, String name, String operation) {
        return names.stream().filter(n -> n.equalsIgnoreCase(name)).findFirst().orElseThrow(() ->
                new SqlValidationException(operation + ": column '" + name + "' does not exist; the columns are "
                        + String.join(", ", names) + ".", null));
    }

    private static boolean hasWindow(Expression expression) {
        return switch (expression.getKindCase()) {
            case WINDOW -> true;
            case ALIAS -> hasWindow(expression.getAlias().getInput());
            case CAST -> hasWindow(expression.getCast().getInput());
            case CALL -> expression.getCall().getArgumentsList().stream().anyMatch(PlanCompiler::hasWindow);
            case SQL_EXPRESSION -> expression.getSqlExpression().toUpperCase(Locale.ROOT).contains(" OVER");
            default -> false;
        };
    }

    private String newAlias() {
        return "t" + ++aliases;
    }

    private String withViews(String body) {
        return views.withViews(body, view -> compile(view).render());
    }
}
