package io.arbalest.bench;

import io.arbalest.am.cluster.ClusterDriver;
import io.arbalest.am.cluster.DriverClient;
import io.arbalest.am.cluster.RemoteQueryException;
import io.arbalest.am.driver.QueryResult;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.proto.scheduler.JobStatusResponse;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Distributed execution on local-cluster[2,1,1024]: two executor processes that receive each
 * stage as a protobuf plan, write Arrow IPC shuffle files and serve them over Flight, with
 * broadcast joins (the default at SF 0.01). Besides the queries of the base class: a
 * million-row result, a long IN list, a user error in a task, tasks that spill in a small
 * budget, executors that cannot start, and a killed executor whose tasks run again on the
 * other executor.
 */
class LocalClusterIT extends DistributedQueriesBase {
    @Override
    ArbalestConfig config() {
        return ArbalestConfig.defaults().with(ArbalestConfig.MASTER, "local-cluster[2,1,1024]")
                // Every read over Flight, so that the Flight path is what is tested (all executors share one host).
                .with(ArbalestConfig.SHUFFLE_LOCAL_READ, "false");
    }

    @Order(2)
    @Test
    void executorsThatCannotStartFailFastWithTheirLog() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> ClusterDriver.open(ArbalestConfig.defaults()
                .with(ArbalestConfig.MASTER, "local-cluster[1,1,99999999]"), Warehouses.get().toString(),
                new Configuration())).isInstanceOf(QueryExecutionException.class)
                .hasMessageContaining("executor-1 ended before it registered").hasMessageContaining("heap");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("well before the start timeout")
                .isLessThan(Duration.ofSeconds(30));
    }

    @Order(2)
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aRemoteClientSubmitsOverGrpcAndReadsOverFlight() throws Exception {
        try (DriverClient client = new DriverClient("127.0.0.1", driver.port())) {
            for (int query : new int[] {1, 9, 18}) {
                String sql = TpchOracleTest.queryText(query);
                try (QueryResult result = client.execute(sql, Map.of())) {
                    assertThat(Answers.differences(Answers.of(duckdb, sql), Answers.of(result), result.schema().names(),
                            20)).as("Q" + query + " through the client").isEmpty();
                }
            }
            assertThatThrownBy(() -> client.execute("SELECT FROM", Map.of())).isInstanceOf(RemoteQueryException.class)
                    .hasMessageContaining("line 1").extracting(e -> ((RemoteQueryException) e).kind())
                    .isEqualTo("SQL syntax error");
            assertThatThrownBy(() -> client.execute("SELECT 1", Map.of("arbalest.nope", "1")))
                    .hasMessageContaining("Unknown configuration key 'arbalest.nope'");

            CompletableFuture<QueryResult> slow = CompletableFuture.supplyAsync(() -> client.execute(
                    "SELECT count(*) FROM lineitem a JOIN lineitem b ON a.l_orderkey < b.l_orderkey + a.l_partkey",
                    Map.of(), "slow-job"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (client.status("slow-job") != JobStatusResponse.State.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            client.cancel("slow-job");
            assertThatThrownBy(() -> slow.get(2, TimeUnit.MINUTES)).cause().hasMessageContaining("cancelled");
            assertThat(client.status("slow-job")).isEqualTo(JobStatusResponse.State.FAILED);
            assertThat(client.allocatedBytes()).isZero();
        }
        awaitExecutorsIdle();
        assertThat(shuffleFiles()).isEmpty();
    }

    /** 2 MiB per task and batches of 1,024 rows: Q9's and Q18's aggregations and joins spill on the executors. */
    private static Map<String, String> smallTasks(Path spill) {
        return Map.of(ArbalestConfig.QUERY_MEMORY.name(), "2m", ArbalestConfig.BATCH_ROWS.name(), "1024",
                ArbalestConfig.SPILL_DIRECTORY.name(), spill.toString());
    }

    @Order(2)
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void tasksSpillInASmallBudgetAndTheDriverReportsIt(@TempDir Path spill) throws Exception {
        Map<String, String> small = smallTasks(spill);
        try (DriverClient client = new DriverClient("127.0.0.1", driver.port())) {
            for (int query : new int[] {9, 18}) {
                String sql = TpchOracleTest.queryText(query);
                try (QueryResult result = client.execute(sql, small)) {
                    assertThat(Answers.differences(Answers.of(duckdb, sql), Answers.of(result), result.schema().names(),
                            20)).as("Q" + query + " in 2 MiB tasks").isEmpty();
                    assertThat(result.spilled().files()).as("spill files Q" + query + "'s tasks report").isPositive();
                    assertThat(result.spilled().bytes()).isPositive();
                }
            }
        }
        awaitExecutorsIdle();
        try (Stream<Path> left = Files.list(spill)) {
            assertThat(left).as("spill files after the queries").isEmpty();
        }
    }

    @Order(2)
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void explainAnalyzeShowsEachStagesNodesSummedOverTheirTasks(@TempDir Path spill) throws Exception {
        Map<String, String> small = smallTasks(spill);
        String query = TpchOracleTest.queryText(18).strip().replaceAll(";$", "");
        String plan;
        try (DriverClient client = new DriverClient("127.0.0.1", driver.port())) {
            plan = client.explainAnalyze(io.arbalest.proto.logical.Query.newBuilder().setSql(query).build(), small);
        }
        long lineitem = Warehouses.count(duckdb, "SELECT count(*) FROM lineitem");
        long answer = Warehouses.count(duckdb, "SELECT count(*) FROM (" + query + ")");
        assertThat(plan).contains("Stage 1: tasks=").contains("Scan lineitem PARQUET")
                .contains(String.format(java.util.Locale.ROOT, "rows=%,d batches=", lineitem))
                .contains(String.format(java.util.Locale.ROOT, "%n%,d rows in ", answer))
                .contains(" spilled=").contains("; spilled ");
        assertThat(plan.lines().filter(line -> line.contains("Scan lineitem")))
                .as("lineitem scanned by several tasks").allMatch(line -> !line.contains("tasks=1 "));
        awaitExecutorsIdle();
        assertThat(shuffleFiles()).as("an analyzed job keeps no result").isEmpty();
    }

    @Order(2)
    @Test
    void aMillionRowResultStreamsBack() {
        String sql = "SELECT a.l_orderkey, b.n_name FROM lineitem a CROSS JOIN nation b";
        try (QueryResult result = driver.execute(sql)) {
            assertThat(result.rowCount()).isGreaterThan(1_000_000);
        }
    }

    @Order(2)
    @Test
    void aThousandElementInListTravelsInThePlan() throws Exception {
        String list = IntStream.range(0, 1000).mapToObj(i -> Integer.toString(i * 7)).collect(Collectors.joining(", "));
        Warehouses.assertSameAsDuckDb(driver, duckdb,
                "SELECT count(*), sum(o_totalprice) FROM orders WHERE o_orderkey IN (" + list + ")", "IN list");
    }

    @Order(2)
    @Test
    void aUserErrorInATaskKeepsItsMessage() throws InterruptedException {
        assertThatThrownBy(() -> driver.execute("SELECT sum(l_quantity / (l_linenumber - l_linenumber)) FROM lineitem"))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("ivision by zero");
        awaitExecutorsIdle();
        assertThat(shuffleFiles()).isEmpty();
    }

    @Order(3)
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aKilledExecutorsTasksRunAgainOnTheOther() throws Exception {
        // A nested-loop join of 60K x 2K rows in two scan tasks of a few seconds each: long enough to be killed mid-way.
        String sql = "SELECT count(*), sum(a.l_quantity) FROM lineitem a JOIN part b ON a.l_partkey < b.p_partkey + a.l_suppkey";
        List<List<Object>> expected = Answers.of(duckdb, sql);
        CompletableFuture<List<List<Object>>> query = CompletableFuture.supplyAsync(() -> {
            try (QueryResult result = driver.execute(sql)) {
                return Answers.of(result);
            }
        });
        Set<String> busy = Set.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (busy.isEmpty() && System.nanoTime() < deadline && !query.isDone()) {
            Thread.sleep(50);
            busy = driver.busyExecutors();
        }
        assertThat(busy).as("an executor running the query").isNotEmpty();
        String victim = busy.iterator().next();
        driver.executorProcess(victim).destroyForcibly();

        assertThat(Answers.differences(expected, query.get(2, TimeUnit.MINUTES), List.of("count", "sum"), 5)).isEmpty();
        assertThat(driver.executorLoads()).doesNotContainKey(victim);
        // The executor left runs the next query alone.
        Warehouses.assertSameAsDuckDb(driver, duckdb, TpchOracleTest.queryText(6), "Q6 after the loss");
    }
}
