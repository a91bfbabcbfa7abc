package io.arbalest.planner.physical;

import io.arbalest.planner.types.RowSchema;

import java.util.List;

/**
 * A node of a physical plan: an immutable description of an operator, its output schema and how
 * many partitions it produces. Plans are rewritten with {@link #withChildren}.
 */
public sealed interface PhysicalNode
        permits ScanNode, FilterNode, ProjectNode, ExpandNode, HashAggregateNode, HashJoinNode, UnionNode, WindowNode,
        SortNode,
        LimitNode,
        ValuesNode,
        RangeNode,
        ExchangeNode,
        ShuffleReadNode,
        WriteNode {
    RowSchema schema();

    List<PhysicalNode> children();

    PhysicalNode withChildren(List<PhysicalNode> children);

    /** How many partitions (independent streams of batches) this node produces. */
    int partitionCount();

    /** One line for EXPLAIN, without the children. */
    String describe();
}
