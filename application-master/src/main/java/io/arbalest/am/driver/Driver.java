package io.arbalest.am.driver;

import io.arbalest.am.cluster.ClusterDriver;
import io.arbalest.am.yarn.YarnDriver;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.physical.PhysicalNode;
import io.arbalest.planner.types.RowSchema;
import io.arbalest.proto.logical.Query;
import io.arbalest.proto.logical.Write;
import org.apache.hadoop.conf.Configuration;

/**
 * Plans and runs queries: in this JVM ({@link LocalDriver}), on executor processes
 * ({@link ClusterDriver}), or as a YARN application ({@link YarnDriver}).
 */
public interface Driver extends AutoCloseable {
    /** The driver {@code arbalest.master} asks for. */
    static Driver open(ArbalestConfig config, String warehouse, Configuration hadoopConf) {
        Master master = Master.of(config);
        if (master.yarn()) {
            // What a user must see (the application id, where its logs are) goes to stderr, as Spark's client does.
            return YarnDriver.submit(config, warehouse, hadoopConf, System.err::println);
        }
        if (master.distributed()) {
            return ClusterDriver.open(config, warehouse, hadoopConf);
        }
        return LocalDriver.open(config, warehouse, hadoopConf);
    }

    static Driver open(ArbalestConfig config, String warehouse) {
        return open(config, warehouse, new Configuration());
    }

    /** How this driver plans queries. */
    QueryPlanning planning();

    default PhysicalNode plan(String sql) {
        return planning().plan(sql);
    }

    /** EXPLAIN: the optimised logical plan, then the physical plan. */
    default String explain(String sql) {
        return planning().explain(sql);
    }

    /** EXPLAIN --distributed: the stages the query runs as. */
    default String explainDistributed(String sql) {
        return planning().explainDistributed(sql);
    }

    /**
     * Runs SQL text: one query, or a script of ';'-separated statements (views it defines live
     * until it ends) whose last query's result is returned, as TPC-H Q15 is published.
     */
    default QueryResult execute(String sql) {
        return new SqlSession(this).executeScript(sql);
    }

    /** Runs a DataFrame's plan or SQL text (with the session's views); the result holds Arrow memory until closed. */
    QueryResult execute(Query query);

    /**
     * Runs a query and writes its rows as Parquet files ({@code spec}): committed when every task
     * succeeded; a failure leaves the target as it was.
     */
    void write(Query query, Write spec);

    /**
     * Runs a query and hands its result out a batch at a time (see {@link ResultStream}); this
     * default holds it whole first, the drivers stream it.
     */
    default ResultStream stream(Query query) {
        return ResultStream.of(execute(query));
    }

    /** The schema of a query's result, without running it. */
    default RowSchema schema(Query query) {
        return planning().plan(query).schema();
    }

    /** EXPLAIN of a query: its physical plan; {@code extended} adds its SQL and logical plan. */
    default String explain(Query query, boolean extended) {
        return planning().explain(query, extended);
    }

    /**
     * EXPLAIN ANALYZE: runs the query, drops its rows, and returns its physical plan (on a
     * cluster: its stages' plans) with what each operator did (rows, batches, time, peak memory,
     * spill), summed over its tasks, and the query's totals.
     */
    String explainAnalyze(Query query);

    /** Bytes still allocated by queries whose results are open; zero when every result is closed. */
    long allocatedBytes();

    @Override
    void close();
}
