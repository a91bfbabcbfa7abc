package io.arbalest.executor.task;

import io.arbalest.executor.csv.CsvScan;
import io.arbalest.executor.csv.TextScan;
import io.arbalest.planner.catalog.FileFormat;
import io.arbalest.executor.expr.ExpressionCompiler;
import io.arbalest.executor.expr.Kernel;
import io.arbalest.executor.operator.ExpandOperator;
import io.arbalest.executor.operator.FilterOperator;
import io.arbalest.executor.operator.GatherExchange;
import io.arbalest.executor.operator.LimitOperator;
import io.arbalest.executor.operator.Operator;
import io.arbalest.executor.operator.OperatorContext;
import io.arbalest.executor.spill.SpillSpace;
import io.arbalest.executor.operator.ProjectOperator;
import io.arbalest.executor.operator.SortOperator;
import io.arbalest.executor.operator.ValuesOperator;
import io.arbalest.executor.operator.window.WindowOperator;
import io.arbalest.executor.operator.aggregate.HashAggregate;
import io.arbalest.executor.operator.join.HashJoinOperator;
import io.arbalest.executor.operator.join.JoinBuild;
import io.arbalest.executor.batch.Batch;
import io.arbalest.planner.types.RowSchema;
import io.arbalest.executor.parquet.ParquetScan;
import io.arbalest.planner.physical.ExchangeNode;
import io.arbalest.planner.physical.ExpandNode;
import io.arbalest.planner.physical.FilterNode;
import io.arbalest.planner.physical.HashAggregateNode;
import io.arbalest.planner.physical.HashJoinNode;
import io.arbalest.planner.physical.LimitNode;
import io.arbalest.planner.physical.PhysicalNode;
import io.arbalest.planner.physical.ProjectNode;
import io.arbalest.planner.physical.ScanNode;
import io.arbalest.planner.physical.ScanSplit;
import io.arbalest.planner.physical.ShuffleReadNode;
import io.arbalest.planner.physical.SortNode;
import io.arbalest.planner.physical.UnionNode;
import io.arbalest.planner.physical.WindowNode;
import io.arbalest.planner.physical.ValuesNode;
import io.arbalest.planner.physical.WriteNode;
import io.arbalest.planner.physical.RangeNode;
import io.arbalest.executor.operator.RangeOperator;
import io.arbalest.executor.parquet.ParquetWriteOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.hadoop.conf.Configuration;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the operator tree of one partition of a physical plan. An exchange starts its input's
 * partitions on task threads, each with its own child allocator that it closes when done.
 */
public final class PlanRunner {
    private final int slots;
    private final int batchRows;
    private final Configuration conf;
    private final ShuffleInputs shuffleInputs;
    private final Optional<SpillSpace> spill;
    /** True when this runner runs every partition of the plan (local mode), not one task's partition. */
    private boolean wholePlan;
    /** Build sides per join node (identity: nodes may be equal): one shared by all probe partitions, or one per partition. */
    private final Map<HashJoinNode, JoinBuild[]> builds = new IdentityHashMap<>();
    private BufferAllocator queryAllocator;
    /** In a measured run (EXPLAIN ANALYZE): each node's statistics, and the allocators made for them, closed last. */
    private Map<PhysicalNode, OperatorStatistics> statistics;
    private final List<BufferAllocator> measuredAllocators = new java.util.ArrayList<>();

    /** A runner of whole plans in this JVM (local mode): plans without shuffle reads. */
    public PlanRunner(int slots, int batchRows, Configuration conf) {
        this(slots, batchRows, conf, ShuffleInputs.NONE, Optional.empty());
    }

    /** A runner of whole plans in this JVM whose operators spill to {@code spill} (empty: never). */
    public PlanRunner(int slots, int batchRows, Configuration conf, Optional<SpillSpace> spill) {
        this(slots, batchRows, conf, ShuffleInputs.NONE, spill);
    }

    /** A runner of stage plans, whose shuffle reads {@code shuffleInputs} opens. */
    public PlanRunner(int slots, int batchRows, Configuration conf, ShuffleInputs shuffleInputs,
            Optional<SpillSpace> spill) {
        this.slots = slots;
        this.batchRows = batchRows;
        this.conf = conf;
        this.shuffleInputs = shuffleInputs;
        this.spill = spill;
    }

    /**
     * The operator tree of a whole query (partition 0 of its root). Closing it also frees what
     * the query's partitions shared (join build sides), which live in {@code allocator}.
     */
    public Operator run(PhysicalNode plan, BufferAllocator allocator) {
        wholePlan = true;
        return start(plan, 0, allocator);
    }

    /**
     * Makes the next runs measured (EXPLAIN ANALYZE): each node's operators get allocators of
     * their own and count their output, time, memory and spill in {@link #statistics(PhysicalNode)}.
     */
    public PlanRunner measured() {
        statistics = new IdentityHashMap<>();
        return this;
    }

    /** What {@code node}'s operators did in a measured run (empty when none ran it, or the run was not measured). */
    public Optional<OperatorStatistics> statistics(PhysicalNode node) {
        if (statistics == null) {
            return Optional.empty();
        }
        synchronized (statistics) {
            return Optional.ofNullable(statistics.get(node));
        }
    }

    /** The operator tree of partition {@code partition} of {@code plan} (one task of a stage). */
    public Operator run(PhysicalNode plan, int partition, BufferAllocator allocator) {
        wholePlan = false;
        return start(plan, partition, allocator);
    }

    private Operator start(PhysicalNode plan, int partition, BufferAllocator allocator) {
        queryAllocator = allocator;
        Operator root = build(plan, partition, allocator);
        return new Operator() {
            @Override
            public RowSchema schema() {
                return root.schema();
            }

            @Override
            public Optional<Batch> next() {
                return root.next();
            }

            @Override
            public void close() {
                try {
                    root.close();
                } finally {
                    synchronized (builds) {
                        builds.values().forEach(perPartition -> {
                            for (JoinBuild build : perPartition) {
                                if (build != null) {
                                    build.close();
                                }
                            }
                        });
                        builds.clear();
                    }
                    closeMeasuredAllocators();
                }
            }
        };
    }

    /** Closes the allocators of a measured run, the last made first (their operators are closed). */
    private void closeMeasuredAllocators() {
        synchronized (measuredAllocators) {
            for (int i = measuredAllocators.size() - 1; i >= 0; i--) {
                measuredAllocators.get(i).close();
            }
            measuredAllocators.clear();
        }
    }

    /** In a measured run: {@code node}'s statistics. */
    private OperatorStatistics statisticsOf(PhysicalNode node) {
        synchronized (statistics) {
            return statistics.computeIfAbsent(node, n -> new OperatorStatistics(spill.map(SpillSpace::child)));
        }
    }

    /**
     * In a measured run: a new allocator for one of {@code nodeStatistics}' operators, tracked. A child
     * of the query's allocator (a task's has the same limit), so that it may outlive the task's,
     * and is closed with the query: batches it made may still be in use when its operator closes.
     */
    private BufferAllocator measuredAllocator(OperatorStatistics nodeStatistics, String name) {
        BufferAllocator own = queryAllocator.newChildAllocator(name, 0, queryAllocator.getLimit());
        synchronized (measuredAllocators) {
            measuredAllocators.add(own);
        }
        nodeStatistics.track(own);
        return own;
    }

    /** The operator of partition {@code partition} of {@code node}, its inputs' operators drawing on {@code allocator}. */
    private Operator build(PhysicalNode node, int partition, BufferAllocator allocator) {
        if (statistics == null) {
            return build(node, partition, allocator, new OperatorContext(allocator, batchRows, spill));
        }
        OperatorStatistics nodeStatistics = statisticsOf(node);
        BufferAllocator own = measuredAllocator(nodeStatistics, node.getClass().getSimpleName());
        return new MeasuredOperator(build(node, partition, allocator,
                new OperatorContext(own, batchRows, nodeStatistics.spill())), nodeStatistics);
    }

    /** As above; {@code context} is this node's own (its allocator, and in a measured run its spill space). */
    private Operator build(PhysicalNode node, int partition, BufferAllocator inputs, OperatorContext context) {
        BufferAllocator allocator = context.allocator();
        ExpressionCompiler compiler = new ExpressionCompiler(allocator);
        if (node instanceof ScanNode scan) {
            List<ScanSplit> splits = scan.partitions().isEmpty() ? List.of() : scan.partitions().get(partition);
            return switch (scan.format()) {
                case PARQUET -> new ParquetScan(scan.tableSchema(), scan.columns(), scan.predicate(), splits,
                        context, conf);
                case CSV -> new CsvScan(scan.tableSchema(), scan.columns(), splits, context, conf);
                case TEXT -> new TextScan(scan.tableSchema(), scan.columns(), splits,
                        scan.formatOptions().getOrDefault(FileFormat.FIELD_DELIMITER, "\u0001").charAt(0),
                        scan.formatOptions().getOrDefault(FileFormat.NULL_FORMAT, "\\N"), context, conf);
            };
        }
        if (node instanceof FilterNode filter) {
            return new FilterOperator(build(filter.input(), partition, inputs),
                    new ExpressionCompiler(allocator, filter.input().schema()).compile(filter.predicate()), context);
        }
        if (node instanceof ProjectNode project) {
            ExpressionCompiler overInput = new ExpressionCompiler(allocator, project.input().schema());
            List<Kernel> kernels = project.expressions().stream().map(overInput::compile).toList();
            return new ProjectOperator(build(project.input(), partition, inputs), kernels, project.schema(), context);
        }
        if (node instanceof ExpandNode expand) {
            ExpressionCompiler overInput = new ExpressionCompiler(allocator, expand.input().schema());
            List<List<Kernel>> projections = expand.projections().stream()
                    .map(projection -> projection.stream().map(overInput::compile).toList()).toList();
            return new ExpandOperator(build(expand.input(), partition, inputs), projections, expand.schema(),
                    context);
        }
        if (node instanceof HashJoinNode join) {
            // Broadcast: one build side for every probe partition. Partitioned: build partition p for probe partition p.
            int buildPartition = join.partitioned() ? partition : 0;
            JoinBuild build;
            synchronized (builds) {
                build = builds.computeIfAbsent(join, j -> new JoinBuild[j.build().partitionCount()])[buildPartition];
                if (build == null) {
                    // Measured: the build side's input draws on the query's allocator, not on the join's.
                    build = new JoinBuild(buildAllocator -> build(join.build(), buildPartition,
                            statistics == null ? buildAllocator : queryAllocator),
                            join.build().schema(), join.buildKeys(), join.nullSafe(),
                            JoinBuild.presenceOnly(join.type(), join.residual().isPresent()),
                            context.withAllocator(statistics == null ? queryAllocator
                                    : measuredAllocator(statisticsOf(join), "HashJoin build")));
                    // Broadcast in a whole plan: every probe partition joins with it here, the last frees it.
                    build.users(wholePlan && !join.partitioned() ? join.probe().partitionCount() : 1);
                    builds.get(join)[buildPartition] = build;
                }
            }
            return new HashJoinOperator(build(join.probe(), partition, inputs), build, join.type(), join.probeKeys(),
                    join.residual().map(compiler::compile), join.schema(), context);
        }
        if (node instanceof WindowNode window) {
            return new WindowOperator(build(window.input(), partition, inputs), window, context);
        }
        if (node instanceof UnionNode union) {
            int first = 0;
            for (PhysicalNode input : union.inputs()) {
                if (partition < first + input.partitionCount()) {
                    return build(input, partition - first, inputs);
                }
                first += input.partitionCount();
            }
            throw new IllegalArgumentException("partition " + partition + " of a union of " + first);
        }
        if (node instanceof HashAggregateNode aggregate) {
            return new HashAggregate(build(aggregate.input(), partition, inputs), aggregate.mode(),
                    aggregate.groupKeys(), aggregate.aggregates(), aggregate.schema(), aggregate.emptyInputGroup(),
                    context);
        }
        if (node instanceof SortNode sort) {
            return new SortOperator(build(sort.input(), partition, inputs), sort.keys(), sort.limit(), context);
        }
        if (node instanceof LimitNode limit) {
            return new LimitOperator(build(limit.input(), partition, inputs), limit.offset(), limit.limit(), context);
        }
        if (node instanceof ValuesNode values) {
            return new ValuesOperator(values.schema(), values.rows(), context);
        }
        if (node instanceof RangeNode range) {
            return new RangeOperator(range, partition, context);
        }
        if (node instanceof WriteNode write) {
            return new ParquetWriteOperator(build(write.input(), partition, inputs), write, conf, partition, context);
        }
        if (node instanceof ShuffleReadNode read) {
            return shuffleInputs.open(read, read.outputPartition(partition), allocator);
        }
        ExchangeNode exchange = (ExchangeNode) node;
        if (exchange.partitionCount() != 1) {
            throw new IllegalStateException("hash exchanges run only distributed, as stage boundaries: " + exchange);
        }
        PhysicalNode input = exchange.input();
        return new GatherExchange(input.schema(), input.partitionCount(), slots,
                p -> new TaskOperator(inputs.newChildAllocator("task-" + p, 0, inputs.getLimit()),
                        child -> build(input, p, child)),
                allocator);
    }
}
