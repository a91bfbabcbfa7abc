package io.arbalest.planner.distributed;

import io.arbalest.planner.physical.PhysicalNode;
import io.arbalest.planner.physical.PlanPrinter;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The stages of a query, ordered so that every stage comes after the stages it reads; the last
 * one is the final stage, whose output partitions are the query's result in order.
 */
public record StageGraph(List<Stage> stages) {
    public StageGraph {
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a query has at least one stage");
        }
    }

    public Stage stage(int id) {
        return stages.stream().filter(s -> s.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage " + id));
    }

    public Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    /** EXPLAIN --distributed: each stage's tasks, output and plan. */
    public String describe() {
        return describe((stage, node) -> Optional.empty());
    }

    /** As {@link #describe()}, with {@code annotation}'s text after a node's line (EXPLAIN ANALYZE). */
    public String describe(BiFunction<Stage, PhysicalNode, Optional<String>> annotation) {
        StringBuilder out = new StringBuilder();
        for (Stage stage : stages) {
            out.append("Stage ").append(stage.id()).append(": tasks=").append(stage.taskCount())
                    .append(" output=").append(stage.output())
                    .append(stage.inputs().isEmpty() ? "" : " inputs=" + stage.inputs()).append('\n');
            PlanPrinter.print(stage.plan(), node -> annotation.apply(stage, node)).lines().forEach(line -> out.append("  ").append(line).append('\n'));
        }
        return out.toString();
    }
}
