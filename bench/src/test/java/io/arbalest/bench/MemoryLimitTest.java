package io.arbalest.bench;

import io.arbalest.am.driver.LocalDriver;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.error.QueryExecutionException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A query that needs more Arrow memory than arbalest.query.memory allows fails with an error
 * naming that setting, leaves nothing allocated, and the next query in the same session runs; a
 * sort larger than the limit spills to disk and answers as DuckDB does.
 */
class MemoryLimitTest {
    @Test
    void aSortLargerThanTheLimitSpillsAndAnswersAsDuckDb(@org.junit.jupiter.api.io.TempDir java.nio.file.Path spill)
            throws Exception {
        ArbalestConfig config = ArbalestConfig.defaults().with(ArbalestConfig.MASTER, "local[1]")
                .with(ArbalestConfig.QUERY_MEMORY, "4m").with(ArbalestConfig.SPILL_DIRECTORY, spill.toString());
        String sql = "SELECT l_orderkey, l_linenumber, l_comment, l_extendedprice FROM lineitem "
                + "ORDER BY l_comment DESC, l_orderkey, l_linenumber";
        try (LocalDriver driver = LocalDriver.open(config, Warehouses.get().toString());
             java.sql.Connection duckdb = Warehouses.duckdb()) {
            // Streamed, a batch at a time: the result (several MB) is not held whole either.
            List<List<Object>> actual = new java.util.ArrayList<>();
            try (io.arbalest.am.driver.ResultStream stream = driver.stream(
                    io.arbalest.proto.logical.Query.newBuilder().setSql(sql).build())) {
                for (var batch = stream.next(); batch.isPresent(); batch = stream.next()) {
                    try (io.arbalest.am.driver.QueryResult chunk = batch.get()) {
                        actual.addAll(Answers.of(chunk));
                    }
                }
            }
            assertThat(Answers.differences(Answers.of(duckdb, sql), actual, List.of("l_orderkey", "l_linenumber",
                    "l_comment", "l_extendedprice"), 10)).isEmpty();
            assertThat(driver.allocatedBytes()).isZero();
            try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(spill)) {
                assertThat(left).as("spill files once the query ended").isEmpty();
            }
        }
        ArbalestConfig noSpill = config.with(ArbalestConfig.SPILL_ENABLED, "false");
        try (LocalDriver driver = LocalDriver.open(noSpill, Warehouses.get().toString())) {
            // The same stream, without spilling: the sort alone does not fit.
            assertThatThrownBy(() -> {
                try (io.arbalest.am.driver.ResultStream stream = driver.stream(
                        io.arbalest.proto.logical.Query.newBuilder().setSql(sql).build())) {
                    for (var batch = stream.next(); batch.isPresent(); batch = stream.next()) {
                        batch.get().close();
                    }
                }
            }).isInstanceOf(QueryExecutionException.class).hasMessageContaining("arbalest.query.memory");
            assertThat(driver.allocatedBytes()).isZero();
        }
    }

    /**
     * A spilling query stopped after its first batch (the stream closed early, as a cancel does)
     * removes its files: a join whose build side spilled, streaming its output part by part.
     */
    @Test
    void aSpillingQueryStoppedEarlyLeavesNoFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path spill)
            throws Exception {
        ArbalestConfig config = ArbalestConfig.defaults().with(ArbalestConfig.MASTER, "local[2]")
                .with(ArbalestConfig.QUERY_MEMORY, "2m").with(ArbalestConfig.BATCH_ROWS, "1024")
                .with(ArbalestConfig.SPILL_DIRECTORY, spill.toString());
        try (LocalDriver driver = LocalDriver.open(config, Warehouses.get().toString())) {
            try (io.arbalest.am.driver.ResultStream stream = driver.stream(io.arbalest.proto.logical.Query.newBuilder()
                    .setSql("SELECT * FROM lineitem JOIN orders ON l_orderkey = o_orderkey").build())) {
                try (var first = stream.next().orElseThrow()) {
                    assertThat(first.rowCount()).isPositive();
                }
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(spill)) {
                    assertThat(files.filter(java.nio.file.Files::isRegularFile)).as("spill files while it runs")
                            .isNotEmpty();
                }
            }
            assertThat(driver.allocatedBytes()).isZero();
            try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(spill)) {
                assertThat(left).as("spill files once the query was stopped").isEmpty();
            }
        }
    }

    @Test
    void aQueryOverTheLimitNamesTheSettingToRaise() throws Exception {
        ArbalestConfig config = ArbalestConfig.defaults().with(ArbalestConfig.MASTER, "local[2]")
                .with(ArbalestConfig.QUERY_MEMORY, "256k");
        try (LocalDriver driver = LocalDriver.open(config, Warehouses.get().toString())) {
            assertThatThrownBy(() -> driver.execute(TpchOracleTest.queryText(18)))
                    .isInstanceOf(QueryExecutionException.class)
                    .hasMessageContaining("arbalest.query.memory");
            assertThat(driver.allocatedBytes()).isZero();
            try (var result = driver.execute("SELECT count(*) FROM nation")) {
                assertThat(result.rowCount()).isEqualTo(1);
            }
        }
    }
}
