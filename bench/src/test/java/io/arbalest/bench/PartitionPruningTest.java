package io.arbalest.bench;

import io.arbalest.am.driver.LocalDriver;
import io.arbalest.planner.config.ArbalestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partition pruning over a warehouse table in {@code year=/flag=} directories (written by
 * DuckDB): each filter reads only the partitions it can match (EXPLAIN's partitions=K/N) and
 * answers as DuckDB does over the same files.
 */
class PartitionPruningTest {
    private static LocalDriver driver;
    private static Connection duckdb;

    @BeforeAll
    static void start() throws Exception {
        Path warehouse = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "partitioned");
        duckdb = DuckDb.open();
        try (Statement statement = duckdb.createStatement()) {
            // 3 years x 3 flags (one of them NULL) = 9 partitions.
            statement.execute("COPY (SELECT i, i * 1.5 AS d, 2020 + i % 3 AS year, "
                    + "CASE (i // 3) % 3 WHEN 0 THEN 'A' WHEN 1 THEN 'B' ELSE NULL END AS flag FROM range(0, 900) r(i)) TO '"
                    + warehouse.resolve("events") + "' (FORMAT parquet, PARTITION_BY (year, flag))");
            statement.execute("CREATE VIEW events AS SELECT * FROM read_parquet('" + warehouse.resolve("events")
                    + "/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER, 'flag': VARCHAR})");
        }
        driver = LocalDriver.open(ArbalestConfig.defaults().with(ArbalestConfig.MASTER, "local[2]"), warehouse.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        Warehouses.close(driver, duckdb);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "year = 2021|3",
            "year = 2021 AND flag = 'A'|1",
            "year IN (2020, 2022) AND i > 10|6",
            "year BETWEEN 2021 AND 2030|6",
            "flag IS NULL|3",
            "flag IS NOT NULL AND year < 2021|2",
            "year = 2021 OR flag = 'B'|5",
            "NOT (year = 2020)|6",
            "year + 1 = 2022|3",
            "lower(flag) = 'a'|9",
            "i < 100|9",
            "year = 1999|0"})
    void readsOnlyThePartitionsTheFilterCanMatch(String filter, int partitionsRead) throws Exception {
        String sql = "SELECT year, flag, count(*) AS n, sum(i) AS s, sum(d) AS sd FROM events WHERE " + filter
                + " GROUP BY year, flag ORDER BY year, flag NULLS LAST";
        assertThat(driver.explain(sql)).contains("partitions=" + partitionsRead + "/9");
        if (partitionsRead > 0) {
            Warehouses.assertSameAsDuckDb(driver, duckdb, sql, filter);
        }
    }
}
