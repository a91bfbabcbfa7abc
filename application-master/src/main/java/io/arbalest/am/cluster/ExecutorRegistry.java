package io.arbalest.am.cluster;

import io.arbalest.proto.scheduler.ExecutorAddress;
import io.arbalest.proto.scheduler.ExecutorServiceGrpc;
import io.arbalest.proto.scheduler.RegisterExecutorRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The executors that registered with the driver, their free task slots and when each was last
 * heard from. An executor that stops heartbeating, or whose process ends, is lost: it is
 * removed and {@code onLost} hears of it (outside this registry's lock).
 */
final class ExecutorRegistry implements AutoCloseable {
    /** gRPC's 4 MiB default would cap plan sizes (long IN lists, many splits). */
    static final int MAX_MESSAGE_BYTES = 512 << 20;

    /** A registered executor and the channel the driver talks to it on. */
    /** A registered executor; {@code hostAddress} is its host resolved, to match the hosts data lives on. */
    record Handle(ExecutorAddress address, String hostAddress, int slots, ManagedChannel channel,
            ExecutorServiceGrpc.ExecutorServiceStub stub, ExecutorServiceGrpc.ExecutorServiceBlockingStub blocking) {
        String id() {
            return address.getExecutorId();
        }
    }

    private final Map<String, Handle> executors = new LinkedHashMap<>();
    private final Map<String, Integer> freeSlots = new LinkedHashMap<>();
    private final Map<String, Long> lastHeard = new LinkedHashMap<>();
    private final Map<String, ExecutorLoad> loads = new LinkedHashMap<>();
    /** Executors whose process ended before they registered, with why. */
    private final Map<String, String> startFailures = new LinkedHashMap<>();
    private final java.util.Set<String> everRegistered = new java.util.HashSet<>();
    private final BiConsumer<String, String> onLost;

    ExecutorRegistry(BiConsumer<String, String> onLost) {
        this.onLost = onLost;
    }

    void register(RegisterExecutorRequest request) {
        ExecutorAddress address = request.getAddress();
        ManagedChannel channel = NettyChannelBuilder.forAddress(address.getHost(), address.getPort()).usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
        // Resolving the host may ask DNS: not under the lock every task dispatch takes.
        Handle handle = new Handle(address, SplitLocations.address(address.getHost()), request.getTaskSlots(), channel,
                ExecutorServiceGrpc.newStub(channel)
                .withMaxOutboundMessageSize(MAX_MESSAGE_BYTES), ExecutorServiceGrpc.newBlockingStub(channel));
        synchronized (this) {
            executors.put(address.getExecutorId(), handle);
            everRegistered.add(address.getExecutorId());
            freeSlots.put(address.getExecutorId(), request.getTaskSlots());
            lastHeard.put(address.getExecutorId(), System.nanoTime());
            notifyAll();
        }
    }

    /** Records a heartbeat; false when the executor is not (or no longer) registered. */
    synchronized boolean heartbeat(String executorId, long allocated, int runningTasks) {
        if (!executors.containsKey(executorId)) {
            return false;
        }
        long now = System.nanoTime();
        lastHeard.put(executorId, now);
        loads.put(executorId, new ExecutorLoad(allocated, runningTasks, now));
        return true;
    }

    /**
     * Waits until {@code count} executors registered. Returns empty when they did, else why not:
     * the first executor that ended before registering, or the timeout.
     */
    synchronized Optional<String> await(int count, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (executors.size() < count) {
            if (!startFailures.isEmpty()) {
                Map.Entry<String, String> failure = startFailures.entrySet().iterator().next();
                return Optional.of("Executor " + failure.getKey() + " ended before it registered: " + failure.getValue());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.of(count + " executors did not all register within " + timeoutMs
                        + " ms (raise arbalest.executor.start-timeout)");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return Optional.empty();
    }

    /** Takes a free slot of the executor with the most free slots, if any. */
    synchronized Optional<Handle> takeSlot() {
        return takeSlot(Set.of());
    }

    /**
     * Takes a free slot, on an executor whose host address is in {@code preferredHosts} when one
     * has a free slot (the data is local there), else on the executor with the most free slots.
     * A task does not wait for its preferred hosts: on a busy cluster it runs where there is room.
     */
    synchronized Optional<Handle> takeSlot(Set<String> preferredHosts) {
        String best = null;
        boolean bestLocal = false;
        for (Map.Entry<String, Integer> entry : freeSlots.entrySet()) {
            if (entry.getValue() <= 0) {
                continue;
            }
            boolean local = preferredHosts.contains(executors.get(entry.getKey()).hostAddress());
            if (best == null || (local && !bestLocal) || (local == bestLocal && entry.getValue() > freeSlots.get(best))) {
                best = entry.getKey();
                bestLocal = local;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        freeSlots.merge(best, -1, Integer::sum);
        return Optional.of(executors.get(best));
    }

    synchronized void releaseSlot(String executorId) {
        freeSlots.computeIfPresent(executorId, (id, free) -> free + 1);
    }

    /** What each executor said of itself at its last heartbeat. */
    synchronized Map<String, ExecutorLoad> loads() {
        return Map.copyOf(loads);
    }

    synchronized List<Handle> all() {
        return new ArrayList<>(executors.values());
    }

    synchronized Optional<Handle> get(String executorId) {
        return Optional.ofNullable(executors.get(executorId));
    }

    /** Marks every executor silent for longer than {@code timeoutMs} lost. */
    void expire(long timeoutMs) {
        List<String> silent = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            lastHeard.forEach((id, heard) -> {
                if (now - heard > TimeUnit.MILLISECONDS.toNanos(timeoutMs)) {
                    silent.add(id);
                }
            });
        }
        silent.forEach(id -> lost(id, "no heartbeat for " + timeoutMs + " ms"));
    }

    /** Forgets an executor that is stopped on purpose (idle): not a loss, no job needs it. */
    void retire(String executorId) {
        Handle handle;
        synchronized (this) {
            handle = executors.remove(executorId);
            freeSlots.remove(executorId);
            lastHeard.remove(executorId);
            loads.remove(executorId);
        }
        if (handle != null) {
            handle.channel().shutdownNow();
        }
    }

    /** Forgets the executors that ended before they registered, before asking for new ones. */
    synchronized void clearStartFailures() {
        startFailures.clear();
    }

    /** Forgets an executor and tells the scheduler; a second report of the same loss is ignored. */
    void lost(String executorId, String reason) {
        Handle handle;
        synchronized (this) {
            if (!everRegistered.contains(executorId)) {
                startFailures.putIfAbsent(executorId, reason);
                notifyAll();
                return;
            }
            handle = executors.remove(executorId);
            freeSlots.remove(executorId);
            lastHeard.remove(executorId);
            loads.remove(executorId);
        }
        if (handle != null) {
            // The scheduler first, so that the jobs fail for the loss and not for the calls the closed channel ends.
            onLost.accept(executorId, reason);
            handle.channel().shutdownNow();
        }
    }

    @Override
    public synchronized void close() {
        executors.values().forEach(h -> h.channel().shutdownNow());
        executors.clear();
        freeSlots.clear();
        lastHeard.clear();
    }
}
