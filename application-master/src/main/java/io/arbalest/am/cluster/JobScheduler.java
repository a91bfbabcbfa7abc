package io.arbalest.am.cluster;

import io.arbalest.executor.spill.SpillReport;
import io.arbalest.planner.distributed.StageGraph;
import io.arbalest.planner.error.ArbalestException;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.proto.scheduler.CancelTasksRequest;
import io.arbalest.proto.scheduler.LaunchTaskResponse;
import io.arbalest.proto.scheduler.MapOutput;
import io.arbalest.proto.scheduler.TaskDefinition;
import io.arbalest.proto.scheduler.TaskFailure;
import io.arbalest.proto.scheduler.TaskId;
import io.arbalest.proto.scheduler.TaskStatus;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs jobs' stage DAGs on the registered executors: a stage's tasks are queued once every
 * stage it reads is complete, and go to free task slots in order. Each task carries its stage's
 * plan as protobuf and the locations of its inputs' map outputs.
 *
 * <p>A task's own error fails its job with that error. A lost executor does not: its running
 * tasks run again elsewhere, and the map outputs it held that are still needed are recomputed
 * (their consumers wait for them); a task that could not fetch its input is retried after a
 * pause, in which the loss of the executor that held it usually shows. A task gets
 * {@link #MAX_TASK_ATTEMPTS} attempts; a job whose executors are all gone fails.
 */
final class JobScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
    static final int MAX_TASK_ATTEMPTS = 4;
    /** Pause before a task whose fetch failed runs again, times its attempt number. */
    private static final long FETCH_RETRY_DELAY_MS = 2_000;

    private final ExecutorRegistry registry;
    private final SplitLocations locations;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "task-retries");
        thread.setDaemon(true);
        return thread;
    });

    JobScheduler(ExecutorRegistry registry, SplitLocations locations) {
        this.registry = registry;
        this.locations = locations;
    }

    /**
     * A finished job: its final stage's map outputs in partition order, what all its tasks
     * spilled, and (measured) its stages' plans with what each node did.
     */
    record Completed(List<MapOutput> outputs, SpillReport spilled, String analyzed) {
    }

    /** Runs {@code graph} as job {@code jobId}, measured (EXPLAIN ANALYZE) when {@code measure}; throws its error. */
    Completed run(String jobId, StageGraph graph, Map<String, String> settings, boolean measure) {
        Job job = new Job(jobId, graph, settings, locations, measure);
        synchronized (this) {
            jobs.put(jobId, job);
            job.queueReadyTasks();
        }
        dispatch();
        try {
            List<MapOutput> outputs = job.result.get();
            synchronized (this) {
                return new Completed(outputs, job.spilled(), measure ? job.analyzed().describe(graph) : "");
            }
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
    synchronized Set<String> busyExecutors() {
        Set<String> busy = new HashSet<>();
        jobs.values().forEach(job -> job.running.values().forEach(attempt -> busy.add(attempt.executorId())));
        return busy;
    }

    /** Sends queued tasks to free slots. */
    synchronized void dispatch() {
        for (Job job : jobs.values()) {
            while (!job.pending.isEmpty() && !job.result.isDone()) {
                var slot = registry.takeSlot(job.preferredHosts.getOrDefault(key(job.pending.peek().getId()), Set.of()));
                if (slot.isEmpty()) {
                    return;
                }
                TaskDefinition task = job.pending.poll();
                ExecutorRegistry.Handle executor = slot.get();
                job.running.put(key(task.getId()), new Job.Attempt(executor.id(), task));
                // Not in the context of the gRPC call that may have led here (a task status): it ends with that call.
                Context.ROOT.run(() -> executor.stub().launchTask(task, new StreamObserver<>() {
                    @Override
                    public void onNext(LaunchTaskResponse value) {
                    }

                    @Override
                    public void onError(Throwable error) {
                        if (Status.fromThrowable(error).getCode() == Status.Code.UNAVAILABLE) {
                            // Gone before its process end was noticed: its loss re-runs the task elsewhere.
                            registry.lost(executor.id(), "it could not be reached: " + error.getMessage());
                            return;
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
            Job.Attempt attempt = job == null ? null : job.running.get(key(status.getId()));
            // A task of a job that already ended had its slot returned when the job ended; a stale
            // attempt (its executor was declared lost, the task runs again) is not the running one.
            if (attempt == null || attempt.task().getId().getAttempt() != status.getId().getAttempt()
                    || !attempt.executorId().equals(status.getExecutorId())) {
                LOG.debug("Ignoring the status of task {} of {} from {}", key(status.getId()),
                        status.getId().getJobId(), status.getExecutorId());
            } else {
                job.running.remove(key(status.getId()));
                registry.releaseSlot(attempt.executorId());
                if (job.result.isDone()) {
                    // nothing more to do for it
                } else if (status.hasOutput()) {
                    job.completed(status.getId(), status.getOutput());
                } else if (status.getFailure().getFetchFailed()
                        && status.getId().getAttempt() + 1 < MAX_TASK_ATTEMPTS) {
                    retryLater(job, status);
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

    /** Queues a task whose input fetch failed again after a pause, in which a lost executor is noticed and recomputed. */
    private void retryLater(Job job, TaskStatus status) {
        String key = key(status.getId());
        int attempt = status.getId().getAttempt() + 1;
        LOG.info("Task {} of {} could not read its input ({}); attempt {} of {} follows", key, job.id,
                status.getFailure().getMessage(), attempt + 1, MAX_TASK_ATTEMPTS);
        job.delayed.add(key);
        retries.schedule(() -> {
            synchronized (this) {
                job.delayed.remove(key);
                job.queueReadyTasks();
            }
            dispatch();
        }, FETCH_RETRY_DELAY_MS * attempt, TimeUnit.MILLISECONDS);
    }

    /**
     * An executor is gone: the tasks it ran and the outputs it held that are still needed run
     * again on the others; without executors left the jobs that needed it fail.
     */
    void executorLost(String executorId, String reason) {
        List<Job> failed = new ArrayList<>();
        synchronized (this) {
            boolean executorsLeft = !registry.all().isEmpty();
            for (Job job : jobs.values()) {
                if (!job.dependsOn(executorId)) {
                    continue;
                }
                ArbalestException error = new QueryExecutionException("Executor " + executorId + " was lost ("
                        + reason + ") while the query ran on it" + (executorsLeft ? "" : ", and no executor is left")
                        + ". Check the executor's log; if it ran out of memory, give executors more "
                        + "(local-cluster[N,cores,memoryMB] or --executor-memory).");
                if (!executorsLeft || !job.recover(executorId)) {
                    fail(job, error);
                    failed.add(job);
                } else {
                    LOG.info("Job {} runs the work of lost executor {} again", job.id, executorId);
                }
            }
        }
        for (Job job : failed) {
            cancelTasks(job.id);
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
        job.running.values().forEach(attempt -> registry.releaseSlot(attempt.executorId()));
        job.running.clear();
    }

    /** Asks every executor to stop the job's tasks; not under the scheduler's lock (it waits for answers). */
    private void cancelTasks(String jobId) {
        for (ExecutorRegistry.Handle executor : registry.all()) {
            try {
                executor.blocking().withDeadlineAfter(10, TimeUnit.SECONDS)
                        .cancelTasks(CancelTasksRequest.newBuilder().setJobId(jobId).build());
            } catch (RuntimeException e) {
                LOG.debug("Could not cancel tasks of {} on {}", jobId, executor.id(), e);
            }
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }

    private static String key(TaskId id) {
        return Job.key(id);
    }
}
