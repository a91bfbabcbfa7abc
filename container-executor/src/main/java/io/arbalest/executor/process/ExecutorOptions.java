package io.arbalest.executor.process;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * How an executor process starts.
 *
 * @param host the address it binds and advertises (loopback in local-cluster mode)
 * @param memoryBytes the Arrow memory its tasks may use together; 0 for 60% of the JVM heap
 * @param directory where it keeps shuffle files
 */
public record ExecutorOptions(String executorId, String host, String driverHost, int driverPort, int slots,
        long memoryBytes, Path directory) {
    public ExecutorOptions {
        requireNonNull(executorId, "executorId is null");
        requireNonNull(host, "host is null");
        requireNonNull(driverHost, "driverHost is null");
        requireNonNull(directory, "directory is null");
        if (slots < 1) {
            throw new IllegalArgumentException("an executor needs at least one task slot");
        }
    }
}
