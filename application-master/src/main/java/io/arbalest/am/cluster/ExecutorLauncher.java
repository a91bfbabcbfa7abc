package io.arbalest.am.cluster;

import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * Starts executor processes for a driver: on this machine (local-cluster) or in YARN containers.
 * Each executor registers with the driver at {@code driverHost:driverPort} itself; the launcher
 * reports an executor whose process ended, with why, to the {@code onExit} it was made with.
 */
public interface ExecutorLauncher extends AutoCloseable {
    /**
     * Starts {@code count} executors of {@code cores} task slots; {@code memoryMb} is an executor's
     * heap in local-cluster mode and its whole container on YARN.
     */
    void launch(int count, int cores, int memoryMb, String driverHost, int driverPort);

    /** Stops an executor on purpose: its end is not reported as a loss, and it is not replaced. */
    void retire(String executorId);

    /** Stops every executor still running. */
    @Override
    void close();

    /** Makes the launcher of a driver once its service listens on {@code driverPort}. */
    @FunctionalInterface
    interface Factory {
        ExecutorLauncher create(Path workDirectory, int driverPort, BiConsumer<String, String> onExit);
    }
}
