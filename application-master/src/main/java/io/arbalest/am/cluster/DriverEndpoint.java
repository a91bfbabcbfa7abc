package io.arbalest.am.cluster;

import io.arbalest.proto.scheduler.DriverServiceGrpc;
import io.arbalest.proto.scheduler.FinishRequest;
import io.arbalest.proto.scheduler.FinishResponse;
import io.arbalest.proto.scheduler.HeartbeatRequest;
import io.arbalest.proto.scheduler.HeartbeatResponse;
import io.arbalest.proto.scheduler.RegisterExecutorRequest;
import io.arbalest.proto.scheduler.RegisterExecutorResponse;
import io.arbalest.proto.scheduler.TaskStatus;
import io.arbalest.proto.scheduler.TaskStatusResponse;
import io.arbalest.planner.error.ArbalestException;
import io.arbalest.proto.scheduler.CancelJobResponse;
import io.arbalest.proto.scheduler.JobRequest;
import io.arbalest.proto.scheduler.JobStatusResponse;
import io.arbalest.proto.scheduler.ReleaseJobResponse;
import io.arbalest.proto.scheduler.SubmitJobRequest;
import io.arbalest.proto.scheduler.SubmitJobResponse;
import io.arbalest.proto.logical.Query;
import io.arbalest.proto.scheduler.AnalyzeRequest;
import io.arbalest.proto.scheduler.AnalyzeResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/** The driver's gRPC service: executors register, heartbeat and report their tasks; clients submit queries. */
final class DriverEndpoint extends DriverServiceGrpc.DriverServiceImplBase {
    private final ExecutorRegistry registry;
    private final JobScheduler scheduler;
    private final ClusterDriver driver;
    private final long heartbeatIntervalMs;

    DriverEndpoint(ExecutorRegistry registry, JobScheduler scheduler, ClusterDriver driver, long heartbeatIntervalMs) {
        this.registry = registry;
        this.scheduler = scheduler;
        this.driver = driver;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
    }

    @Override
    public void registerExecutor(RegisterExecutorRequest request, StreamObserver<RegisterExecutorResponse> response) {
        registry.register(request);
        response.onNext(RegisterExecutorResponse.newBuilder().setHeartbeatIntervalMs(heartbeatIntervalMs).build());
        response.onCompleted();
        scheduler.dispatch();
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> response) {
        boolean known = registry.heartbeat(request.getExecutorId(), request.getAllocatedBytes(),
                request.getRunningTasks());
        response.onNext(HeartbeatResponse.newBuilder().setKnown(known).build());
        response.onCompleted();
    }

    @Override
    public void reportTaskStatus(TaskStatus request, StreamObserver<TaskStatusResponse> response) {
        response.onNext(TaskStatusResponse.getDefaultInstance());
        response.onCompleted();
        scheduler.taskFinished(request);
    }

    @Override
    public void submitJob(SubmitJobRequest request, StreamObserver<SubmitJobResponse> response) {
        driver.session().contact();
        SubmitJobResponse result;
        try {
            Query query = request.hasQuery() ? request.getQuery() : Query.newBuilder().setSql(request.getSql()).build();
            result = driver.submit(query, request.getSettingsMap(), request.getJobId(),
                    request.hasWrite() ? java.util.Optional.of(request.getWrite()) : java.util.Optional.empty(),
                    request.getAnalyze());
        } catch (RuntimeException e) {
            response.onError(error(e));
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }

    @Override
    public void analyze(AnalyzeRequest request, StreamObserver<AnalyzeResponse> response) {
        driver.session().contact();
        AnalyzeResponse result;
        try {
            result = driver.analyze(request);
        } catch (RuntimeException e) {
            response.onError(error(e));
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }

    /** A user's error keeps its kind and message (DriverClient rebuilds it); anything else is internal. */
    private static StatusRuntimeException error(RuntimeException e) {
        if (e instanceof ArbalestException arbalest) {
            return Status.INVALID_ARGUMENT.withDescription(arbalest.kind() + "\n" + arbalest.getMessage())
                    .asRuntimeException();
        }
        return Status.INTERNAL.withDescription("Internal error\n" + e).withCause(e).asRuntimeException();
    }

    @Override
    public void jobStatus(JobRequest request, StreamObserver<JobStatusResponse> response) {
        driver.session().contact();
        response.onNext(driver.status(request.getJobId()));
        response.onCompleted();
    }

    @Override
    public void cancelJob(JobRequest request, StreamObserver<CancelJobResponse> response) {
        driver.session().contact();
        driver.cancel(request.getJobId());
        response.onNext(CancelJobResponse.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public void releaseJob(JobRequest request, StreamObserver<ReleaseJobResponse> response) {
        driver.session().contact();
        driver.release(request.getJobId());
        response.onNext(ReleaseJobResponse.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public void finish(FinishRequest request, StreamObserver<FinishResponse> response) {
        driver.session().contact();
        driver.session().finish();
        response.onNext(FinishResponse.getDefaultInstance());
        response.onCompleted();
    }
}
