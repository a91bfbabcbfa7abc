package io.arbalest.bench;

import io.arbalest.sdk.ArbalestSession;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/** The DataFrame program of {@link DataFrameChecks} on local-cluster[2,1,1024]: executor processes, shuffles over Flight. */
class DataFrameClusterIT {
    @Test
    void dataFramesOnExecutorProcessesMatchDuckDb() throws Exception {
        Path out = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "df-cluster-writes");
        try (ArbalestSession session = ArbalestSession.builder().master("local-cluster[2,1,1024]")
                .warehouse(Warehouses.get().toString()).getOrCreate();
             Connection duckdb = Warehouses.duckdb()) {
            assertThat(DataFrameChecks.run(session, duckdb, out.toString())).isEmpty();
            assertThat(session.allocatedBytes()).as("Arrow memory of the driver").isZero();
        }
    }
}
