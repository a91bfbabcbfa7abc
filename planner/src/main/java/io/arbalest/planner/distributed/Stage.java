package io.arbalest.planner.distributed;

import io.arbalest.planner.physical.Partitioning;
import io.arbalest.planner.physical.PhysicalNode;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A piece of a distributed plan that runs without a shuffle inside it: one task per partition
 * of {@code plan}, each writing its rows partitioned by {@code output}. Its ShuffleReadNode
 * leaves read the stages in {@code inputs}.
 */
public record Stage(int id, PhysicalNode plan, Partitioning output, List<Integer> inputs) {
    public Stage {
        requireNonNull(plan, "plan is null");
        requireNonNull(output, "output is null");
        inputs = List.copyOf(inputs);
    }

    public int taskCount() {
        return plan.partitionCount();
    }
}
