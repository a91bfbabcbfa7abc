package io.arbalest.am.cluster;

import io.arbalest.am.driver.QueryResult;
import io.arbalest.am.driver.ResultStream;
import io.arbalest.executor.batch.Batch;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.serde.PlanSerde;
import io.arbalest.proto.logical.Query;
import io.arbalest.proto.logical.Write;
import io.arbalest.proto.scheduler.AnalyzeRequest;
import io.arbalest.proto.scheduler.AnalyzeResponse;
import io.arbalest.proto.scheduler.DriverServiceGrpc;
import io.arbalest.proto.scheduler.FinishRequest;
import io.arbalest.proto.scheduler.JobRequest;
import io.arbalest.proto.scheduler.JobStatusResponse;
import io.arbalest.proto.scheduler.SubmitJobRequest;
import io.arbalest.proto.scheduler.SubmitJobResponse;
import io.arbalest.shuffle.FlightClients;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A client of a driver in another process (the ApplicationMaster on YARN): submits queries over
 * gRPC, reads their results over Flight straight from the executors, then releases them.
 */
public final class DriverClient implements AutoCloseable {
    private static final long FINISH_TIMEOUT_SECONDS = 60;

    private final ManagedChannel channel;
    private final DriverServiceGrpc.DriverServiceBlockingStub driver;
    private final BufferAllocator root = new RootAllocator();
    private final FlightClients clients = new FlightClients(root.newChildAllocator("result-clients", 0, Long.MAX_VALUE));
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "driver-keep-alive");
        thread.setDaemon(true);
        return thread;
    });

    public DriverClient(String host, int port) {
        this.channel = NettyChannelBuilder.forAddress(host, port).usePlaintext()
                .maxInboundMessageSize(ExecutorRegistry.MAX_MESSAGE_BYTES).build();
        this.driver = DriverServiceGrpc.newBlockingStub(channel).withMaxOutboundMessageSize(
                ExecutorRegistry.MAX_MESSAGE_BYTES);
    }

    /** Runs {@code sql} with {@code settings} over the driver's; the result holds Arrow memory until closed. */
    public QueryResult execute(String sql, Map<String, String> settings) {
        return execute(Query.newBuilder().setSql(sql).build(), settings);
    }

    /** Runs a DataFrame's plan or SQL text with the session's views. */
    public QueryResult execute(Query query, Map<String, String> settings) {
        return execute(query, settings, "client-" + UUID.randomUUID());
    }

    public QueryResult execute(String sql, Map<String, String> settings, String jobId) {
        return execute(Query.newBuilder().setSql(sql).build(), settings, jobId);
    }

    /** Runs a query and reads its result from the executors a batch at a time; closing the stream releases the job. */
    public ResultStream stream(Query query, Map<String, String> settings) {
        String jobId = "client-" + UUID.randomUUID();
        SubmitJobResponse job = submit(SubmitJobRequest.newBuilder().setQuery(query).putAllSettings(settings)
                .setJobId(jobId));
        BufferAllocator allocator = root.newChildAllocator(jobId, 0, Long.MAX_VALUE);
        return ResultFetcher.stream(job, clients, allocator,
                ArbalestConfig.defaults().withAll(settings).getLong(ArbalestConfig.SHUFFLE_FETCH_BYTES),
                () -> release(job.getJobId()));
    }

    /** EXPLAIN ANALYZE: runs the query with its tasks measured; the stages' plans with what each node did. */
    public String explainAnalyze(Query query, Map<String, String> settings) {
        return submit(SubmitJobRequest.newBuilder().setQuery(query).putAllSettings(settings).setAnalyze(true)
                .setJobId("client-" + UUID.randomUUID())).getAnalyzed();
    }

    /** Runs a query whose rows the driver writes as Parquet files ({@code spec}) and commits. */
    public void write(Query query, Write spec, Map<String, String> settings) {
        submit(SubmitJobRequest.newBuilder().setQuery(query).setWrite(spec).putAllSettings(settings)
                .setJobId("client-" + UUID.randomUUID()));
    }

    private SubmitJobResponse submit(SubmitJobRequest.Builder request) {
        try {
            return driver.submitJob(request.build());
        } catch (StatusRuntimeException e) {
            throw remoteError(e);
        }
    }

    /** The client has read a job's result: its files go. */
    private void release(String jobId) {
        try {
            driver.releaseJob(JobRequest.newBuilder().setJobId(jobId).build());
        } catch (StatusRuntimeException ignored) {
            // the driver is gone, and the job's files with its executors
        }
    }

    /** Resolves a query on the driver without running it: its schema, or its plans. */
    public AnalyzeResponse analyze(Query query, Map<String, String> settings, AnalyzeRequest.Explain explain) {
        try {
            return driver.analyze(AnalyzeRequest.newBuilder().setQuery(query).putAllSettings(settings)
                    .setExplain(explain).build());
        } catch (StatusRuntimeException e) {
            throw remoteError(e);
        }
    }

    /** As {@link #execute(String, Map)}, as job {@code jobId} (unique), which {@link #cancel} can stop. */
    public QueryResult execute(Query query, Map<String, String> settings, String jobId) {
        SubmitJobResponse job = submit(SubmitJobRequest.newBuilder().setQuery(query).putAllSettings(settings)
                .setJobId(jobId));
        BufferAllocator allocator = root.newChildAllocator(jobId, 0, Long.MAX_VALUE);
        try {
            List<Batch> batches = ResultFetcher.fetch(job, clients, allocator,
                    ArbalestConfig.defaults().withAll(settings).getLong(ArbalestConfig.SHUFFLE_FETCH_BYTES));
            return new QueryResult(PlanSerde.fromProto(job.getSchema()), batches, allocator,
                    ClusterDriver.spilled(job));
        } catch (RuntimeException | Error e) {
            allocator.close();
            throw e;
        } finally {
            release(job.getJobId());
        }
    }

    /** Cancels a job this client submitted and is waiting for (from another thread). */
    public void cancel(String jobId) {
        driver.cancelJob(JobRequest.newBuilder().setJobId(jobId).build());
    }

    public JobStatusResponse.State status(String jobId) {
        return driver.jobStatus(JobRequest.newBuilder().setJobId(jobId).build()).getState();
    }

    /** Tells the driver that this client is done: a driver that serves one client then ends. */
    public void finish() {
        try {
            driver.withDeadlineAfter(FINISH_TIMEOUT_SECONDS, TimeUnit.SECONDS).finish(FinishRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw new QueryExecutionException("Could not reach the driver to end the application: " + e.getStatus(), e);
        }
    }

    /**
     * Tells the driver every {@code intervalMs} that this client is alive (a JobStatus of no job),
     * so that a driver serving one client outlives long pauses but not the client's death.
     */
    public void keepAlive(long intervalMs) {
        keepAlive.scheduleWithFixedDelay(() -> {
            try {
                driver.withDeadlineAfter(intervalMs, TimeUnit.MILLISECONDS)
                        .jobStatus(JobRequest.getDefaultInstance());
            } catch (StatusRuntimeException e) {
                // the next one may reach it; a driver that is gone shows in the client's next call
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private static RuntimeException remoteError(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT && description != null
                && description.contains("\n")) {
            int newline = description.indexOf('\n');
            return new RemoteQueryException(description.substring(0, newline), description.substring(newline + 1), e);
        }
        return new QueryExecutionException("The driver could not run the query: " + e.getStatus(), e);
    }

    /** Arrow memory held by results not yet closed. */
    public long allocatedBytes() {
        return root.getAllocatedMemory();
    }

    @Override
    public void close() {
        keepAlive.shutdownNow();
        channel.shutdownNow();
        clients.close();
        root.close();
    }
}
