package io.arbalest.am.cluster;

import io.arbalest.executor.spill.SpillReport;
import io.arbalest.planner.distributed.Stage;
import io.arbalest.planner.distributed.StageGraph;
import io.arbalest.planner.error.ArbalestException;
import io.arbalest.planner.serde.PlanSerde;
import io.arbalest.proto.scheduler.MapOutput;
import io.arbalest.proto.scheduler.StageInput;
import io.arbalest.proto.scheduler.TaskDefinition;
import io.arbalest.proto.scheduler.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One query's stages and their progress in the {@link JobScheduler}: each task's output once it
 * finished (or again once lost), the tasks queued, running, waiting to retry, their attempts and
 * preferred hosts. Guarded by the scheduler's lock.
 */
final class Job {
    private static final Logger LOG = LoggerFactory.getLogger(Job.class);

    /** A task sent to an executor. */
    record Attempt(String executorId, TaskDefinition task) {
    }

    final String id;
    private final StageGraph graph;
    private final Map<String, String> settings;
    /** Per stage, each task's output once it finished; null until then (or again once lost). */
    private final Map<Integer, MapOutput[]> outputs = new HashMap<>();
    /** Per stage, what its tasks share but their inputs and id. */
    private final Map<Integer, TaskDefinition> templates = new HashMap<>();
    final Queue<TaskDefinition> pending = new ArrayDeque<>();
    final Map<String, Attempt> running = new HashMap<>();
    /** Tasks waiting to run again after a failed fetch. */
    final Set<String> delayed = new HashSet<>();
    /** Attempts made per task. */
    private final Map<String, Integer> attempts = new HashMap<>();
    /** Per task, the addresses of the hosts that hold the data it scans. */
    final Map<String, Set<String>> preferredHosts = new HashMap<>();
    private final SplitLocations locations;
    final CompletableFuture<List<MapOutput>> result = new CompletableFuture<>();
    /** What the completed tasks spilled, every attempt counted: the disk the job used. */
    private SpillReport spilled = SpillReport.NONE;
    /** EXPLAIN ANALYZE: the tasks measure their operators, summed here. */
    private final boolean measure;
    private final AnalyzedStages analyzed = new AnalyzedStages();

    Job(String id, StageGraph graph, Map<String, String> settings, SplitLocations locations, boolean measure) {
        this.id = id;
        this.measure = measure;
        this.locations = locations;
        this.graph = graph;
        this.settings = settings;
        for (Stage stage : graph.stages()) {
            outputs.put(stage.id(), new MapOutput[stage.taskCount()]);
        }
    }

    /**
     * Queues every task that has no output, is not queued, running or waiting, and whose
     * stage's inputs are complete: at first the leaf stages, then each stage as its inputs
     * complete, and the tasks whose output was lost.
     */
    void queueReadyTasks() {
        Set<String> queued = new HashSet<>();
        pending.forEach(task -> queued.add(key(task.getId())));
        for (Stage stage : graph.stages()) {
            if (!stage.inputs().stream().allMatch(this::complete)) {
                continue;
            }
            TaskDefinition common = null;
            MapOutput[] done = outputs.get(stage.id());
            for (int partition = 0; partition < done.length; partition++) {
                String key = key(stage.id(), partition);
                if (done[partition] != null || running.containsKey(key) || delayed.contains(key)
                        || queued.contains(key)) {
                    continue;
                }
                int attempt = attempts.merge(key, 1, Integer::sum) - 1;
                if (!preferredHosts.containsKey(key)) {
                    preferredHosts.put(key, locations.of(stage.plan(), partition));
                }
                if (common == null) {
                    List<StageInput> inputs = stage.inputs().stream().map(input -> StageInput.newBuilder()
                            .setStage(input).addAllOutputs(Arrays.asList(outputs.get(input))).build()).toList();
                    common = template(stage).toBuilder().addAllInputs(inputs).build();
                }
                pending.add(common.toBuilder().setId(TaskId.newBuilder().setJobId(id).setStage(stage.id())
                        .setPartition(partition).setAttempt(attempt)).build());
            }
        }
    }

    /** Every task of a stage shares one plan, output and settings: serialized once. */
    private TaskDefinition template(Stage stage) {
        return templates.computeIfAbsent(stage.id(), s -> TaskDefinition.newBuilder()
                .setPlan(PlanSerde.toProto(stage.plan())).setOutput(PlanSerde.toProto(stage.output()))
                .putAllSettings(settings).setMeasure(measure).build());
    }

    SpillReport spilled() {
        return spilled;
    }

    AnalyzedStages analyzed() {
        return analyzed;
    }

    boolean complete(int stage) {
        return Arrays.stream(outputs.get(stage)).allMatch(Objects::nonNull);
    }

    void completed(TaskId task, MapOutput output) {
        outputs.get(task.getStage())[task.getPartition()] = output;
        spilled = spilled.plus(new SpillReport(output.getSpilledFiles(), output.getSpilledBytes()));
        analyzed.add(task.getStage(), output.getOperatorsList());
        if (!complete(task.getStage())) {
            return;
        }
        Stage last = graph.finalStage();
        if (task.getStage() == last.id()) {
            result.complete(Arrays.asList(outputs.get(last.id())));
        } else {
            queueReadyTasks();
        }
    }

    /**
     * Takes back what {@code executorId} ran and held: its running tasks, and its outputs
     * that a stage still to finish needs (tasks of that stage not started yet wait for them
     * again). False when a task would exceed its attempts.
     */
    boolean recover(String executorId) {
        running.values().removeIf(attempt -> attempt.executorId().equals(executorId));
        for (Stage stage : graph.stages()) {
            if (!stillNeeded(stage)) {
                continue;
            }
            MapOutput[] done = outputs.get(stage.id());
            for (int partition = 0; partition < done.length; partition++) {
                if (done[partition] != null && done[partition].getExecutor().getExecutorId().equals(executorId)) {
                    done[partition] = null;
                }
            }
        }
        // Queued tasks carry their inputs' old locations.
        pending.removeIf(task -> !graph.stage(task.getId().getStage()).inputs().stream().allMatch(this::complete));
        queueReadyTasks();
        boolean withinAttempts = attempts.values().stream().allMatch(n -> n <= JobScheduler.MAX_TASK_ATTEMPTS);
        if (!withinAttempts) {
            LOG.info("Job {}: a task would run more than {} times", id, JobScheduler.MAX_TASK_ATTEMPTS);
        }
        return withinAttempts;
    }

    /** The final stage's outputs are the result; another stage's matter while a stage reading it is unfinished. */
    private boolean stillNeeded(Stage stage) {
        if (stage.id() == graph.finalStage().id()) {
            return true;
        }
        return graph.stages().stream().anyMatch(consumer -> consumer.inputs().contains(stage.id())
                && !complete(consumer.id()));
    }

    void fail(ArbalestException error) {
        pending.clear();
        result.completeExceptionally(error);
    }

    boolean dependsOn(String executorId) {
        if (result.isDone()) {
            return false;
        }
        if (running.values().stream().anyMatch(attempt -> attempt.executorId().equals(executorId))) {
            return true;
        }
        return outputs.values().stream().flatMap(Arrays::stream).filter(Objects::nonNull)
                .anyMatch(o -> o.getExecutor().getExecutorId().equals(executorId));
    }

    static String key(TaskId id) {
        return key(id.getStage(), id.getPartition());
    }

    static String key(int stage, int partition) {
        return stage + "/" + partition;
    }
}
