package io.arbalest.am.cluster;

import io.arbalest.proto.scheduler.DriverServiceGrpc;
import io.arbalest.proto.scheduler.HeartbeatRequest;
import io.arbalest.proto.scheduler.HeartbeatResponse;
import io.arbalest.proto.scheduler.RegisterExecutorRequest;
import io.arbalest.proto.scheduler.RegisterExecutorResponse;
import io.arbalest.proto.scheduler.TaskStatus;
import io.arbalest.proto.scheduler.TaskStatusResponse;
import io.grpc.stub.StreamObserver;

/** The driver's gRPC service: executors register, heartbeat and report their tasks here. */
final class DriverEndpoint extends DriverServiceGrpc.DriverServiceImplBase {
    private final ExecutorRegistry registry;
    private final JobScheduler scheduler;
    private final long heartbeatIntervalMs;

    DriverEndpoint(ExecutorRegistry registry, JobScheduler scheduler, long heartbeatIntervalMs) {
        this.registry = registry;
        this.scheduler = scheduler;
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
        response.onNext(HeartbeatResponse.newBuilder().setKnown(registry.heartbeat(request.getExecutorId(), request.getAllocatedBytes())).build());
        response.onCompleted();
    }

    @Override
    public void reportTaskStatus(TaskStatus request, StreamObserver<TaskStatusResponse> response) {
        response.onNext(TaskStatusResponse.getDefaultInstance());
        response.onCompleted();
        scheduler.taskFinished(request);
    }
}
