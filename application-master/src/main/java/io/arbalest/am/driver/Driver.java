package io.arbalest.am.driver;

import io.arbalest.am.cluster.ClusterDriver;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.physical.PhysicalNode;
import org.apache.hadoop.conf.Configuration;

/** Plans and runs queries: in this JVM ({@link LocalDriver}) or on executor processes ({@link ClusterDriver}). */
public interface Driver extends AutoCloseable {
    /** The driver {@code arbalest.master} asks for. */
    static Driver open(ArbalestConfig config, String warehouse, Configuration hadoopConf) {
        if (Master.parse(config.get(ArbalestConfig.MASTER)).distributed()) {
            return ClusterDriver.open(config, warehouse, hadoopConf);
        }
        return LocalDriver.open(config, warehouse, hadoopConf);
    }

    static Driver open(ArbalestConfig config, String warehouse) {
        return open(config, warehouse, new Configuration());
    }

    PhysicalNode plan(String sql);

    /** EXPLAIN: the optimised logical plan, then the physical plan. */
    String explain(String sql);

    /** EXPLAIN --distributed: the stages the query runs as. */
    String explainDistributed(String sql);

    QueryResult execute(String sql);

    /** Bytes still allocated by queries whose results are open; zero when every result is closed. */
    long allocatedBytes();

    @Override
    void close();
}
