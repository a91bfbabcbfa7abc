package io.arbalest.executor.parquet;

import io.arbalest.planner.expr.Call;
import io.arbalest.planner.expr.ColumnRef;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.DataType;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

import java.util.List;

/**
 * Decides from a row group's min/max statistics whether any of its rows can satisfy a scan's
 * predicate. Only conjuncts of the form {@code column <op> constant} on numeric and date
 * columns are used; anything else is assumed to match, so pruning never drops a row.
 */
final class RowGroupPruner {
    private final Expr predicate;
    /** Parquet column name of each scan output column. */
    private final List<String> columnNames;

    RowGroupPruner(Expr predicate, List<String> columnNames) {
        this.predicate = predicate;
        this.columnNames = List.copyOf(columnNames);
    }

    boolean mightMatch(BlockMetaData block) {
        return mightMatch(predicate, block);
    }

    private boolean mightMatch(Expr expr, BlockMetaData block) {
        if (!(expr instanceof Call call)) {
            return true;
        }
        if (call.function() == Function.AND) {
            return call.arguments().stream().allMatch(argument -> mightMatch(argument, block));
        }
        if (call.arguments().size() != 2) {
            return true;
        }
        Function function = call.function();
        Expr left = call.argument(0);
        Expr right = call.argument(1);
        if (left instanceof Literal && right instanceof ColumnRef) {
            Expr swap = left;
            left = right;
            right = swap;
            function = flip(function);
        }
        if (!(left instanceof ColumnRef column) || !(right instanceof Literal literal) || literal.isNull()
                || !(literal.value() instanceof Long || literal.value() instanceof Double)) {
            return true;
        }
        ColumnChunkMetaData chunk = chunk(block, columnNames.get(column.index()));
        if (chunk == null || !comparable(chunk, column.type())) {
            return true;
        }
        Statistics<?> statistics = chunk.getStatistics();
        if (statistics == null || statistics.isEmpty() || !statistics.hasNonNullValue()) {
            return true;
        }
        double min = ((Number) statistics.genericGetMin()).doubleValue();
        double max = ((Number) statistics.genericGetMax()).doubleValue();
        double value = literal.doubleValue();
        // Doubles hold every statistic exactly up to 2^53; beyond that comparisons stay conservative.
        if (Math.abs(min) > 9.0e15 || Math.abs(max) > 9.0e15 || Math.abs(value) > 9.0e15) {
            return true;
        }
        return switch (function) {
            case EQUAL -> min <= value && value <= max;
            case LESS_THAN -> min < value;
            case LESS_THAN_OR_EQUAL -> min <= value;
            case GREATER_THAN -> max > value;
            case GREATER_THAN_OR_EQUAL -> max >= value;
            default -> true;
        };
    }

    /** Statistics compare like the engine's values only for plain numbers, decimals and dates. */
    private static boolean comparable(ColumnChunkMetaData chunk, DataType type) {
        PrimitiveType.PrimitiveTypeName physical = chunk.getPrimitiveType().getPrimitiveTypeName();
        LogicalTypeAnnotation logical = chunk.getPrimitiveType().getLogicalTypeAnnotation();
        boolean numericPhysical = physical == PrimitiveType.PrimitiveTypeName.INT32
                || physical == PrimitiveType.PrimitiveTypeName.INT64
                || physical == PrimitiveType.PrimitiveTypeName.DOUBLE
                || physical == PrimitiveType.PrimitiveTypeName.FLOAT;
        boolean plainLogical = logical == null
                || logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && i.isSigned();
        return numericPhysical && plainLogical && type.kind() != DataType.Kind.BOOLEAN;
    }

    private static ColumnChunkMetaData chunk(BlockMetaData block, String name) {
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            if (chunk.getPath().size() == 1 && chunk.getPath().toArray()[0].equalsIgnoreCase(name)) {
                return chunk;
            }
        }
        return null;
    }

    private static Function flip(Function function) {
        return switch (function) {
            case LESS_THAN -> Function.GREATER_THAN;
            case LESS_THAN_OR_EQUAL -> Function.GREATER_THAN_OR_EQUAL;
            case GREATER_THAN -> Function.LESS_THAN;
            case GREATER_THAN_OR_EQUAL -> Function.LESS_THAN_OR_EQUAL;
            default -> function;
        };
    }
}
