package io.arbalest.bench;

import io.arbalest.am.cluster.ClusterDriver;
import io.arbalest.am.cluster.ExecutorLoad;
import io.arbalest.planner.config.ArbalestConfig;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 22 TPC-H queries and the SQL suite on a local-cluster of executor processes, against
 * DuckDB; after each query no shuffle file is left and every executor's Arrow memory is back at
 * zero. Subclasses choose the configuration (how joins are distributed) and add their tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DistributedQueriesBase {
    ClusterDriver driver;
    Connection duckdb;

    /** The session's configuration; its master is a local-cluster. */
    abstract ArbalestConfig config();

    @BeforeAll
    void setUp() throws Exception {
        driver = ClusterDriver.open(config(), Warehouses.get().toString(), new Configuration());
        duckdb = Warehouses.duckdb();
    }

    @AfterAll
    void tearDown() throws Exception {
        Warehouses.close(driver, duckdb);
    }

    @Order(1)
    @ParameterizedTest(name = "Q{0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
    void tpchMatchesDuckDb(int query) throws Exception {
        Warehouses.assertSameAsDuckDb(driver, duckdb, TpchOracleTest.queryText(query), "Q" + query);
        awaitExecutorsIdle();
        assertThat(shuffleFiles()).as("shuffle files left after Q" + query).isEmpty();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.arbalest.bench.SqlSuiteTest#queries")
    void sqlSuiteMatchesDuckDb(String name, String sql) throws Exception {
        Warehouses.assertSameAsDuckDb(driver, duckdb, sql, name);
    }

    List<Path> shuffleFiles() {
        try (Stream<Path> files = Files.walk(driver.workDirectory())) {
            return files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".arrow")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for a heartbeat from every executor, sent after this call began, that reports no
     * running task and no Arrow memory. Executors heartbeat about once a second; a task the
     * driver cancelled may still be ending (and deleting its files) when the query fails.
     */
    void awaitExecutorsIdle() throws InterruptedException {
        long since = System.nanoTime();
        long deadline = since + Duration.ofSeconds(10).toNanos();
        Map<String, ExecutorLoad> loads = driver.executorLoads();
        while (!idleSince(loads, since) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            loads = driver.executorLoads();
        }
        assertThat(loads).as("each executor's tasks and Arrow memory at a heartbeat after the query")
                .allSatisfy((id, load) -> {
                    assertThat(load.heardAtNanos() - since).as("when " + id + " was heard").isPositive();
                    assertThat(load.runningTasks()).as("tasks running on " + id).isZero();
                    assertThat(load.allocatedBytes()).as("Arrow memory of " + id).isZero();
                });
    }

    private static boolean idleSince(Map<String, ExecutorLoad> loads, long since) {
        return loads.values().stream().allMatch(load -> load.heardAtNanos() - since > 0 && load.idle());
    }
}
