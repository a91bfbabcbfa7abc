package io.arbalest.planner.serde;

import io.arbalest.planner.catalog.FileFormat;
import io.arbalest.planner.expr.Call;
import io.arbalest.planner.expr.ColumnRef;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.physical.AggregateCall;
import io.arbalest.planner.physical.AggregateFunction;
import io.arbalest.planner.physical.AggregateMode;
import io.arbalest.planner.physical.ExchangeNode;
import io.arbalest.planner.physical.ExpandNode;
import io.arbalest.planner.physical.FilterNode;
import io.arbalest.planner.physical.HashAggregateNode;
import io.arbalest.planner.physical.HashJoinNode;
import io.arbalest.planner.physical.JoinType;
import io.arbalest.planner.physical.LimitNode;
import io.arbalest.planner.physical.Partitioning;
import io.arbalest.planner.physical.PhysicalNode;
import io.arbalest.planner.physical.ProjectNode;
import io.arbalest.planner.physical.ScanNode;
import io.arbalest.planner.physical.ScanSplit;
import io.arbalest.planner.physical.ShuffleReadNode;
import io.arbalest.planner.physical.SortKey;
import io.arbalest.planner.physical.SortNode;
import io.arbalest.planner.physical.UnionNode;
import io.arbalest.planner.physical.ValuesNode;
import io.arbalest.planner.physical.WriteNode;
import io.arbalest.planner.physical.RangeNode;
import io.arbalest.planner.physical.WindowNode;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import io.arbalest.proto.plan.ExprList;
import io.arbalest.proto.plan.LiteralList;
import io.arbalest.proto.plan.PlanNode;
import io.arbalest.proto.plan.ScanPartition;
import io.arbalest.proto.plan.Schema;
import io.arbalest.proto.plan.WindowBound;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Converts physical plans to their protobuf form ({@code plan.proto}) and back. A plan read
 * back equals the plan written ({@code equals} of the node records).
 */
public final class PlanSerde {
    private PlanSerde() {
    }

    public static PlanNode toProto(PhysicalNode node) {
        PlanNode.Builder out = PlanNode.newBuilder();
        if (node instanceof ScanNode scan) {
            io.arbalest.proto.plan.ScanNode.Builder b = io.arbalest.proto.plan.ScanNode.newBuilder()
                    .setTable(scan.table()).setFormat(scan.format().name()).setTableSchema(toProto(scan.tableSchema()))
                    .addAllColumns(scan.columns());
            scan.predicate().ifPresent(p -> b.setPredicate(toProto(p)));
            scan.partitionsRead().ifPresent(p -> b.setPartitionsRead(p.read()).setPartitionsTotal(p.total()));
            b.putAllFormatOptions(scan.formatOptions());
            for (List<ScanSplit> partition : scan.partitions()) {
                ScanPartition.Builder p = ScanPartition.newBuilder();
                for (ScanSplit split : partition) {
                    p.addSplits(io.arbalest.proto.plan.ScanSplit.newBuilder().setPath(split.path())
                            .addAllRowGroups(split.rowGroups()).setWholeFile(split.wholeFile())
                            .addAllPartitionValues(split.partitionValues().stream().map(PlanSerde::toProto).toList()));
                }
                b.addPartitions(p);
            }
            return out.setScan(b).build();
        }
        if (node instanceof FilterNode filter) {
            return out.setFilter(io.arbalest.proto.plan.FilterNode.newBuilder().setInput(toProto(filter.input()))
                    .setPredicate(toProto(filter.predicate()))).build();
        }
        if (node instanceof ProjectNode project) {
            return out.setProject(io.arbalest.proto.plan.ProjectNode.newBuilder().setInput(toProto(project.input()))
                    .addAllExpressions(project.expressions().stream().map(PlanSerde::toProto).toList())
                    .setSchema(toProto(project.schema()))).build();
        }
        if (node instanceof ExpandNode expand) {
            io.arbalest.proto.plan.ExpandNode.Builder b = io.arbalest.proto.plan.ExpandNode.newBuilder()
                    .setInput(toProto(expand.input())).setSchema(toProto(expand.schema()));
            for (List<Expr> projection : expand.projections()) {
                b.addProjections(ExprList.newBuilder().addAllExprs(projection.stream().map(PlanSerde::toProto).toList()));
            }
            return out.setExpand(b).build();
        }
        if (node instanceof HashAggregateNode aggregate) {
            io.arbalest.proto.plan.HashAggregateNode.Builder b = io.arbalest.proto.plan.HashAggregateNode.newBuilder()
                    .setInput(toProto(aggregate.input())).setMode(aggregate.mode().name())
                    .addAllGroupKeys(aggregate.groupKeys()).setSchema(toProto(aggregate.schema()));
            for (AggregateCall call : aggregate.aggregates()) {
                io.arbalest.proto.plan.AggregateCall.Builder c = io.arbalest.proto.plan.AggregateCall.newBuilder()
                        .setFunction(call.function().name()).setType(toProto(call.type())).setName(call.name());
                call.argument().ifPresent(c::setArgument);
                call.argumentType().ifPresent(t -> c.setArgumentType(toProto(t)));
                call.filter().ifPresent(c::setFilter);
                b.addAggregates(c);
            }
            aggregate.emptyInputGroup().ifPresent(g -> b.setEmptyInputGroup(toProto(g)));
            return out.setHashAggregate(b).build();
        }
        if (node instanceof HashJoinNode join) {
            io.arbalest.proto.plan.HashJoinNode.Builder b = io.arbalest.proto.plan.HashJoinNode.newBuilder()
                    .setProbe(toProto(join.probe())).setBuild(toProto(join.build())).setType(join.type().name())
                    .addAllProbeKeys(join.probeKeys()).addAllBuildKeys(join.buildKeys())
                    .addAllNullSafe(join.nullSafe()).setSchema(toProto(join.schema()))
                    .setEstimatedBuildBytes(join.estimatedBuildBytes());
            join.residual().ifPresent(r -> b.setResidual(toProto(r)));
            return out.setHashJoin(b).build();
        }
        if (node instanceof UnionNode union) {
            return out.setUnion(io.arbalest.proto.plan.UnionNode.newBuilder()
                    .addAllInputs(union.inputs().stream().map(PlanSerde::toProto).toList())
                    .setSchema(toProto(union.schema()))).build();
        }
        if (node instanceof WindowNode window) {
            io.arbalest.proto.plan.WindowNode.Builder b = io.arbalest.proto.plan.WindowNode.newBuilder()
                    .setInput(toProto(window.input())).addAllPartitionKeys(window.partitionKeys())
                    .addAllOrderKeys(window.orderKeys().stream().map(PlanSerde::toProto).toList())
                    .setRowsFrame(window.frame().rows()).setLower(toProto(window.frame().lower()))
                    .setUpper(toProto(window.frame().upper())).setSchema(toProto(window.schema()));
            for (WindowNode.Function function : window.functions()) {
                io.arbalest.proto.plan.WindowFunction.Builder f = io.arbalest.proto.plan.WindowFunction.newBuilder()
                        .setKind(function.kind().name()).setOffset(function.offset())
                        .setType(toProto(function.type())).setName(function.name());
                function.argument().ifPresent(f::setArgument);
                function.argumentType().ifPresent(t -> f.setArgumentType(toProto(t)));
                function.defaultValue().ifPresent(d -> f.setDefaultValue(toProto(d)));
                b.addFunctions(f);
            }
            return out.setWindow(b).build();
        }
        if (node instanceof SortNode sort) {
            io.arbalest.proto.plan.SortNode.Builder b = io.arbalest.proto.plan.SortNode.newBuilder()
                    .setInput(toProto(sort.input()))
                    .addAllKeys(sort.keys().stream().map(PlanSerde::toProto).toList());
            sort.limit().ifPresent(b::setLimit);
            return out.setSort(b).build();
        }
        if (node instanceof LimitNode limit) {
            io.arbalest.proto.plan.LimitNode.Builder b = io.arbalest.proto.plan.LimitNode.newBuilder()
                    .setInput(toProto(limit.input())).setOffset(limit.offset());
            limit.limit().ifPresent(b::setLimit);
            return out.setLimit(b).build();
        }
        if (node instanceof RangeNode range) {
            return out.setRange(io.arbalest.proto.plan.RangeNode.newBuilder().setStart(range.start())
                    .setEnd(range.end()).setStep(range.step()).setPartitions(range.partitions())).build();
        }
        if (node instanceof WriteNode write) {
            return out.setWrite(io.arbalest.proto.plan.WriteNode.newBuilder().setInput(toProto(write.input()))
                    .setDirectory(write.directory()).addAllPartitionColumns(write.partitionColumns())
                    .setCompression(write.compression())).build();
        }
        if (node instanceof ValuesNode values) {
            return out.setValues(io.arbalest.proto.plan.ValuesNode.newBuilder().setSchema(toProto(values.schema()))
                    .addAllRows(values.rows().stream().map(PlanSerde::toProto).toList())).build();
        }
        if (node instanceof ExchangeNode exchange) {
            return out.setExchange(io.arbalest.proto.plan.ExchangeNode.newBuilder()
                    .setInput(toProto(exchange.input())).setPartitioning(toProto(exchange.partitioning()))).build();
        }
        ShuffleReadNode read = (ShuffleReadNode) node;
        return out.setShuffleRead(io.arbalest.proto.plan.ShuffleReadNode.newBuilder().setStage(read.stage())
                .setSchema(toProto(read.schema())).setPartitions(read.partitions())
                .setBroadcast(read.broadcast())).build();
    }

    public static PhysicalNode fromProto(PlanNode node) {
        switch (node.getNodeCase()) {
            case SCAN -> {
                io.arbalest.proto.plan.ScanNode scan = node.getScan();
                List<List<ScanSplit>> partitions = scan.getPartitionsList().stream()
                        .map(p -> p.getSplitsList().stream()
                                .map(s -> new ScanSplit(s.getPath(), s.getRowGroupsList(), s.getPartitionValuesList()
                                        .stream().map(PlanSerde::fromProto).toList(), s.getWholeFile())).toList())
                        .toList();
                return new ScanNode(scan.getTable(), FileFormat.valueOf(scan.getFormat()),
                        fromProto(scan.getTableSchema()), scan.getColumnsList(),
                        scan.hasPredicate() ? Optional.of(fromProto(scan.getPredicate())) : Optional.empty(),
                        partitions, scan.getPartitionsTotal() == 0 ? Optional.empty()
                                : Optional.of(new ScanNode.PartitionsRead(scan.getPartitionsRead(), scan.getPartitionsTotal())),
                        scan.getFormatOptionsMap());
            }
            case FILTER -> {
                return new FilterNode(fromProto(node.getFilter().getInput()), fromProto(node.getFilter().getPredicate()));
            }
            case PROJECT -> {
                io.arbalest.proto.plan.ProjectNode project = node.getProject();
                return new ProjectNode(fromProto(project.getInput()), exprs(project.getExpressionsList()),
                        fromProto(project.getSchema()));
            }
            case EXPAND -> {
                io.arbalest.proto.plan.ExpandNode expand = node.getExpand();
                return new ExpandNode(fromProto(expand.getInput()),
                        expand.getProjectionsList().stream().map(p -> exprs(p.getExprsList())).toList(),
                        fromProto(expand.getSchema()));
            }
            case HASH_AGGREGATE -> {
                io.arbalest.proto.plan.HashAggregateNode aggregate = node.getHashAggregate();
                List<AggregateCall> calls = aggregate.getAggregatesList().stream().map(c -> new AggregateCall(
                        AggregateFunction.valueOf(c.getFunction()),
                        c.hasArgument() ? OptionalInt.of(c.getArgument()) : OptionalInt.empty(),
                        c.hasArgumentType() ? Optional.of(fromProto(c.getArgumentType())) : Optional.empty(),
                        c.hasFilter() ? OptionalInt.of(c.getFilter()) : OptionalInt.empty(),
                        fromProto(c.getType()), c.getName())).toList();
                return new HashAggregateNode(fromProto(aggregate.getInput()), AggregateMode.valueOf(aggregate.getMode()),
                        aggregate.getGroupKeysList(), calls, fromProto(aggregate.getSchema()),
                        aggregate.hasEmptyInputGroup() ? Optional.of(fromProto(aggregate.getEmptyInputGroup()))
                                : Optional.empty());
            }
            case HASH_JOIN -> {
                io.arbalest.proto.plan.HashJoinNode join = node.getHashJoin();
                return new HashJoinNode(fromProto(join.getProbe()), fromProto(join.getBuild()),
                        JoinType.valueOf(join.getType()), join.getProbeKeysList(), join.getBuildKeysList(),
                        join.getNullSafeList(),
                        join.hasResidual() ? Optional.of(fromProto(join.getResidual())) : Optional.empty(),
                        fromProto(join.getSchema()), join.getEstimatedBuildBytes());
            }
            case UNION -> {
                return new UnionNode(node.getUnion().getInputsList().stream().map(PlanSerde::fromProto).toList(),
                        fromProto(node.getUnion().getSchema()));
            }
            case WINDOW -> {
                io.arbalest.proto.plan.WindowNode window = node.getWindow();
                List<WindowNode.Function> functions = window.getFunctionsList().stream().map(f -> new WindowNode.Function(
                        WindowNode.Kind.valueOf(f.getKind()),
                        f.hasArgument() ? OptionalInt.of(f.getArgument()) : OptionalInt.empty(),
                        f.hasArgumentType() ? Optional.of(fromProto(f.getArgumentType())) : Optional.empty(),
                        f.getOffset(),
                        f.hasDefaultValue() ? Optional.of(fromProto(f.getDefaultValue())) : Optional.empty(),
                        fromProto(f.getType()), f.getName())).toList();
                return new WindowNode(fromProto(window.getInput()), window.getPartitionKeysList(),
                        window.getOrderKeysList().stream().map(PlanSerde::fromProto).toList(),
                        new WindowNode.Frame(window.getRowsFrame(), fromProto(window.getLower()),
                                fromProto(window.getUpper())),
                        functions, fromProto(window.getSchema()));
            }
            case SORT -> {
                io.arbalest.proto.plan.SortNode sort = node.getSort();
                return new SortNode(fromProto(sort.getInput()),
                        sort.getKeysList().stream().map(PlanSerde::fromProto).toList(),
                        sort.hasLimit() ? OptionalLong.of(sort.getLimit()) : OptionalLong.empty());
            }
            case LIMIT -> {
                io.arbalest.proto.plan.LimitNode limit = node.getLimit();
                return new LimitNode(fromProto(limit.getInput()), limit.getOffset(),
                        limit.hasLimit() ? OptionalLong.of(limit.getLimit()) : OptionalLong.empty());
            }
            case VALUES -> {
                io.arbalest.proto.plan.ValuesNode values = node.getValues();
                return new ValuesNode(fromProto(values.getSchema()),
                        values.getRowsList().stream().map(PlanSerde::fromProto).toList());
            }
            case RANGE -> {
                io.arbalest.proto.plan.RangeNode range = node.getRange();
                return new RangeNode(range.getStart(), range.getEnd(), range.getStep(), range.getPartitions());
            }
            case WRITE -> {
                io.arbalest.proto.plan.WriteNode write = node.getWrite();
                return new WriteNode(fromProto(write.getInput()), write.getDirectory(), write.getPartitionColumnsList(),
                        write.getCompression());
            }
            case EXCHANGE -> {
                return new ExchangeNode(fromProto(node.getExchange().getInput()),
                        fromProto(node.getExchange().getPartitioning()));
            }
            case SHUFFLE_READ -> {
                io.arbalest.proto.plan.ShuffleReadNode read = node.getShuffleRead();
                return new ShuffleReadNode(read.getStage(), fromProto(read.getSchema()), read.getPartitions(),
                        read.getBroadcast());
            }
            default -> throw new IllegalArgumentException("plan node without a node: " + node.getNodeCase());
        }
    }

    public static io.arbalest.proto.plan.Expr toProto(Expr expr) {
        io.arbalest.proto.plan.Expr.Builder out = io.arbalest.proto.plan.Expr.newBuilder();
        if (expr instanceof ColumnRef ref) {
            return out.setColumn(io.arbalest.proto.plan.ColumnRef.newBuilder().setIndex(ref.index())
                    .setType(toProto(ref.type()))).build();
        }
        if (expr instanceof Literal literal) {
            return out.setLiteral(toProto(literal)).build();
        }
        Call call = (Call) expr;
        return out.setCall(io.arbalest.proto.plan.Call.newBuilder().setFunction(call.function().name())
                .addAllArguments(call.arguments().stream().map(PlanSerde::toProto).toList())
                .setType(toProto(call.type()))).build();
    }

    public static Expr fromProto(io.arbalest.proto.plan.Expr expr) {
        return switch (expr.getExprCase()) {
            case COLUMN -> new ColumnRef(expr.getColumn().getIndex(), fromProto(expr.getColumn().getType()));
            case LITERAL -> fromProto(expr.getLiteral());
            case CALL -> new Call(Function.valueOf(expr.getCall().getFunction()),
                    exprs(expr.getCall().getArgumentsList()), fromProto(expr.getCall().getType()));
            default -> throw new IllegalArgumentException("expression without a case: " + expr.getExprCase());
        };
    }

    private static List<Expr> exprs(List<io.arbalest.proto.plan.Expr> exprs) {
        return exprs.stream().map(PlanSerde::fromProto).toList();
    }

    public static io.arbalest.proto.plan.Literal toProto(Literal literal) {
        io.arbalest.proto.plan.Literal.Builder out = io.arbalest.proto.plan.Literal.newBuilder()
                .setType(toProto(literal.type()));
        Object value = literal.value();
        if (value instanceof Boolean b) {
            out.setBoolValue(b);
        } else if (value instanceof Long l) {
            out.setLongValue(l);
        } else if (value instanceof Double d) {
            out.setDoubleValue(d);
        } else if (value instanceof String s) {
            out.setStringValue(s);
        } else if (value instanceof java.math.BigInteger unscaled) {
            out.setWideUnscaledValue(com.google.protobuf.ByteString.copyFrom(unscaled.toByteArray()));
        }
        return out.build();
    }

    public static Literal fromProto(io.arbalest.proto.plan.Literal literal) {
        DataType type = fromProto(literal.getType());
        return switch (literal.getValueCase()) {
            case BOOL_VALUE -> new Literal(literal.getBoolValue(), type);
            case LONG_VALUE -> new Literal(literal.getLongValue(), type);
            case DOUBLE_VALUE -> new Literal(literal.getDoubleValue(), type);
            case STRING_VALUE -> new Literal(literal.getStringValue(), type);
            case WIDE_UNSCALED_VALUE -> new Literal(new java.math.BigInteger(literal.getWideUnscaledValue().toByteArray()),
                    type);
            case VALUE_NOT_SET -> Literal.nullOf(type);
        };
    }

    private static LiteralList toProto(List<Literal> literals) {
        return LiteralList.newBuilder().addAllLiterals(literals.stream().map(PlanSerde::toProto).toList()).build();
    }

    private static List<Literal> fromProto(LiteralList literals) {
        return literals.getLiteralsList().stream().map(PlanSerde::fromProto).toList();
    }

    public static io.arbalest.proto.plan.DataType toProto(DataType type) {
        return io.arbalest.proto.plan.DataType.newBuilder()
                .setKind(io.arbalest.proto.plan.DataType.Kind.valueOf(type.kind().name()))
                .setPrecision(type.precision()).setScale(type.scale()).build();
    }

    public static DataType fromProto(io.arbalest.proto.plan.DataType type) {
        return new DataType(DataType.Kind.valueOf(type.getKind().name()), type.getPrecision(), type.getScale());
    }

    public static Schema toProto(RowSchema schema) {
        Schema.Builder out = Schema.newBuilder();
        for (Column column : schema.columns()) {
            out.addColumns(io.arbalest.proto.plan.Column.newBuilder().setName(column.name())
                    .setType(toProto(column.type())).setNullable(column.nullable()));
        }
        return out.build();
    }

    public static RowSchema fromProto(Schema schema) {
        return new RowSchema(schema.getColumnsList().stream()
                .map(c -> new Column(c.getName(), fromProto(c.getType()), c.getNullable())).toList());
    }

    public static io.arbalest.proto.plan.Partitioning toProto(Partitioning partitioning) {
        return io.arbalest.proto.plan.Partitioning.newBuilder().addAllHashKeys(partitioning.hashKeys())
                .setCount(partitioning.count()).build();
    }

    public static Partitioning fromProto(io.arbalest.proto.plan.Partitioning partitioning) {
        return new Partitioning(partitioning.getHashKeysList(), partitioning.getCount());
    }

    private static io.arbalest.proto.plan.SortKey toProto(SortKey key) {
        return io.arbalest.proto.plan.SortKey.newBuilder().setColumn(key.column()).setAscending(key.ascending())
                .setNullsFirst(key.nullsFirst()).build();
    }

    private static SortKey fromProto(io.arbalest.proto.plan.SortKey key) {
        return new SortKey(key.getColumn(), key.getAscending(), key.getNullsFirst());
    }

    private static WindowBound toProto(WindowNode.Bound bound) {
        return WindowBound.newBuilder().setKind(bound.kind().name()).setOffset(bound.offset()).build();
    }

    private static WindowNode.Bound fromProto(WindowBound bound) {
        return new WindowNode.Bound(WindowNode.BoundKind.valueOf(bound.getKind()), bound.getOffset());
    }
}
