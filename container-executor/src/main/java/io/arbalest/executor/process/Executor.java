package io.arbalest.executor.process;

import io.arbalest.executor.spill.SpillReport;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.error.ArbalestException;
import io.arbalest.proto.scheduler.CancelTasksRequest;
import io.arbalest.proto.scheduler.CancelTasksResponse;
import io.arbalest.proto.scheduler.DriverServiceGrpc;
import io.arbalest.proto.scheduler.ExecutorAddress;
import io.arbalest.proto.scheduler.ExecutorServiceGrpc;
import io.arbalest.proto.scheduler.HeartbeatRequest;
import io.arbalest.proto.scheduler.HeartbeatResponse;
import io.arbalest.proto.scheduler.LaunchTaskResponse;
import io.arbalest.proto.scheduler.MapOutput;
import io.arbalest.proto.scheduler.RegisterExecutorRequest;
import io.arbalest.proto.scheduler.RegisterExecutorResponse;
import io.arbalest.proto.scheduler.RemoveJobDataRequest;
import io.arbalest.proto.scheduler.RemoveJobDataResponse;
import io.arbalest.proto.scheduler.ShutdownRequest;
import io.arbalest.proto.scheduler.ShutdownResponse;
import io.arbalest.proto.scheduler.TaskDefinition;
import io.arbalest.proto.scheduler.TaskFailure;
import io.arbalest.shuffle.ShuffleFetchException;
import io.arbalest.proto.scheduler.TaskStatus;
import io.arbalest.shuffle.FlightClients;
import io.arbalest.shuffle.ShuffleFiles;
import io.arbalest.shuffle.ShuffleService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An executor: runs the tasks the driver sends in its slots, keeps their shuffle output under
 * its directory and serves it over Flight. Control (gRPC ExecutorService) and Flight share one
 * port. It registers with the driver, heartbeats, and stops when the driver asks or is gone.
 */
public final class Executor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);
    /** gRPC's 4 MiB default would cap plan sizes (long IN lists, many splits). */
    private static final int MAX_MESSAGE_BYTES = 512 << 20;
    private static final int MISSED_HEARTBEATS_TO_EXIT = 3;

    private final ExecutorOptions options;
    private final BufferAllocator root;
    private final ShuffleFiles files;
    private final FlightClients clients;
    private final ExecutorService taskPool;
    private final ExecutorService serverPool = Executors.newCachedThreadPool(daemon("executor-rpc"));
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("heartbeat"));
    private final Map<String, List<Future<?>>> tasksByJob = new ConcurrentHashMap<>();
    /** Jobs the driver cancelled or cleaned up: their late tasks do not run, or drop their output. */
    private final java.util.Set<String> endedJobs = ConcurrentHashMap.newKeySet();
    private final AtomicInteger running = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Server server;
    private final ManagedChannel driverChannel;
    private final DriverServiceGrpc.DriverServiceBlockingStub driver;
    private final ExecutorAddress address;
    private final TaskExecution execution;
    private int missedHeartbeats;

    private Executor(ExecutorOptions options, Configuration hadoopConf) throws IOException {
        this.options = options;
        long limit = options.memoryBytes() > 0 ? options.memoryBytes() : ArbalestConfig.defaultMemoryBytes();
        this.root = new RootAllocator(limit);
        Files.createDirectories(options.directory());
        this.files = new ShuffleFiles(options.directory());
        this.clients = new FlightClients(root.newChildAllocator("shuffle-clients", 0, limit));
        this.taskPool = Executors.newFixedThreadPool(options.slots(), daemon("task"));
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(options.host(), 0))
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .addService(new ShuffleService(files, root.newChildAllocator("shuffle-server", 0, limit))
                        .bindable(serverPool))
                .addService(new Control())
                .build().start();
        this.address = ExecutorAddress.newBuilder().setExecutorId(options.executorId()).setHost(options.host())
                .setPort(server.getPort()).build();
        this.execution = new TaskExecution(address, files, clients, hadoopConf);
        this.driverChannel = NettyChannelBuilder.forAddress(options.driverHost(), options.driverPort()).usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
        this.driver = DriverServiceGrpc.newBlockingStub(driverChannel);
    }

    /** Starts the servers and registers with the driver. */
    public static Executor start(ExecutorOptions options, Configuration hadoopConf) {
        try {
            Executor executor = new Executor(options, hadoopConf);
            executor.register();
            return executor;
        } catch (IOException e) {
            throw new UncheckedIOException("Executor " + options.executorId() + " could not start: " + e.getMessage(),
                    e);
        }
    }

    private void register() {
        RegisterExecutorResponse response = driver.withDeadlineAfter(30, TimeUnit.SECONDS).registerExecutor(
                RegisterExecutorRequest.newBuilder().setAddress(address).setTaskSlots(options.slots())
                        .setMemoryBytes(root.getLimit()).build());
        long interval = Math.max(100, response.getHeartbeatIntervalMs());
        heartbeats.scheduleAtFixedRate(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
        LOG.info("Executor {} serving on {}:{}, registered with driver {}:{}", options.executorId(), options.host(),
                server.getPort(), options.driverHost(), options.driverPort());
    }

    private void heartbeat() {
        try {
            HeartbeatResponse response = driver.withDeadlineAfter(10, TimeUnit.SECONDS).heartbeat(HeartbeatRequest
                    .newBuilder().setExecutorId(options.executorId()).setRunningTasks(running.get())
                    .setAllocatedBytes(root.getAllocatedMemory()).build());
            missedHeartbeats = 0;
            if (!response.getKnown()) {
                LOG.warn("The driver no longer knows executor {}; stopping", options.executorId());
                stopped.countDown();
            }
        } catch (StatusRuntimeException e) {
            if (++missedHeartbeats >= MISSED_HEARTBEATS_TO_EXIT) {
                LOG.warn("The driver is unreachable ({}); stopping", e.getStatus());
                stopped.countDown();
            }
        }
    }

    /** Blocks until the driver asks this executor to stop or is gone. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    private void launch(TaskDefinition task) {
        String jobId = task.getId().getJobId();
        if (endedJobs.contains(jobId)) {
            return;
        }
        Future<?> future = taskPool.submit(() -> runAndReport(task));
        tasksByJob.computeIfAbsent(jobId, k -> new CopyOnWriteArrayList<>()).add(future);
    }

    private void runAndReport(TaskDefinition task) {
        running.incrementAndGet();
        TaskStatus.Builder status = TaskStatus.newBuilder().setId(task.getId()).setExecutorId(options.executorId());
        BufferAllocator allocator = null;
        try {
            // arbalest.query.memory, when the session sets it, bounds each task; the executor's memory bounds all.
            long taskLimit = ArbalestConfig.of(task.getSettingsMap()).getLong(ArbalestConfig.QUERY_MEMORY);
            allocator = root.newChildAllocator("task-" + task.getId().getStage() + "-" + task.getId().getPartition(),
                    0, taskLimit > 0 ? Math.min(taskLimit, root.getLimit()) : root.getLimit());
            MapOutput output = execution.run(task, allocator);
            allocator.close();
            allocator = null;
            if (endedJobs.contains(task.getId().getJobId())) {
                // Finished after the driver gave up on the job or removed its files: nobody reads this.
                files.removeJob(task.getId().getJobId());
            }
            status.setOutput(output);
        } catch (RuntimeException | Error e) {
            try {
                if (allocator != null) {
                    allocator.close();
                }
            } catch (RuntimeException leak) {
                e.addSuppressed(leak);
            }
            LOG.warn("Task {} failed", task.getId(), e);
            status.setFailure(failure(e));
        } finally {
            running.decrementAndGet();
        }
        try {
            driver.withDeadlineAfter(30, TimeUnit.SECONDS).reportTaskStatus(status.build());
        } catch (StatusRuntimeException e) {
            LOG.warn("Could not report the status of task {}: {}", task.getId(), e.getStatus());
        }
    }

    private TaskFailure failure(Throwable error) {
        String message;
        if (error instanceof ArbalestException) {
            message = error.getMessage();
        } else if (error instanceof OutOfMemoryException) {
            message = "The task needs more memory than executor " + options.executorId() + " allows ("
                    + SpillReport.size(root.getLimit()) + "). Give executors more memory (--executor-memory, or the "
                    + "memory of local-cluster[N,cores,memoryMB]) or raise arbalest.query.memory.";
        } else if (error instanceof OutOfMemoryError) {
            message = "Executor " + options.executorId() + " ran out of JVM heap (" + Runtime.getRuntime().maxMemory()
                    / (1 << 20) + " MiB). Give executors more memory.";
        } else {
            message = error.getClass().getName() + ": " + error.getMessage();
        }
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return TaskFailure.newBuilder().setErrorClass(error.getClass().getName())
                .setMessage(message == null ? error.getClass().getName() : message).setDetail(trace.toString())
                .setFetchFailed(causedByFetch(error)).build();
    }

    private static boolean causedByFetch(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShuffleFetchException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        taskPool.shutdownNow();
        server.shutdownNow();
        driverChannel.shutdownNow();
        try {
            taskPool.awaitTermination(10, TimeUnit.SECONDS);
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        serverPool.shutdownNow();
        clients.close();
        files.removeAll();
        root.getChildAllocators().forEach(BufferAllocator::close);
        root.close();
    }

    /** The gRPC ExecutorService: what the driver asks of this executor. */
    private final class Control extends ExecutorServiceGrpc.ExecutorServiceImplBase {
        @Override
        public void launchTask(TaskDefinition request, StreamObserver<LaunchTaskResponse> response) {
            launch(request);
            response.onNext(LaunchTaskResponse.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void cancelTasks(CancelTasksRequest request, StreamObserver<CancelTasksResponse> response) {
            endedJobs.add(request.getJobId());
            List<Future<?>> tasks = tasksByJob.remove(request.getJobId());
            if (tasks != null) {
                tasks.forEach(task -> task.cancel(true));
            }
            response.onNext(CancelTasksResponse.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void removeJobData(RemoveJobDataRequest request, StreamObserver<RemoveJobDataResponse> response) {
            endedJobs.add(request.getJobId());
            tasksByJob.remove(request.getJobId());
            files.removeJob(request.getJobId());
            response.onNext(RemoveJobDataResponse.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void shutdown(ShutdownRequest request, StreamObserver<ShutdownResponse> response) {
            response.onNext(ShutdownResponse.getDefaultInstance());
            response.onCompleted();
            stopped.countDown();
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
