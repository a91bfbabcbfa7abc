package io.arbalest.executor.task;

import io.arbalest.executor.spill.SpillReport;
import io.arbalest.executor.spill.SpillSpace;
import org.apache.arrow.memory.BufferAllocator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one plan node's operators did in a measured run (EXPLAIN ANALYZE), summed over the tasks
 * that ran it: rows and batches out, time in their {@code next()} (their inputs' included),
 * the peak of each one's allocator (its own memory: batches it made, and the heap it reserved),
 * and what it spilled. Thread-safe: a node runs in several tasks at once.
 */
public final class OperatorStatistics {
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong tasks = new AtomicLong();
    private final List<BufferAllocator> allocators = new ArrayList<>();
    private final Optional<SpillSpace> spill;

    OperatorStatistics(Optional<SpillSpace> spill) {
        this.spill = spill;
    }

    /** The spill space of this node's operators (counting what they spill), when spilling is on. */
    Optional<SpillSpace> spill() {
        return spill;
    }

    /** Counts {@code allocator}'s peak as this node's memory (one per task, and a join's build side). */
    synchronized void track(BufferAllocator allocator) {
        allocators.add(allocator);
    }

    void taskStarted() {
        tasks.incrementAndGet();
    }

    void emitted(long batchRows, long elapsedNanos) {
        rows.addAndGet(batchRows);
        batches.incrementAndGet();
        nanos.addAndGet(elapsedNanos);
    }

    void waited(long elapsedNanos) {
        nanos.addAndGet(elapsedNanos);
    }

    public long rows() {
        return rows.get();
    }

    public long batches() {
        return batches.get();
    }

    /** Time in this node's {@code next()}, its inputs' included. */
    public long nanos() {
        return nanos.get();
    }

    public long tasks() {
        return tasks.get();
    }

    /** The sum over this node's allocators of each one's peak. */
    public synchronized long peakBytes() {
        return allocators.stream().mapToLong(BufferAllocator::getPeakMemoryAllocation).sum();
    }

    public SpillReport spilled() {
        return spill.map(SpillSpace::report).orElse(SpillReport.NONE);
    }

    /** "rows=6,001,215 batches=733 tasks=2 time=1,234 ms peak=12.0 MiB spilled=40.1 MiB in 17 files". */
    public String describe() {
        return describe(rows.get(), batches.get(), tasks.get(), nanos.get(), peakBytes(), spilled());
    }

    /** As {@link #describe()}, of measurements summed elsewhere (a cluster's tasks). */
    public static String describe(long rows, long batches, long tasks, long nanos, long peakBytes,
            SpillReport spilled) {
        String text = String.format(Locale.ROOT, "rows=%,d batches=%,d tasks=%d time=%,d ms peak=%s", rows,
                batches, tasks, nanos / 1_000_000, SpillReport.size(peakBytes));
        return spilled.spilled() ? text + " spilled=" + spilled.describe() : text;
    }
}
