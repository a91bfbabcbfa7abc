package io.arbalest.bench;

import io.arbalest.am.driver.LocalDriver;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.error.QueryExecutionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A query that needs more Arrow memory than arbalest.query.memory allows fails with an error
 * naming that setting, leaves nothing allocated, and the next query in the same session runs.
 */
class MemoryLimitTest {
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
