package io.arbalest.am.yarn;

import java.util.ArrayList;
import java.util.List;

/**
 * How the memory of a container is split, so that the process stays inside what YARN granted:
 * the JVM's own overhead (metaspace, threads, code, gRPC buffers) gets the larger of 384 MB and
 * 10%. An executor splits the rest between Arrow memory, which lives outside the heap, and the
 * heap, so that the heap holds what its tasks reserve against the Arrow limit for their hash
 * tables and accumulators (a reservation that would leave less than a quarter of the limit is
 * refused, so at most three quarters of it) plus {@value #HEAP_BASE_MB} MB for everything else
 * (plans, Parquet footers, gRPC): Arrow gets 4/7 of what is left after that base. The
 * ApplicationMaster, which holds no Arrow data, gives it all to the heap.
 *
 * @param arrowMb the Arrow memory the executor's tasks may use together; 0 for the ApplicationMaster
 */
record ContainerMemory(int containerMb, int heapMb, int arrowMb) {
    static final int MIN_OVERHEAD_MB = 384;
    /** Direct memory beyond Arrow's for Netty's own buffers (gRPC, Flight), taken from the overhead. */
    private static final int DIRECT_HEADROOM_MB = 64;
    /** An executor's heap besides the reservations of its tasks. */
    static final int HEAP_BASE_MB = 64;

    static ContainerMemory executor(int containerMb) {
        int rest = containerMb - overhead(containerMb);
        int arrow = (rest - HEAP_BASE_MB) * 4 / 7;
        return new ContainerMemory(containerMb, rest - arrow, arrow);
    }

    static ContainerMemory applicationMaster(int containerMb) {
        return new ContainerMemory(containerMb, containerMb - overhead(containerMb), 0);
    }

    private static int overhead(int containerMb) {
        return Math.max(MIN_OVERHEAD_MB, containerMb / 10);
    }

    long arrowBytes() {
        return (long) arrowMb << 20;
    }

    /** The JVM's memory flags. */
    List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        options.add("-Xmx" + heapMb + "m");
        if (arrowMb > 0) {
            options.add("-XX:MaxDirectMemorySize=" + (arrowMb + DIRECT_HEADROOM_MB) + "m");
        }
        return options;
    }
}
