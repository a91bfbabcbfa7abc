package io.arbalest.am.cluster;

import io.arbalest.am.driver.Driver;
import io.arbalest.am.driver.Master;
import io.arbalest.am.driver.QueryPlanning;
import io.arbalest.am.driver.QueryResult;
import io.arbalest.am.driver.ResultStream;
import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.spill.SpillReport;
import io.arbalest.planner.catalog.Catalog;
import io.arbalest.planner.catalog.Catalogs;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.distributed.StageGraph;
import io.arbalest.planner.error.ArbalestException;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.physical.PhysicalNode;
import io.arbalest.planner.serde.PlanSerde;
import io.arbalest.proto.logical.Query;
import io.arbalest.proto.logical.Write;
import io.arbalest.am.driver.ParquetWrite;
import io.arbalest.proto.scheduler.AnalyzeRequest;
import io.arbalest.proto.scheduler.AnalyzeResponse;
import io.arbalest.proto.scheduler.RemoveJobDataRequest;
import io.arbalest.proto.scheduler.ShutdownRequest;
import io.arbalest.proto.scheduler.JobStatusResponse;
import io.arbalest.proto.scheduler.SubmitJobResponse;
import io.arbalest.shuffle.FlightClients;
import io.arbalest.shuffle.ShuffleFiles;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The driver of a distributed run: plans each query into stages, schedules their tasks on
 * executor processes it starts through a launcher, and fetches the final stage's output over
 * Flight. With local-cluster[N,cores,memoryMB] the executors are processes on this machine; in
 * the YARN ApplicationMaster they are containers, and the client is in another process.
 */
public final class ClusterDriver implements Driver {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterDriver.class);
    private static final long HEARTBEAT_INTERVAL_MS = 1_000;

    private final ArbalestConfig config;
    private final Catalog catalog;
    /** Reaches the files' file systems: block locations, and the targets of writes. */
    private final Configuration hadoopConf;
    private final QueryPlanning planning;
    /** The states of the last jobs that ended, for JobStatus. */
    private final Map<String, JobStatusResponse> finished = Collections.synchronizedMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, JobStatusResponse> eldest) {
                    return size() > 1000;
                }
            });
    private final Master master;
    private final BufferAllocator root;
    private final FlightClients clients;
    private final JobScheduler scheduler;
    private final ExecutorRegistry registry;
    private final Server server;
    private final Path workDirectory;
    private final String host;
    private final ExecutorLauncher launcher;
    private final ClientSession session = new ClientSession();
    /** Done when every executor registered: a client's query (it may come while they start) waits for it. */
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    /**
     * Guards holding, idleSinceNanos and released: a job, from its start until its result is
     * released (its files live on the executors), and the release of idle executors exclude each other.
     */
    private final Object executorsLock = new Object();
    private final Set<String> holding = new HashSet<>();
    private long idleSinceNanos = System.nanoTime();
    /** The executors were given back for idleness; the next job asks for them again. */
    private boolean released;
    private final ScheduledExecutorService monitor;
    private final AtomicInteger jobs = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Stops the executors and removes the work directory when the JVM ends without close (Ctrl-C). */
    private final Thread shutdownHook = new Thread(this::close, "driver-shutdown");
    private final String sessionId = UUID.randomUUID().toString().substring(0, 8);

    private ClusterDriver(ArbalestConfig config, Catalog catalog, Configuration hadoopConf, Master master, String host,
            ExecutorLauncher.Factory launchers) throws IOException {
        this.config = config;
        this.catalog = catalog;
        this.hadoopConf = hadoopConf;
        this.planning = new QueryPlanning(catalog, config, master);
        this.master = master;
        this.root = new RootAllocator(config.queryMemoryBytes());
        this.clients = new FlightClients(root.newChildAllocator("result-clients", 0, root.getLimit()));
        this.registry = new ExecutorRegistry(this::executorLost);
        this.scheduler = new JobScheduler(registry, new SplitLocations(hadoopConf));
        this.host = host;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(host, 0))
                .maxInboundMessageSize(ExecutorRegistry.MAX_MESSAGE_BYTES)
                .addService(new DriverEndpoint(registry, scheduler, this, HEARTBEAT_INTERVAL_MS)).build().start();
        this.workDirectory = Files.createTempDirectory("arbalest-driver-");
        this.launcher = launchers.create(workDirectory, server.getPort(), registry::lost);
        this.monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "executor-monitor");
            thread.setDaemon(true);
            return thread;
        });
        long heartbeatTimeout = config.getLong(ArbalestConfig.EXECUTOR_HEARTBEAT_TIMEOUT);
        monitor.scheduleAtFixedRate(() -> registry.expire(heartbeatTimeout), 1, 1, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** local-cluster: starts the driver's services and executor processes on loopback, and waits until they registered. */
    public static ClusterDriver open(ArbalestConfig config, String warehouse, Configuration hadoopConf) {
        return start(config, Catalogs.open(config, warehouse, hadoopConf), hadoopConf, "127.0.0.1",
                (directory, port, onExit) -> new LocalProcessLauncher(directory, onExit));
    }

    /**
     * Starts the driver's services on {@code host} and the executors {@code launchers} makes, and
     * waits until they registered; {@code hadoopConf} reaches the files' block locations.
     */
    public static ClusterDriver start(ArbalestConfig config, Catalog catalog, Configuration hadoopConf, String host,
            ExecutorLauncher.Factory launchers) {
        Master master = Master.of(config);
        ClusterDriver driver;
        try {
            driver = new ClusterDriver(config, catalog, hadoopConf, master, host, launchers);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the driver: " + e.getMessage(), e);
        }
        try {
            driver.startExecutors();
            driver.started.complete(null);
            return driver;
        } catch (RuntimeException e) {
            driver.started.completeExceptionally(e);
            driver.close();
            throw e;
        }
    }

    private void startExecutors() {
        launcher.launch(master.executors(), master.executorCores(), master.executorMemoryMb(), host,
                server.getPort());
        awaitExecutors();
        synchronized (executorsLock) {
            idleSinceNanos = System.nanoTime(); // idle from when they are there, not from when they were asked for
        }
    }

    private void awaitExecutors() {
        long timeout = config.getLong(ArbalestConfig.EXECUTOR_START_TIMEOUT);
        try {
            Optional<String> failure = registry.await(master.executors(), timeout);
            if (failure.isPresent()) {
                throw new QueryExecutionException("Could not start the executors. " + failure.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryExecutionException("Interrupted while starting executors.", e);
        }
    }

    /** EXPLAIN ANALYZE's text: each stage's plan with what its nodes did, and the job's totals. */
    private static String analyzed(JobScheduler.Completed completed, long rows, long millis) {
        SpillReport spilled = completed.spilled();
        return "== Stages, analyzed (per node, summed over the stage's tasks: rows out, time in it and its inputs, "
                + "peak memory, spill) ==\n" + completed.analyzed()
                + String.format(java.util.Locale.ROOT, "%n%,d rows in %,d ms; spilled %s.%n", rows, millis,
                        spilled.spilled() ? spilled.describe() : "nothing");
    }

    /** Runs {@code query} with every task measured and returns its stages' plans with what each node did. */
    @Override
    public String explainAnalyze(Query query) {
        return submit(query, Map.of(), "", Optional.empty(), true).getAnalyzed();
    }

    /** What the job's tasks spilled, as its response reports it. */
    static SpillReport spilled(SubmitJobResponse job) {
        return new SpillReport(job.getSpilledFiles(), job.getSpilledBytes());
    }

    @Override
    public QueryPlanning planning() {
        return planning;
    }

    /** Runs the query's stages on the executors and reads the final stage's output over Flight. */
    @Override
    public QueryResult execute(Query query) {
        SubmitJobResponse job = submit(query, Map.of(), "", Optional.empty(), false);
        BufferAllocator allocator = root.newChildAllocator(job.getJobId(), 0, root.getLimit());
        try {
            List<Batch> batches = ResultFetcher.fetch(job, clients, allocator,
                    config.getLong(ArbalestConfig.SHUFFLE_FETCH_BYTES));
            return new QueryResult(PlanSerde.fromProto(job.getSchema()), batches, allocator, spilled(job));
        } catch (RuntimeException | Error e) {
            try {
                allocator.close();
            } catch (RuntimeException leak) {
                e.addSuppressed(leak);
            }
            throw e;
        } finally {
            release(job.getJobId());
        }
    }

    /** Reads the result from the executors a batch at a time; its files go when the stream is closed. */
    @Override
    public ResultStream stream(Query query) {
        SubmitJobResponse job = submit(query, Map.of(), "", Optional.empty(), false);
        BufferAllocator allocator = root.newChildAllocator(job.getJobId(), 0, root.getLimit());
        return ResultFetcher.stream(job, clients, allocator, config.getLong(ArbalestConfig.SHUFFLE_FETCH_BYTES),
                () -> release(job.getJobId()));
    }

    @Override
    public void write(Query query, Write spec) {
        submit(query, Map.of(), "", Optional.of(spec), false);
    }

    /**
     * Plans and runs a query with {@code settings} over the driver's, as job {@code jobId} (a new
     * id when empty), and returns where its result is. The result's files stay on the executors
     * until {@link #release}; a failed job's go at once. With {@code write}, the query's rows are
     * written as Parquet files and committed here once every task succeeded; the answer then has
     * no results. With {@code analyze} (EXPLAIN ANALYZE), the tasks are measured, the result's
     * files go at once, and the answer has the analyzed stages instead of results.
     */
    SubmitJobResponse submit(Query query, Map<String, String> settings, String jobId, Optional<Write> write,
            boolean analyze) {
        String id = jobId.isEmpty() ? "job-" + sessionId + "-" + jobs.incrementAndGet() : jobId;
        Optional<ParquetWrite> writing = Optional.empty();
        try {
            awaitStarted();
            hold(id);
            ArbalestConfig jobConfig = settings.isEmpty() ? config : config.withAll(settings);
            QueryPlanning jobPlanning = settings.isEmpty() ? planning : new QueryPlanning(catalog, jobConfig, master);
            PhysicalNode plan = jobPlanning.plan(query);
            if (write.isPresent()) {
                writing = ParquetWrite.prepare(write.get(), plan, hadoopConf, catalog);
                if (writing.isEmpty()) {
                    return succeeded(SubmitJobResponse.newBuilder().setJobId(id)
                            .setSchema(PlanSerde.toProto(plan.schema())).build());
                }
                plan = writing.get().plan();
            }
            StageGraph graph = jobPlanning.stages(plan);
            acquireExecutors();
            long started = System.nanoTime();
            JobScheduler.Completed completed = scheduler.run(id, graph, jobConfig.values(), analyze);
            SubmitJobResponse response = SubmitJobResponse.newBuilder().setJobId(id)
                    .setSchema(PlanSerde.toProto(plan.schema())).setFinalStage(graph.finalStage().id())
                    .addAllResults(completed.outputs()).setSpilledFiles(completed.spilled().files())
                    .setSpilledBytes(completed.spilled().bytes()).build();
            if (analyze) {
                release(id);
                long rows = completed.outputs().stream().flatMap(o -> o.getRowsList().stream())
                        .mapToLong(Long::longValue).sum();
                return succeeded(response.toBuilder().clearResults().setAnalyzed(analyzed(completed, rows,
                        (System.nanoTime() - started) / 1_000_000)).build());
            }
            if (writing.isPresent()) {
                commit(writing.get(), response, jobConfig);
                release(id);
                return succeeded(response.toBuilder().clearResults().build());
            }
            return succeeded(response);
        } catch (RuntimeException e) {
            writing.ifPresent(ParquetWrite::abort);
            finished.put(id, JobStatusResponse.newBuilder().setState(JobStatusResponse.State.FAILED)
                    .setError(String.valueOf(e.getMessage())).build());
            session.jobFailed(e instanceof ArbalestException arbalest ? arbalest.describe() : String.valueOf(e));
            release(id);
            throw e;
        }
    }

    private SubmitJobResponse succeeded(SubmitJobResponse response) {
        finished.put(response.getJobId(), JobStatusResponse.newBuilder()
                .setState(JobStatusResponse.State.SUCCEEDED).build());
        session.jobSucceeded();
        return response;
    }

    /** Reads the files a write job's tasks reported (its result) and moves them into place. */
    private void commit(ParquetWrite write, SubmitJobResponse job, ArbalestConfig jobConfig) {
        BufferAllocator allocator = root.newChildAllocator(job.getJobId() + "-commit", 0, root.getLimit());
        List<Batch> batches = ResultFetcher.fetch(job, clients, allocator,
                jobConfig.getLong(ArbalestConfig.SHUFFLE_FETCH_BYTES));
        try (QueryResult written = new QueryResult(PlanSerde.fromProto(job.getSchema()), batches, allocator)) {
            write.commit(written);
        }
    }

    /** A job holds the executors from before its planning until its result is released. */
    private void hold(String jobId) {
        synchronized (executorsLock) {
            holding.add(jobId);
        }
    }

    /** A planned job gets executors again if they were released for idleness (and waits for them). */
    private void acquireExecutors() {
        synchronized (executorsLock) {
            if (released) {
                LOG.info("Asking for {} executors again", master.executors());
                registry.clearStartFailures();
                launcher.launch(master.executors(), master.executorCores(), master.executorMemoryMb(), host,
                        server.getPort());
                released = false;
                awaitExecutors();
            } else if (registry.all().isEmpty()) {
                // Its tasks would wait for a slot forever.
                throw new QueryExecutionException("No executor is left to run the query: they were lost (see the "
                        + "driver's log) and not replaced (arbalest.yarn.max-executor-failures).");
            }
        }
    }

    /**
     * Gives every executor back when no job ran for {@code idleTimeoutMs} (the YARN
     * ApplicationMaster calls this about once a second); the next job asks for them again.
     * Returns how many were released.
     */
    public int releaseIdleExecutors(long idleTimeoutMs) {
        synchronized (executorsLock) {
            if (released || !holding.isEmpty()
                    || System.nanoTime() - idleSinceNanos < TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs)) {
                return 0;
            }
            List<ExecutorRegistry.Handle> executors = registry.all();
            for (ExecutorRegistry.Handle executor : executors) {
                launcher.retire(executor.id());
                registry.retire(executor.id());
            }
            released = true;
            return executors.size();
        }
    }

    private void awaitStarted() {
        try {
            started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryExecutionException("Interrupted while the executors started.", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new QueryExecutionException("The executors did not start: " + e.getCause(), e.getCause());
        }
    }

    /** A query's schema, and its plans when asked for, with {@code settings} over the driver's. */
    AnalyzeResponse analyze(AnalyzeRequest request) {
        QueryPlanning jobPlanning = request.getSettingsCount() == 0 ? planning
                : new QueryPlanning(catalog, config.withAll(request.getSettingsMap()), master);
        return jobPlanning.analyze(request);
    }

    JobStatusResponse status(String jobId) {
        if (scheduler.isRunning(jobId)) {
            return JobStatusResponse.newBuilder().setState(JobStatusResponse.State.RUNNING).build();
        }
        return finished.getOrDefault(jobId, JobStatusResponse.getDefaultInstance());
    }

    void cancel(String jobId) {
        scheduler.cancel(jobId);
    }


    /** The client of a driver that serves one (the YARN ApplicationMaster). */
    public ClientSession session() {
        return session;
    }

    /** The port of the driver's gRPC service (clients submit queries there). */
    public int port() {
        return server.getPort();
    }

    private void executorLost(String executorId, String reason) {
        LOG.info("Executor {} lost: {}", executorId, reason);
        scheduler.executorLost(executorId, reason);
    }

    /** Removes a job's files from every executor. */
    void release(String jobId) {
        synchronized (executorsLock) {
            if (holding.remove(jobId)) {
                idleSinceNanos = System.nanoTime();
            }
        }
        for (ExecutorRegistry.Handle executor : registry.all()) {
            try {
                executor.blocking().withDeadlineAfter(30, TimeUnit.SECONDS)
                        .removeJobData(RemoveJobDataRequest.newBuilder().setJobId(jobId).build());
            } catch (RuntimeException e) {
                LOG.warn("Could not remove the files of {} on {}: {}", jobId, executor.id(), e.toString());
            }
        }
    }

    /** The process of a running executor, by id ("executor-1"...): for tests that kill one. */
    public ProcessHandle executorProcess(String executorId) {
        if (!(launcher instanceof LocalProcessLauncher local)) {
            throw new IllegalStateException("Executors run as local processes only in local-cluster mode");
        }
        return local.process(executorId);
    }

    /** The executors running a task now. */
    public Set<String> busyExecutors() {
        return scheduler.busyExecutors();
    }

    /** What each live executor said of its memory and tasks at its last heartbeat (about once a second). */
    public Map<String, ExecutorLoad> executorLoads() {
        return registry.loads();
    }

    /** The directory holding the executors' logs and shuffle files. */
    public Path workDirectory() {
        return workDirectory;
    }

    @Override
    public long allocatedBytes() {
        return root.getAllocatedMemory();
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // closing from the hook itself
        }
        monitor.shutdownNow();
        for (ExecutorRegistry.Handle executor : registry.all()) {
            try {
                executor.blocking().withDeadlineAfter(10, TimeUnit.SECONDS).shutdown(ShutdownRequest.getDefaultInstance());
            } catch (RuntimeException e) {
                LOG.debug("Executor {} did not take the shutdown request", executor.id(), e);
            }
        }
        launcher.close();
        scheduler.close();
        registry.close();
        server.shutdownNow();
        clients.close();
        catalog.close();
        root.close();
        try {
            ShuffleFiles.deleteRecursively(workDirectory);
        } catch (UncheckedIOException e) {
            LOG.warn("Could not remove {}: {}", workDirectory, e.getMessage());
        }
    }

}
