package io.arbalest.am.cluster;

/**
 * Starts executor processes for a driver: on this machine (local-cluster) or, later, in YARN
 * containers. Each executor registers with the driver at {@code driverHost:driverPort} itself;
 * the launcher reports an executor whose process ended to {@code onExit} of its constructor.
 */
interface ExecutorLauncher extends AutoCloseable {
    void launch(int count, int cores, int memoryMb, String driverHost, int driverPort);

    /** Stops every executor still running. */
    @Override
    void close();
}
