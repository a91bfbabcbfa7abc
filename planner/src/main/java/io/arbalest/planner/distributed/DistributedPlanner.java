package io.arbalest.planner.distributed;

import io.arbalest.planner.physical.AggregateMode;
import io.arbalest.planner.physical.ExchangeNode;
import io.arbalest.planner.physical.HashAggregateNode;
import io.arbalest.planner.physical.HashJoinNode;
import io.arbalest.planner.physical.Partitioning;
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
 * <p>Before cutting, a hash join whose build side is estimated above {@code broadcastBytes}
 * becomes a partitioned join: both inputs are hash-partitioned on their keys into
 * {@code partitions} partitions, and partition p joins partition p. Below the threshold the
 * build side is broadcast: every probe task reads all of it.
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

    /**
     * The stages of {@code plan}, with hash-partitioned steps spread over {@code partitions}
     * tasks and joins whose build side exceeds {@code broadcastBytes} partitioned.
     */
    public static StageGraph cut(PhysicalNode plan, int partitions, long broadcastBytes) {
        DistributedPlanner planner = new DistributedPlanner(partitions);
        PhysicalNode partitioned = partitions > 1 ? partitionJoins(plan, partitions, broadcastBytes) : plan;
        planner.addStage(partitioned, Partitioning.single(), List.of());
        return new StageGraph(planner.stages);
    }

    /**
     * {@code node} with every equi-join partitioned on its keys whose build side is too big to
     * broadcast, or which marks build rows (BUILD_SEMI, FULL, ...) and so would otherwise probe
     * its whole, multi-partition probe input in one task.
     */
    static PhysicalNode partitionJoins(PhysicalNode node, int partitions, long broadcastBytes) {
        List<PhysicalNode> children = node.children().stream()
                .map(child -> partitionJoins(child, partitions, broadcastBytes)).toList();
        PhysicalNode rewritten = children.isEmpty() ? node : node.withChildren(children);
        if (!(rewritten instanceof HashJoinNode join) || join.probeKeys().isEmpty() || join.partitioned()) {
            return rewritten;
        }
        boolean gatheredToMark = join.type().marksBuildRows() && withoutGather(join.probe()).partitionCount() > 1;
        boolean broadcast = join.estimatedBuildBytes() >= 0 && join.estimatedBuildBytes() <= broadcastBytes;
        if (broadcast && !gatheredToMark) {
            return rewritten;
        }
        PhysicalNode probe = ExchangeNode.hash(withoutGather(join.probe()), join.probeKeys(), partitions);
        PhysicalNode build = ExchangeNode.hash(withoutGather(join.build()), join.buildKeys(), partitions);
        PhysicalNode partitioned = join.withChildren(List.of(probe, build));
        // What consumed one partition still gets one.
        return join.partitionCount() == 1 ? ExchangeNode.gather(partitioned) : partitioned;
    }

    private static PhysicalNode withoutGather(PhysicalNode node) {
        return node instanceof ExchangeNode exchange && exchange.partitionCount() == 1 ? exchange.input() : node;
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
                && aggregate.emptyInputGroup().isEmpty() && aggregate.input() instanceof ExchangeNode exchange
                && exchange.partitionCount() == 1;
    }

    /** {@code node} with each exchange below it (not below another exchange) turned into a shuffle read. */
    private PhysicalNode replaceExchanges(PhysicalNode node, boolean buildSide, List<Integer> inputs) {
        if (node instanceof ExchangeNode exchange) {
            int stage = addStage(exchange.input(), exchange.partitioning(), List.of());
            inputs.add(stage);
            return new ShuffleReadNode(stage, exchange.schema(), exchange.partitionCount(),
                    buildSide && exchange.partitionCount() == 1);
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
                    replaceExchanges(join.build(), !join.partitioned(), inputs)));
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
