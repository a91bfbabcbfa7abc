package io.arbalest.am.cluster;

import io.arbalest.proto.scheduler.ExecutorAddress;
import io.arbalest.proto.scheduler.RegisterExecutorRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which executor a task's slot comes from: one where its data is, when one has room. */
class ExecutorRegistryTest {
    private final ExecutorRegistry registry = new ExecutorRegistry((id, reason) -> { });

    @AfterEach
    void close() {
        registry.close();
    }

    /** Channels connect lazily: nothing needs to listen on these ports for the registry to hold them. */
    private void register(String id, String host, int slots) {
        registry.register(RegisterExecutorRequest.newBuilder()
                .setAddress(ExecutorAddress.newBuilder().setExecutorId(id).setHost(host).setPort(1)).setTaskSlots(slots)
                .build());
    }

    @Test
    void aSlotOnAHostHoldingTheDataComesFirst() {
        register("executor-1", "127.0.0.1", 2);
        register("executor-2", "127.0.0.2", 1);

        assertThat(registry.takeSlot(Set.of("127.0.0.2")).orElseThrow().id()).isEqualTo("executor-2");
    }

    @Test
    void withoutRoomWhereTheDataIsATaskRunsElsewhere() {
        register("executor-1", "127.0.0.1", 1);
        register("executor-2", "127.0.0.2", 1);
        assertThat(registry.takeSlot(Set.of("127.0.0.2")).orElseThrow().id()).isEqualTo("executor-2");

        assertThat(registry.takeSlot(Set.of("127.0.0.2")).orElseThrow().id()).isEqualTo("executor-1");
        assertThat(registry.takeSlot(Set.of("127.0.0.2"))).isEmpty();
    }

    @Test
    void withoutAPreferenceTheExecutorWithMostRoomIsTaken() {
        register("executor-1", "127.0.0.1", 1);
        register("executor-2", "127.0.0.2", 3);

        assertThat(registry.takeSlot(Set.of()).orElseThrow().id()).isEqualTo("executor-2");
        assertThat(registry.takeSlot(Set.of("10.9.9.9")).orElseThrow().id()).isEqualTo("executor-2");
    }

    @Test
    void hostNamesAreMatchedByAddress() {
        register("executor-1", "127.0.0.2", 1);
        register("executor-2", "localhost", 1);

        assertThat(registry.takeSlot(Set.of(SplitLocations.address("localhost"))).orElseThrow().id())
                .isEqualTo("executor-2");
    }
}
