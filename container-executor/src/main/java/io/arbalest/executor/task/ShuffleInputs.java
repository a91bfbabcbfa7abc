package io.arbalest.executor.task;

import io.arbalest.executor.operator.Operator;
import io.arbalest.planner.physical.ShuffleReadNode;
import org.apache.arrow.memory.BufferAllocator;

/** Opens the shuffle reads of a stage plan: where the input stages' output lives is the task's to know. */
@FunctionalInterface
public interface ShuffleInputs {
    /** Plans run whole in one JVM have no shuffle reads. */
    ShuffleInputs NONE = (node, partition, allocator) -> {
        throw new IllegalStateException("a shuffle read of stage " + node.stage() + " outside a distributed task");
    };

    /** An operator reading output partition {@code outputPartition} of the stage {@code node} names. */
    Operator open(ShuffleReadNode node, int outputPartition, BufferAllocator allocator);
}
