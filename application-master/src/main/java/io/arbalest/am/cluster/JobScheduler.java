package io.arbalest.am.cluster;

import io.arbalest.planner.distributed.Stage;
import io.arbalest.planner.distributed.StageGraph;
import io.arbalest.planner.error.ArbalestException;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.serde.PlanSerde;
import io.arbalest.proto.scheduler.CancelTasksRequest;
import io.arbalest.proto.scheduler.LaunchTaskResponse;
import io.arbalest.proto.scheduler.MapOutput;
import io.arbalest.proto.scheduler.StageInput;
import io.arbalest.proto.scheduler.TaskDefinition;
import io.arbalest.proto.scheduler.TaskFailure;
import io.arbalest.proto.scheduler.TaskId;
import io.arbalest.proto.scheduler.TaskStatus;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs jobs' stage DAGs on the registered executors: a stage's tasks are queued once every
 * stage it reads is complete, and go to free task slots in order. Each task carries its stage's
 * plan as protobuf and the locations of its inputs' map outputs. The first failed task, or the
 * loss of an executor a job depends on, fails the job with that error.
 */
final class JobScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

    private final ExecutorRegistry registry;
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    JobScheduler(ExecutorRegistry registry) {
        this.registry = registry;
    }

    /**
     * Runs {@code graph} as job {@code jobId} and returns the final stage's map outputs in
     * partition order; throws the job's error.
     */
    List<MapOutput> run(String jobId, StageGraph graph, Map<String, String> settings) {
        Job job = new Job(jobId, graph, settings);
        synchronized (this) {
            jobs.put(jobId, job);
            job.queueReadyStages();
        }
        dispatch();
        try {
            return job.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failAndCancel(job, new QueryExecutionException("The query was interrupted."));
            throw new QueryExecutionException("The query was interrupted.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ArbalestException error) {
                throw error;
            }
            throw new QueryExecutionException("Job " + jobId + " failed: " + e.getCause(), e.getCause());
        } finally {
            synchronized (this) {
                jobs.remove(jobId);
            }
        }
    }

    synchronized boolean isRunning(String jobId) {
        return jobs.containsKey(jobId);
    }

    /** Fails a running job as cancelled; nothing happens to a job that already ended. */
    void cancel(String jobId) {
        Job job;
        synchronized (this) {
            job = jobs.get(jobId);
        }
        if (job != null) {
            failAndCancel(job, new QueryExecutionException("The query was cancelled."));
        }
    }

    /** The executors running a task of some job now. */
    synchronized java.util.Set<String> busyExecutors() {
        Set<String> busy = new HashSet<>();
        jobs.values().forEach(job -> busy.addAll(job.running.values()));
        return busy;
    }

    /** Sends queued tasks to free slots. */
    synchronized void dispatch() {
        for (Job job : jobs.values()) {
            while (!job.pending.isEmpty() && !job.result.isDone()) {
                var slot = registry.takeSlot();
                if (slot.isEmpty()) {
                    return;
                }
                TaskDefinition task = job.pending.poll();
                ExecutorRegistry.Handle executor = slot.get();
                job.running.put(key(task.getId()), executor.id());
                // Not in the context of the gRPC call that may have led here (a task status): it ends with that call.
                Context.ROOT.run(() -> executor.stub().launchTask(task, new StreamObserver<>() {
                    @Override
                    public void onNext(LaunchTaskResponse value) {
                    }

                    @Override
                    public void onError(Throwable error) {
                        if (Status.fromThrowable(error).getCode() == Status.Code.UNAVAILABLE) {
                            // Gone before its process end was noticed: the loss fails the jobs that need it.
                            registry.lost(executor.id(), "it could not be reached: " + error.getMessage());
                        }
                        taskFinished(TaskStatus.newBuilder().setId(task.getId()).setExecutorId(executor.id())
                                .setFailure(TaskFailure.newBuilder().setErrorClass(error.getClass().getName())
                                        .setMessage("Could not send a task to executor " + executor.id() + ": "
                                                + error.getMessage()))
                                .build());
                    }

                    @Override
                    public void onCompleted() {
                    }
                }));
            }
        }
    }

    /** A task's result, from its executor. */
    void taskFinished(TaskStatus status) {
        Job failed = null;
        synchronized (this) {
            Job job = jobs.get(status.getId().getJobId());
            // A task of a job that already ended had its slot returned when the job ended.
            String executor = job == null ? null : job.running.remove(key(status.getId()));
            if (executor != null) {
                registry.releaseSlot(executor);
            }
            if (job != null && !job.result.isDone()) {
                if (status.hasOutput()) {
                    job.completed(status.getId(), status.getOutput());
                } else {
                    TaskFailure failure = status.getFailure();
                    // The query's error tells the user; the trace is for whoever debugs the engine.
                    LOG.info("Task {} of {} failed on {}: {}", key(status.getId()), job.id, status.getExecutorId(),
                            failure.getMessage());
                    LOG.debug("Task {} of {} failed:\n{}", key(status.getId()), job.id, failure.getDetail());
                    fail(job, new QueryExecutionException(failure.getMessage()));
                    failed = job;
                }
            }
        }
        if (failed != null) {
            cancelTasks(failed.id);
        }
        dispatch();
    }

    /** An executor is gone: every job with a task or output on it fails. */
    void executorLost(String executorId, String reason) {
        List<Job> affected = new ArrayList<>();
        synchronized (this) {
            for (Job job : jobs.values()) {
                if (job.dependsOn(executorId)) {
                    affected.add(job);
                }
            }
        }
        for (Job job : affected) {
            failAndCancel(job, new QueryExecutionException("Executor " + executorId + " was lost (" + reason
                    + ") while the query ran on it. Check the executor's log; if it ran out of memory, give "
                    + "executors more (local-cluster[N,cores,memoryMB] or --executor-memory)."));
        }
        dispatch();
    }

    private void failAndCancel(Job job, ArbalestException error) {
        synchronized (this) {
            fail(job, error);
        }
        cancelTasks(job.id);
    }

    /**
     * Ends a job with {@code error} and gives its running tasks' slots back: an executor may
     * drop a cancelled task without reporting it, and a late report of one is ignored.
     */
    private synchronized void fail(Job job, ArbalestException error) {
        if (job.result.isDone()) {
            return;
        }
        job.fail(error);
        job.running.values().forEach(registry::releaseSlot);
        job.running.clear();
    }

    /** Asks every executor to stop the job's tasks; not under the scheduler's lock (it waits for answers). */
    private void cancelTasks(String jobId) {
        for (ExecutorRegistry.Handle executor : registry.all()) {
            try {
                executor.blocking().withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS)
                        .cancelTasks(CancelTasksRequest.newBuilder().setJobId(jobId).build());
            } catch (RuntimeException e) {
                LOG.debug("Could not cancel tasks of {} on {}", jobId, executor.id(), e);
            }
        }
    }

    private static String key(TaskId id) {
        return id.getStage() + "/" + id.getPartition();
    }

    /** One query's stages and their progress. Guarded by the scheduler. */
    private static final class Job {
        private final String id;
        private final StageGraph graph;
        private final Map<String, String> settings;
        private final Map<Integer, MapOutput[]> outputs = new HashMap<>();
        private final Set<Integer> queued = new HashSet<>();
        private final Queue<TaskDefinition> pending = new ArrayDeque<>();
        private final Map<String, String> running = new HashMap<>();
        private final CompletableFuture<List<MapOutput>> result = new CompletableFuture<>();

        Job(String id, StageGraph graph, Map<String, String> settings) {
            this.id = id;
            this.graph = graph;
            this.settings = settings;
        }

        void queueReadyStages() {
            for (Stage stage : graph.stages()) {
                if (!queued.contains(stage.id()) && stage.inputs().stream().allMatch(this::complete)) {
                    queued.add(stage.id());
                    outputs.put(stage.id(), new MapOutput[stage.taskCount()]);
                    List<StageInput> inputs = stage.inputs().stream().map(input -> StageInput.newBuilder()
                            .setStage(input).addAllOutputs(Arrays.asList(outputs.get(input))).build()).toList();
                    // Every task of the stage shares one plan, output and inputs; only its partition differs.
                    TaskDefinition common = TaskDefinition.newBuilder().setPlan(PlanSerde.toProto(stage.plan()))
                            .setOutput(PlanSerde.toProto(stage.output())).addAllInputs(inputs)
                            .putAllSettings(settings).build();
                    for (int partition = 0; partition < stage.taskCount(); partition++) {
                        pending.add(common.toBuilder()
                                .setId(TaskId.newBuilder().setJobId(id).setStage(stage.id()).setPartition(partition))
                                .build());
                    }
                }
            }
        }

        boolean complete(int stage) {
            MapOutput[] done = outputs.get(stage);
            return done != null && Arrays.stream(done).allMatch(Objects::nonNull);
        }

        void completed(TaskId task, MapOutput output) {
            outputs.get(task.getStage())[task.getPartition()] = output;
            if (!complete(task.getStage())) {
                return;
            }
            Stage last = graph.finalStage();
            if (task.getStage() == last.id()) {
                result.complete(Arrays.asList(outputs.get(last.id())));
            } else {
                queueReadyStages();
            }
        }

        void fail(ArbalestException error) {
            pending.clear();
            result.completeExceptionally(error);
        }

        boolean dependsOn(String executorId) {
            if (result.isDone()) {
                return false;
            }
            if (running.containsValue(executorId)) {
                return true;
            }
            return outputs.values().stream().flatMap(Arrays::stream).filter(Objects::nonNull)
                    .anyMatch(o -> o.getExecutor().getExecutorId().equals(executorId));
        }
    }
}
