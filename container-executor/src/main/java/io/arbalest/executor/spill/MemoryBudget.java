package io.arbalest.executor.spill;

import org.apache.arrow.memory.AllocationReservation;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;

/**
 * The rules by which the operators that hold their input (sorts, hash aggregations, join
 * builds, windows) decide to spill, against the query's Arrow limit. A quarter of the limit
 * stays for the batches that flow between operators, and only what holds at least a
 * sixteenth of it is worth spilling: less would write many tiny files while the memory is
 * held elsewhere. Heap arrays that an operator keeps (hash tables, accumulators) are
 * reserved against the same limit, so that it bounds the heap they use as well.
 */
public final class MemoryBudget implements AutoCloseable {
    /** What an error tells the user to raise, in local mode and on a cluster. */
    public static final String RAISE = "raise arbalest.query.memory (on a cluster: the executors' memory, "
            + "--executor-memory or local-cluster's memoryMB)";
    private static final long MIN_STEP_BYTES = 64 << 10;

    private final BufferAllocator allocator;
    private AllocationReservation reservation;
    private long reserved;

    /** A reservation of heap bytes against {@code allocator}'s limit, empty at first. */
    public MemoryBudget(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    /** The limit measured against: the allocator's, or its root's when smaller. */
    public static long limit(BufferAllocator allocator) {
        return Math.min(allocator.getLimit(), allocator.getRoot().getLimit());
    }

    /** True when less than a quarter of the limit is left and {@code heldBytes} is worth spilling. */
    public static boolean shortOfMemory(BufferAllocator allocator, long heldBytes) {
        return shortOfMemory(allocator, heldBytes, 0);
    }

    /**
     * True when less than a quarter of the limit would be left after {@code neededBytes} more
     * (what an operator holding {@code heldBytes} must still allocate to finish in memory), and
     * {@code heldBytes} is worth spilling.
     */
    public static boolean shortOfMemory(BufferAllocator allocator, long heldBytes, long neededBytes) {
        return allocator.getHeadroom() - neededBytes < limit(allocator) / 4 && worthSpilling(allocator, heldBytes);
    }

    /** True when {@code heldBytes} is at least a sixteenth of the limit. */
    public static boolean worthSpilling(BufferAllocator allocator, long heldBytes) {
        return heldBytes >= limit(allocator) / 16;
    }

    /**
     * Grows the reservation to at least {@code neededBytes}; false, reserving nothing more, when
     * that would leave less than a quarter of the limit. It grows by a multiple of 64 KiB, added
     * as powers of two: Arrow rounds each addition to a reservation up to one, so additions of
     * other sizes would hold up to twice what is counted here.
     */
    public boolean reserve(long neededBytes) {
        return reserve(neededBytes, limit(allocator) / 4);
    }

    /**
     * As {@link #reserve(long)}, but may take the quarter kept for the batches in flight: for
     * heap whose need the spill rule has already counted (a sort's order, checked against
     * {@link #shortOfMemory(BufferAllocator, long, long)} as its rows arrived), or that spilling
     * itself takes.
     */
    public boolean reserveUpToLimit(long neededBytes) {
        return reserve(neededBytes, 0);
    }

    private boolean reserve(long neededBytes, long keepBytes) {
        if (neededBytes <= reserved) {
            return true;
        }
        long more = (neededBytes - reserved + MIN_STEP_BYTES - 1) / MIN_STEP_BYTES * MIN_STEP_BYTES;
        if (allocator.getHeadroom() - more < keepBytes) {
            return false;
        }
        if (reservation == null) {
            reservation = allocator.newReservation();
        }
        for (long left = more; left > 0; ) {
            long step = Long.highestOneBit(left);
            try {
                if (!reservation.add(step)) {
                    return false;
                }
            } catch (OutOfMemoryException refused) {
                return false;
            }
            reserved += step;
            left -= step;
        }
        return true;
    }

    /** The bytes reserved now. */
    public long reserved() {
        return reserved;
    }

    /** Gives back what is reserved; the budget can reserve again. */
    public void release() {
        if (reservation != null) {
            reservation.close();
            reservation = null;
        }
        reserved = 0;
    }

    @Override
    public void close() {
        release();
    }
}
