package io.arbalest.executor.spill;

import io.arbalest.executor.AllocatorExtension;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(AllocatorExtension.class)
class MemoryBudgetTest {
    private static final long KIB = 1 << 10;

    @Test
    void holdsWhatItCountsInSixtyFourKibSteps(BufferAllocator root) {
        try (BufferAllocator query = root.newChildAllocator("query", 0, 8L << 30);
                MemoryBudget budget = new MemoryBudget(query)) {
            // A small table under a large limit holds 64 KiB, not a share of the limit.
            assertThat(budget.reserve(1000)).isTrue();
            assertThat(budget.reserved()).isEqualTo(64 * KIB);
            assertThat(query.getAllocatedMemory()).isEqualTo(64 * KIB);
            // 64 + 3 * 64 KiB: Arrow rounds each addition to a power of two, so what the
            // allocator holds must still equal what the budget counts.
            assertThat(budget.reserve(4 * 64 * KIB - 5)).isTrue();
            assertThat(budget.reserved()).isEqualTo(4 * 64 * KIB);
            assertThat(query.getAllocatedMemory()).isEqualTo(4 * 64 * KIB);
            assertThat(budget.reserve(100)).isTrue();
            assertThat(budget.reserved()).isEqualTo(4 * 64 * KIB);
            budget.release();
            assertThat(query.getAllocatedMemory()).isZero();
        }
    }

    @Test
    void refusesWhatWouldLeaveLessThanAQuarter(BufferAllocator root) {
        try (BufferAllocator query = root.newChildAllocator("query", 0, 1L << 20);
                MemoryBudget budget = new MemoryBudget(query)) {
            assertThat(budget.reserve(700 * KIB)).isTrue();
            assertThat(budget.reserve(900 * KIB)).isFalse();
            assertThat(budget.reserved()).isEqualTo(704 * KIB);
            assertThat(query.getAllocatedMemory()).isEqualTo(704 * KIB);
        }
    }
}
