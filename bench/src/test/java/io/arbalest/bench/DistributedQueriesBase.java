package io.arbalest.bench;

import io.arbalest.am.cluster.ClusterDriver;
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
        assertThat(shuffleFiles()).as("shuffle files left after Q" + query).isEmpty();
        awaitExecutorsReleasedMemory();
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

    /** Executors report their Arrow memory with each heartbeat (about once a second). */
    void awaitExecutorsReleasedMemory() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, Long> allocated = driver.executorAllocatedBytes();
        while (allocated.values().stream().anyMatch(b -> b != 0) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            allocated = driver.executorAllocatedBytes();
        }
        assertThat(allocated).as("Arrow memory of each executor").allSatisfy((id, bytes) -> assertThat(bytes).isZero());
    }
}
