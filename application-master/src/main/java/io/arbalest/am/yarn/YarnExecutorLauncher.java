package io.arbalest.am.yarn;

import io.arbalest.am.cluster.ExecutorLauncher;
import io.arbalest.executor.process.ExecutorMain;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.UpdatedContainer;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Runs executors in YARN containers for the driver in the ApplicationMaster: registers with the
 * ResourceManager, asks for containers (preferring the hosts that hold the warehouse's blocks),
 * starts an executor in each through its NodeManager, reports a container that ends on its own
 * as a lost executor and asks for a replacement (up to arbalest.yarn.max-executor-failures),
 * and stops and releases every container at the end.
 */
final class YarnExecutorLauncher extends AMRMClientAsync.AbstractCallbackHandler implements ExecutorLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(YarnExecutorLauncher.class);
    private static final int HEARTBEAT_INTERVAL_MS = 500;
    private static final long STOP_TIMEOUT_MS = 15_000;
    private static final Priority EXECUTOR_PRIORITY = Priority.newInstance(1);

    /** What every executor container gets: the same files, environment and hosts to prefer. */
    record ContainerSpec(Map<String, LocalResource> resources, Map<String, String> environment, String[] preferredHosts) {
    }

    private final AMRMClientAsync<ContainerRequest> resourceManager;
    private final NMClientAsync nodeManagers;
    private final ContainerSpec spec;
    private final int maxFailures;
    private final Runnable onShutdownRequest;
    private BiConsumer<String, String> onExit = (id, reason) -> { };
    private final Deque<ContainerRequest> pending = new ArrayDeque<>();
    /** Executor id by running container. */
    private final Map<ContainerId, String> running = new ConcurrentHashMap<>();
    private final Map<ContainerId, Container> containers = new ConcurrentHashMap<>();
    private int executorsStarted;
    private int failures;
    private Resource capability;
    private List<String> arguments;
    private ContainerMemory memory;
    private volatile boolean registered;
    private volatile boolean closing;

    YarnExecutorLauncher(Configuration conf, ContainerSpec spec, int maxFailures, Runnable onShutdownRequest) {
        this.spec = spec;
        this.maxFailures = maxFailures;
        this.onShutdownRequest = onShutdownRequest;
        this.resourceManager = AMRMClientAsync.createAMRMClientAsync(HEARTBEAT_INTERVAL_MS, this);
        this.resourceManager.init(conf);
        this.resourceManager.start();
        this.nodeManagers = NMClientAsync.createNMClientAsync(new NodeManagerEvents());
        this.nodeManagers.init(conf);
        this.nodeManagers.start();
    }

    /** Registers the ApplicationMaster, whose driver listens at {@code host:port}; executors that end go to {@code onExit}. */
    void register(String host, int port, BiConsumer<String, String> onExit) {
        this.onExit = onExit;
        try {
            resourceManager.registerApplicationMaster(host, port, "");
            registered = true;
        } catch (YarnException | IOException e) {
            throw new IllegalStateException("Could not register with the ResourceManager: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void launch(int count, int cores, int memoryMb, String driverHost, int driverPort) {
        this.memory = ContainerMemory.executor(memoryMb);
        this.capability = Resource.newInstance(memoryMb, cores);
        this.arguments = List.of("--driver", driverHost + ":" + driverPort, "--slots", Integer.toString(cores),
                "--memory", Long.toString(memory.arrowBytes()));
        for (int i = 0; i < count; i++) {
            request();
        }
    }

    private synchronized void request() {
        ContainerRequest request = new ContainerRequest(capability, spec.preferredHosts(), null, EXECUTOR_PRIORITY, true);
        pending.add(request);
        resourceManager.addContainerRequest(request);
    }

    @Override
    public synchronized void onContainersAllocated(List<Container> allocated) {
        for (Container container : allocated) {
            ContainerRequest request = pending.poll();
            if (request == null || closing) {
                resourceManager.releaseAssignedContainer(container.getId());
                continue;
            }
            resourceManager.removeContainerRequest(request);
            String executorId = "executor-" + (++executorsStarted);
            running.put(container.getId(), executorId);
            containers.put(container.getId(), container);
            List<String> executorArguments = new ArrayList<>(List.of("--executor-id", executorId));
            executorArguments.addAll(arguments);
            ContainerLaunchContext context = ContainerLaunchContext.newInstance(spec.resources(), spec.environment(),
                    Containers.javaCommand(memory, ExecutorMain.class, executorArguments), new HashMap<String, ByteBuffer>(),
                    null, null);
            LOG.info("Starting {} in container {} on {}", executorId, container.getId(), container.getNodeId());
            nodeManagers.startContainerAsync(container, context);
        }
    }

    @Override
    public void onContainersCompleted(List<ContainerStatus> statuses) {
        for (ContainerStatus status : statuses) {
            String executorId = running.remove(status.getContainerId());
            containers.remove(status.getContainerId());
            if (executorId == null || closing) {
                continue;
            }
            String reason = "its container " + status.getContainerId() + " ended with exit status "
                    + status.getExitStatus() + (status.getDiagnostics().isBlank() ? "" : ": " + status.getDiagnostics().trim());
            LOG.warn("Executor {} was lost: {}", executorId, reason);
            onExit.accept(executorId, reason);
            replace(executorId);
        }
        synchronized (this) {
            notifyAll();
        }
    }

    private synchronized void replace(String executorId) {
        if (++failures > maxFailures) {
            LOG.error("{} executors were lost, more than arbalest.yarn.max-executor-failures ({}); not replacing {}",
                    failures, maxFailures, executorId);
            return;
        }
        LOG.info("Asking for a container to replace {} ({} of {} replacements)", executorId, failures, maxFailures);
        request();
    }

    /** Stops the executor's container; its completion is then neither a loss nor replaced. */
    @Override
    public void retire(String executorId) {
        for (Map.Entry<ContainerId, String> entry : running.entrySet()) {
            if (entry.getValue().equals(executorId) && running.remove(entry.getKey(), executorId)) {
                Container container = containers.get(entry.getKey());
                LOG.info("Giving back container {} of idle {}", entry.getKey(), executorId);
                nodeManagers.stopContainerAsync(container.getId(), container.getNodeId());
                return;
            }
        }
    }

    @Override
    public void onContainersUpdated(List<UpdatedContainer> containers) {
    }

    @Override
    public void onShutdownRequest() {
        LOG.warn("The ResourceManager asked the ApplicationMaster to shut down");
        onShutdownRequest.run();
    }

    @Override
    public void onNodesUpdated(List<NodeReport> updated) {
    }

    @Override
    public float getProgress() {
        return 0;
    }

    @Override
    public void onError(Throwable e) {
        LOG.error("Lost the ResourceManager", e);
        onShutdownRequest.run();
    }

    /** Stops every container still running and waits (bounded) until the ResourceManager saw them end. */
    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            for (ContainerRequest request : pending) {
                resourceManager.removeContainerRequest(request);
            }
            pending.clear();
        }
        for (Container container : containers.values()) {
            nodeManagers.stopContainerAsync(container.getId(), container.getNodeId());
        }
        long deadline = System.currentTimeMillis() + STOP_TIMEOUT_MS;
        synchronized (this) {
            while (!running.isEmpty() && System.currentTimeMillis() < deadline) {
                try {
                    wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (ContainerId id : running.keySet()) {
            LOG.warn("Container {} did not end in time; releasing it", id);
            resourceManager.releaseAssignedContainer(id);
        }
    }

    /** Unregisters the ApplicationMaster with its final status and stops the clients. */
    void finish(FinalApplicationStatus status, String diagnostics) {
        try {
            if (!registered) {
                // Failing before the driver started: register only to say why.
                resourceManager.registerApplicationMaster("", 0, "");
            }
            resourceManager.unregisterApplicationMaster(status, diagnostics, "");
        } catch (YarnException | IOException e) {
            throw new UncheckedIOException(new IOException("Could not unregister from the ResourceManager: "
                    + e.getMessage(), e));
        } finally {
            nodeManagers.stop();
            resourceManager.stop();
        }
    }

    /** Logs what the NodeManagers say of the containers; an executor that fails to start counts as lost. */
    private final class NodeManagerEvents extends NMClientAsync.AbstractCallbackHandler {
        @Override
        public void onContainerStarted(ContainerId containerId, Map<String, ByteBuffer> allServiceResponse) {
            LOG.info("Container {} started", containerId);
        }

        @Override
        public void onStartContainerError(ContainerId containerId, Throwable t) {
            String executorId = running.remove(containerId);
            containers.remove(containerId);
            if (executorId != null && !closing) {
                onExit.accept(executorId, "its container " + containerId + " could not start: " + t.getMessage());
                resourceManager.releaseAssignedContainer(containerId);
                replace(executorId);
            }
        }

        @Override
        public void onContainerStatusReceived(ContainerId containerId, ContainerStatus containerStatus) {
        }

        @Override
        public void onContainerStopped(ContainerId containerId) {
        }

        @Override
        public void onGetContainerStatusError(ContainerId containerId, Throwable t) {
        }

        @Override
        public void onContainerResourceIncreased(ContainerId containerId, Resource resource) {
        }

        @Override
        public void onContainerResourceUpdated(ContainerId containerId, Resource resource) {
        }

        @Override
        public void onIncreaseContainerResourceError(ContainerId containerId, Throwable t) {
        }

        @Override
        public void onUpdateContainerResourceError(ContainerId containerId, Throwable t) {
        }

        @Override
        public void onStopContainerError(ContainerId containerId, Throwable t) {
            LOG.warn("Could not stop container {}: {}", containerId, t.toString());
        }
    }
}
