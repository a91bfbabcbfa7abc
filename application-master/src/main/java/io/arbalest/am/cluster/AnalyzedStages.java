package io.arbalest.am.cluster;

import io.arbalest.executor.spill.SpillReport;
import io.arbalest.executor.task.OperatorStatistics;
import io.arbalest.planner.distributed.Stage;
import io.arbalest.planner.distributed.StageGraph;
import io.arbalest.planner.physical.PhysicalNode;
import io.arbalest.planner.physical.PlanPrinter;
import io.arbalest.proto.scheduler.OperatorMeasurement;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * EXPLAIN ANALYZE on a cluster: what the measured tasks of a job reported for each node of their
 * stage's plan, summed over the tasks (peak memory too: each task's operators hold their own).
 * Nodes are numbered as {@link PlanPrinter#nodes} lists them, on the driver's plan and on the
 * executor's copy alike. Guarded by the scheduler's lock, as its job.
 */
final class AnalyzedStages {
    private final Map<Integer, Map<Integer, Sum>> byStage = new HashMap<>();

    private static final class Sum {
        long rows;
        long batches;
        long tasks;
        long nanos;
        long peakBytes;
        long spilledFiles;
        long spilledBytes;
    }

    void add(int stage, List<OperatorMeasurement> measurements) {
        Map<Integer, Sum> nodes = byStage.computeIfAbsent(stage, s -> new HashMap<>());
        for (OperatorMeasurement m : measurements) {
            Sum sum = nodes.computeIfAbsent(m.getNode(), n -> new Sum());
            sum.rows += m.getRows();
            sum.batches += m.getBatches();
            sum.tasks++;
            sum.nanos += m.getNanos();
            sum.peakBytes += m.getPeakBytes();
            sum.spilledFiles += m.getSpilledFiles();
            sum.spilledBytes += m.getSpilledBytes();
        }
    }

    /** The stages of {@code graph} with each node's sums after its line. */
    String describe(StageGraph graph) {
        Map<Stage, Map<PhysicalNode, Integer>> numbers = new HashMap<>();
        for (Stage stage : graph.stages()) {
            Map<PhysicalNode, Integer> number = new IdentityHashMap<>();
            List<PhysicalNode> nodes = PlanPrinter.nodes(stage.plan());
            for (int n = 0; n < nodes.size(); n++) {
                number.putIfAbsent(nodes.get(n), n);
            }
            numbers.put(stage, number);
        }
        return graph.describe((stage, node) -> Optional.ofNullable(byStage.getOrDefault(stage.id(), Map.of())
                .get(numbers.get(stage).get(node))).map(sum -> OperatorStatistics.describe(sum.rows, sum.batches,
                        sum.tasks, sum.nanos, sum.peakBytes, new SpillReport(sum.spilledFiles, sum.spilledBytes))));
    }
}
