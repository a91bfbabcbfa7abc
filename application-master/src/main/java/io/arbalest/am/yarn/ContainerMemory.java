package io.arbalest.am.yarn;

import java.util.ArrayList;
import java.util.List;

/**
 * How the memory of a container is split, so that the process stays inside what YARN granted:
 * the JVM's own overhead (metaspace, threads, code, gRPC buffers) gets the larger of 384 MB and
 * 10%; of the rest, an executor gives 40% to the heap and 60% to Arrow memory, which lives
 * outside the heap; the ApplicationMaster, which holds no Arrow data, gives it all to the heap.
 *
 * @param arrowMb the Arrow memory the executor's tasks may use together; 0 for the ApplicationMaster
 */
record ContainerMemory(int containerMb, int heapMb, int arrowMb) {
    static final int MIN_OVERHEAD_MB = 384;
    /** Direct memory beyond Arrow's for Netty's own buffers (gRPC, Flight), taken from the overhead. */
    private static final int DIRECT_HEADROOM_MB = 64;

    static ContainerMemory executor(int containerMb) {
        int rest = containerMb - overhead(containerMb);
        int heap = rest * 2 / 5;
        return new ContainerMemory(containerMb, heap, rest - heap);
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
