package io.arbalest.planner.sql;

import org.apache.calcite.rel.RelNode;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An optimised logical plan and the column names the user sees (the plan's own field names may
 * be generated, such as {@code EXPR$0}).
 */
public record LogicalQuery(RelNode plan, List<String> columnNames) {
    public LogicalQuery {
        requireNonNull(plan, "plan is null");
        columnNames = List.copyOf(columnNames);
    }
}
