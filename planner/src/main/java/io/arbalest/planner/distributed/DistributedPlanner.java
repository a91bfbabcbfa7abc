package io.arbalest.planner.distributed;

import io.arbalest.planner.physical.AggregateMode;
import io.arbalest.planner.physical.ExchangeNode;
import io.arbalest.planner.physical.HashAggregateNode;
import io.arbalest.planner.physical.HashJoinNode;
import io.arbalest.planner.physical.PhysicalNode;
import io.arbalest.planner.physical.ShuffleReadNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a physical plan into stages at its exchanges (Ballista's design): the input of every
 * exchange becomes a stage of its own whose tasks write their output to the shuffle, and the
 * exchange becomes a ShuffleReadNode of that stage in its consumer. The plan's root, above its
 * last exchange, is the final stage.
 *
 * <p>A grouped aggregation (PARTIAL, gather, FINAL) is spread over {@code partitions} tasks:
 * the partial stage hash-partitions its groups by key, {@code partitions} tasks each finish
 * their share of the groups, and their output is gathered for what follows.
 */
public final class DistributedPlanner {
    private final List<Stage> stages = new ArrayList<>();
    private final int partitions;

    private DistributedPlanner(int partitions) {
        this.partitions = partitions;
    }

    /** The stages of {@code plan}, with hash-partitioned steps spread over {@code partitions} tasks. */
    public static StageGraph cut(PhysicalNode plan, int partitions) {
        DistributedPlanner planner = new DistributedPlanner(partitions);
        planner.addStage(plan, Partitioning.single(), List.of());
        return new StageGraph(planner.stages);
    }

    private int addStage(PhysicalNode plan, Partitioning output, List<Integer> knownInputs) {
        List<Integer> inputs = new ArrayList<>(knownInputs);
        PhysicalNode cut = replaceExchanges(plan, false, inputs);
        int id = stages.size() + 1;
        stages.add(new Stage(id, cut, output, inputs));
        return id;
    }

    /**
     * A FINAL grouped aggregation over a gather of its PARTIAL input. Not one that must emit a
     * group for an empty input (a grand total): each of several tasks would emit it.
     */
    private boolean spreadable(HashAggregateNode aggregate) {
        return partitions > 1 && aggregate.mode() == AggregateMode.FINAL && !aggregate.groupKeys().isEmpty()
                && aggregate.emptyInputGroup().isEmpty() && aggregate.input() instanceof ExchangeNode;
    }

    /** {@code node} with each exchange below it (not below another exchange) turned into a shuffle read. */
    private PhysicalNode replaceExchanges(PhysicalNode node, boolean buildSide, List<Integer> inputs) {
        if (node instanceof ExchangeNode exchange) {
            int stage = addStage(exchange.input(), Partitioning.single(), List.of());
            inputs.add(stage);
            return new ShuffleReadNode(stage, exchange.schema(), exchange.partitionCount(), buildSide);
        }
        if (node instanceof HashAggregateNode aggregate && spreadable(aggregate)) {
            ExchangeNode exchange = (ExchangeNode) aggregate.input();
            int partial = addStage(exchange.input(), new Partitioning(aggregate.groupKeys(), partitions), List.of());
            PhysicalNode finish = aggregate.withChildren(List.of(
                    new ShuffleReadNode(partial, exchange.schema(), partitions, false)));
            int finalStage = addStage(finish, Partitioning.single(), List.of(partial));
            inputs.add(finalStage);
            return new ShuffleReadNode(finalStage, aggregate.schema(), 1, buildSide);
        }
        if (node instanceof HashJoinNode join) {
            return join.withChildren(List.of(replaceExchanges(join.probe(), buildSide, inputs),
                    replaceExchanges(join.build(), true, inputs)));
        }
        List<PhysicalNode> children = node.children();
        if (children.isEmpty()) {
            return node;
        }
        List<PhysicalNode> replaced = new ArrayList<>(children.size());
        for (PhysicalNode child : children) {
            replaced.add(replaceExchanges(child, buildSide, inputs));
        }
        return node.withChildren(replaced);
    }
}
