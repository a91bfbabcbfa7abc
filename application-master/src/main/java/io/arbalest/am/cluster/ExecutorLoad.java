package io.arbalest.am.cluster;

/**
 * What an executor said of itself in a heartbeat: the Arrow memory it held, how many tasks were
 * running, and when the driver heard it ({@link System#nanoTime()}).
 */
public record ExecutorLoad(long allocatedBytes, int runningTasks, long heardAtNanos) {
    /** True when it ran no task and held no Arrow memory. */
    public boolean idle() {
        return allocatedBytes == 0 && runningTasks == 0;
    }
}
