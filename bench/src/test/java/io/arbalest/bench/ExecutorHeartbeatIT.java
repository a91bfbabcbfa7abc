package io.arbalest.bench;

import io.arbalest.am.cluster.ClusterDriver;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.error.QueryExecutionException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An executor that hangs (its process stopped with SIGSTOP, so it neither exits nor answers)
 * is declared lost after the heartbeat timeout: the query it runs fails with a clear error
 * instead of waiting forever.
 */
class ExecutorHeartbeatIT {
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aHungExecutorIsLostAfterTheHeartbeatTimeout() throws Exception {
        ArbalestConfig config = ArbalestConfig.defaults().with(ArbalestConfig.MASTER, "local-cluster[1,1,512]")
                .with(ArbalestConfig.EXECUTOR_HEARTBEAT_TIMEOUT, "3000");
        try (ClusterDriver driver = ClusterDriver.open(config, Warehouses.get().toString(), new Configuration())) {
            CompletableFuture<Long> query = CompletableFuture.supplyAsync(() -> {
                try (var result = driver.execute(
                        "SELECT count(*) FROM lineitem a JOIN lineitem b ON a.l_orderkey < b.l_orderkey + a.l_partkey")) {
                    return result.rowCount();
                }
            });
            Set<String> busy = Set.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (busy.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                busy = driver.busyExecutors();
            }
            assertThat(busy).isEqualTo(Set.of("executor-1"));
            ProcessHandle executor = driver.executorProcess("executor-1");
            signal("STOP", executor);
            try {
                assertThatThrownBy(() -> query.get(2, TimeUnit.MINUTES)).cause()
                        .isInstanceOf(QueryExecutionException.class)
                        .hasMessageContaining("Executor executor-1 was lost (no heartbeat for 3000 ms)");
            } finally {
                signal("CONT", executor);
            }
            // Resumed, it learns from its next heartbeat that the driver forgot it, and exits.
            assertThat(executor.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
        }
    }

    private static void signal(String signal, ProcessHandle process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal).isZero();
    }
}
