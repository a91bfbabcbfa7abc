package io.arbalest.planner.distributed;

import io.arbalest.planner.physical.ExchangeNode;
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
 */
public final class DistributedPlanner {
    private final List<Stage> stages = new ArrayList<>();

    private DistributedPlanner() {
    }

    public static StageGraph cut(PhysicalNode plan) {
        DistributedPlanner planner = new DistributedPlanner();
        planner.addStage(plan);
        return new StageGraph(planner.stages);
    }

    private int addStage(PhysicalNode plan) {
        List<Integer> inputs = new ArrayList<>();
        PhysicalNode cut = replaceExchanges(plan, false, inputs);
        int id = stages.size() + 1;
        stages.add(new Stage(id, cut, Partitioning.single(), inputs));
        return id;
    }

    /** {@code node} with each exchange below it (not below another exchange) turned into a shuffle read. */
    private PhysicalNode replaceExchanges(PhysicalNode node, boolean buildSide, List<Integer> inputs) {
        if (node instanceof ExchangeNode exchange) {
            int stage = addStage(exchange.input());
            inputs.add(stage);
            return new ShuffleReadNode(stage, exchange.schema(), exchange.partitionCount(), buildSide);
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
