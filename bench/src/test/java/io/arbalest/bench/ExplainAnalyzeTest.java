package io.arbalest.bench;

import io.arbalest.am.driver.LocalDriver;
import io.arbalest.am.driver.SqlSession;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.sql.SqlScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EXPLAIN ANALYZE runs the query and prints each plan node with what its operators did: the
 * rows it emitted (checked against DuckDB's counts), its peak memory, and what it spilled.
 */
class ExplainAnalyzeTest {
    @Test
    void everyNodeShowsItsRowsMemoryAndSpill(@TempDir Path spill) throws Exception {
        ArbalestConfig config = ArbalestConfig.defaults().with(ArbalestConfig.MASTER, "local[2]")
                .with(ArbalestConfig.QUERY_MEMORY, "3m").with(ArbalestConfig.BATCH_ROWS, "1024")
                .with(ArbalestConfig.SPILL_DIRECTORY, spill.toString());
        String query = TpchOracleTest.queryText(18).strip().replaceAll(";$", "");
        StringBuilder text = new StringBuilder();
        try (LocalDriver driver = LocalDriver.open(config, Warehouses.get().toString());
             Connection duckdb = Warehouses.duckdb()) {
            new SqlSession(driver).run(SqlScript.statement("EXPLAIN ANALYZE " + query), new SqlSession.Output() {
                @Override
                public void rows(io.arbalest.am.driver.QueryResult result) {
                    throw new AssertionError("EXPLAIN ANALYZE prints its plan, not the rows");
                }

                @Override
                public void text(String plan) {
                    text.append(plan);
                }
            });
            assertThat(driver.allocatedBytes()).isZero();
            String plan = text.toString();
            long lineitem = Warehouses.count(duckdb, "SELECT count(*) FROM lineitem");
            long answer = Warehouses.count(duckdb, "SELECT count(*) FROM (" + query + ")");
            assertThat(plan).contains("Scan lineitem PARQUET columns=[l_orderkey, l_quantity]")
                    .contains(String.format(Locale.ROOT, "rows=%,d batches=", lineitem))
                    .contains(String.format(Locale.ROOT, "%n%,d rows in ", answer))
                    .contains("(arbalest.query.memory); spilled ");
            String join = plan.lines().filter(line -> line.strip().startsWith("HashJoin INNER [$0 = build.$0]"))
                    .findFirst().orElseThrow();
            assertThat(join).as("the join whose build side does not fit 2 MiB").contains("spilled=").contains("peak=");
            // The node lines: after the heading, up to the blank line before the totals.
            assertThat(plan.lines().skip(1).takeWhile(line -> !line.isEmpty()))
                    .as("every node annotated").isNotEmpty().allMatch(line -> line.contains("  [rows="));
        }
    }
}
