package io.arbalest.am.driver;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.operator.Operator;
import io.arbalest.executor.task.PlanRunner;
import io.arbalest.planner.catalog.Catalog;
import io.arbalest.planner.catalog.Catalogs;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.physical.PhysicalNode;
import io.arbalest.proto.logical.Query;
import io.arbalest.proto.logical.Write;
import io.arbalest.executor.spill.SpillReport;
import io.arbalest.executor.task.OperatorStatistics;
import io.arbalest.planner.physical.PlanPrinter;
import io.arbalest.executor.spill.SpillSpace;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The driver in local mode: plans a query and runs it on task threads in this JVM. Every query
 * allocates from its own allocator, limited by {@code arbalest.query.memory}.
 */
public final class LocalDriver implements Driver {

    private final ArbalestConfig config;
    private final Configuration hadoopConf;
    private final Master master;
    private final QueryPlanning planning;
    private final BufferAllocator root;

    public LocalDriver(ArbalestConfig config, Catalog catalog, Configuration hadoopConf) {
        this.config = config;
        this.hadoopConf = hadoopConf;
        this.master = Master.of(config);
        this.planning = new QueryPlanning(catalog, config, master);
        this.root = new RootAllocator(config.queryMemoryBytes());
    }

    public static LocalDriver open(ArbalestConfig config, String warehouse) {
        return open(config, warehouse, new Configuration());
    }

    /** With the Hadoop configuration that reaches the warehouse's file system (HDFS name node, security). */
    public static LocalDriver open(ArbalestConfig config, String warehouse, Configuration hadoopConf) {
        return new LocalDriver(config, Catalogs.open(config, warehouse, hadoopConf), hadoopConf);
    }

    @Override
    public QueryPlanning planning() {
        return planning;
    }

    @Override
    public QueryResult execute(Query query) {
        return run(planning.plan(query));
    }

    @Override
    public void write(Query query, Write spec) {
        Optional<ParquetWrite> write = ParquetWrite.prepare(spec, planning.plan(query), hadoopConf, planning.catalog());
        if (write.isEmpty()) {
            return;
        }
        try (QueryResult written = run(write.get().plan())) {
            write.get().commit(written);
        } catch (RuntimeException | Error e) {
            write.get().abort();
            throw e;
        }
    }

    /** Pulls the result through the operators as the caller asks for batches. */
    @Override
    public ResultStream stream(Query query) {
        PhysicalNode plan = planning.plan(query);
        BufferAllocator allocator = root.newChildAllocator("query", 0, root.getLimit());
        PlanRunner runner = new PlanRunner(master.slots(), config.getInt(ArbalestConfig.BATCH_ROWS), hadoopConf,
                SpillSpace.of(config));
        Operator operator;
        try {
            operator = runner.run(plan, allocator);
        } catch (RuntimeException | Error e) {
            release(List.of(), allocator, e);
            throw e;
        }
        return ResultStream.of(plan.schema(), allocator, () -> {
            try {
                return operator.next();
            } catch (OutOfMemoryException | OutOfMemoryError e) {
                throw memoryError(e);
            }
        }, () -> {
            try {
                operator.close();
            } finally {
                allocator.close();
            }
        });
    }

    @Override
    public String explainAnalyze(Query query) {
        PhysicalNode plan = planning.plan(query);
        BufferAllocator allocator = root.newChildAllocator("query", 0, root.getLimit());
        Optional<SpillSpace> spill = SpillSpace.of(config);
        PlanRunner runner = new PlanRunner(master.slots(), config.getInt(ArbalestConfig.BATCH_ROWS), hadoopConf, spill)
                .measured();
        long rows = 0;
        long start = System.nanoTime();
        try {
            try (Operator operator = runner.run(plan, allocator)) {
                for (Optional<Batch> next = operator.next(); next.isPresent(); next = operator.next()) {
                    try (Batch batch = next.get()) {
                        rows += batch.rowCount();
                    }
                }
            }
        } catch (OutOfMemoryException | OutOfMemoryError e) {
            release(List.of(), allocator, e);
            throw memoryError(e);
        } catch (RuntimeException | Error e) {
            release(List.of(), allocator, e);
            throw e;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long peak = allocator.getPeakMemoryAllocation();
        allocator.close();
        SpillReport spilled = spill.map(SpillSpace::report).orElse(SpillReport.NONE);
        return "== Physical plan, analyzed (per node, summed over its tasks: rows out, time in it and its inputs, "
                + "peak memory, spill) ==\n"
                + PlanPrinter.print(plan, node -> runner.statistics(node).map(OperatorStatistics::describe))
                + String.format(java.util.Locale.ROOT, "%n%,d rows in %,d ms; peak memory %s of %s "
                        + "(arbalest.query.memory); spilled %s.%n", rows, millis, SpillReport.size(peak),
                        SpillReport.size(root.getLimit()), spilled.spilled() ? spilled.describe() : "nothing");
    }

    private QueryResult run(PhysicalNode plan) {
        BufferAllocator allocator = root.newChildAllocator("query", 0, root.getLimit());
        List<Batch> batches = new ArrayList<>();
        Optional<SpillSpace> spill = SpillSpace.of(config);
        PlanRunner runner = new PlanRunner(master.slots(), config.getInt(ArbalestConfig.BATCH_ROWS), hadoopConf, spill);
        try (Operator operator = runner.run(plan, allocator)) {
            while (true) {
                Optional<Batch> next = operator.next();
                if (next.isEmpty()) {
                    break;
                }
                batches.add(next.get());
            }
            return new QueryResult(plan.schema(), batches, allocator,
                    spill.map(SpillSpace::report).orElse(SpillReport.NONE));
        } catch (OutOfMemoryException | OutOfMemoryError e) {
            // Hash tables of joins and aggregations live on the JVM heap; what is held is freed here.
            release(batches, allocator, e);
            throw memoryError(e);
        } catch (RuntimeException | Error e) {
            release(batches, allocator, e);
            throw e;
        }
    }

    /** What a user reads when a query ran out of Arrow memory (its limit) or of JVM heap. */
    private QueryExecutionException memoryError(Throwable e) {
        if (e instanceof OutOfMemoryException) {
            return new QueryExecutionException("The query needs more memory than arbalest.query.memory allows ("
                    + SpillReport.size(root.getLimit()) + "). Raise it with --conf arbalest.query.memory=4g, or give "
                    + "the JVM more heap (ARBALEST_HEAP=8g).", e);
        }
        return new QueryExecutionException("The query ran out of JVM heap (" + Runtime.getRuntime().maxMemory()
                / (1 << 20) + " MiB). Give the JVM more heap: ARBALEST_HEAP=8g with bin/arbalest, or -Xmx8g.", e);
    }

    /**
     * Frees a failed query's memory. A leak found while closing (an operator interrupted by an
     * Error mid-way) is attached to the query's own failure instead of hiding it.
     */
    static void release(List<Batch> batches, BufferAllocator allocator, Throwable failure) {
        try {
            batches.forEach(Batch::close);
            allocator.close();
        } catch (RuntimeException leak) {
            failure.addSuppressed(leak);
        }
    }


    @Override
    public long allocatedBytes() {
        return root.getAllocatedMemory();
    }

    @Override
    public void close() {
        try {
            planning.catalog().close();
        } finally {
            root.close();
        }
    }
}
