package io.arbalest.bench;

import io.arbalest.am.driver.LocalDriver;
import io.arbalest.am.driver.QueryResult;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.error.ArbalestException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A warehouse on HDFS: TPC-H SF 0.01 generated into a MiniDFSCluster on loopback, queried by
 * hdfs:// URI; DuckDB answers the same query on the same rows generated to local disk.
 */
class HdfsWarehouseIT {
    private static MiniDFSCluster cluster;
    private static String warehouse;

    @BeforeAll
    static void startHdfs() throws Exception {
        Path base = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "hdfs");
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        warehouse = cluster.getURI() + "/warehouse";
        TpchGenerator.generate(0.01, warehouse, cluster.getConfiguration(0), 2);
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    @Test
    void queriesTablesByHdfsUri() throws Exception {
        String sql = TpchOracleTest.queryText(1);
        try (LocalDriver driver = LocalDriver.open(ArbalestConfig.defaults().with(ArbalestConfig.MASTER, "local[2]"),
                warehouse, cluster.getConfiguration(0));
             Connection duckdb = Warehouses.duckdb()) {
            List<List<Object>> expected = Answers.of(duckdb, sql);
            try (QueryResult result = driver.execute(sql)) {
                assertThat(Answers.differences(expected, Answers.of(result), result.schema().names(), 20)).isEmpty();
            }
            assertThat(driver.allocatedBytes()).isZero();
        }
    }

    @Test
    void missingHdfsWarehouseIsATypedError() {
        assertThatThrownBy(() -> LocalDriver.open(ArbalestConfig.defaults(), cluster.getURI() + "/nowhere",
                cluster.getConfiguration(0)).close())
                .isInstanceOf(ArbalestException.class).hasMessageContaining("nowhere");
    }
}
