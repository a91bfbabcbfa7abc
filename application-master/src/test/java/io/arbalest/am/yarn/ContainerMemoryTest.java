package io.arbalest.am.yarn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerMemoryTest {
    @ParameterizedTest
    @ValueSource(ints = {768, 1024, 2048, 8192, 65536})
    void theHeapHoldsWhatTasksReserveAgainstTheArrowLimit(int containerMb) {
        ContainerMemory memory = ContainerMemory.executor(containerMb);
        int overhead = Math.max(ContainerMemory.MIN_OVERHEAD_MB, containerMb / 10);
        assertThat(memory.heapMb() + memory.arrowMb() + overhead).isLessThanOrEqualTo(containerMb)
                .isGreaterThan(containerMb - 2);
        assertThat(memory.heapMb()).isGreaterThanOrEqualTo(ContainerMemory.HEAP_BASE_MB + memory.arrowMb() * 3 / 4);
        assertThat(memory.jvmOptions()).containsExactly("-Xmx" + memory.heapMb() + "m",
                "-XX:MaxDirectMemorySize=" + (memory.arrowMb() + 64) + "m");
    }
}
