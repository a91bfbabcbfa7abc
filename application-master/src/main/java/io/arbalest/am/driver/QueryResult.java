package io.arbalest.am.driver;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.expr.ValueAccess;
import io.arbalest.executor.spill.SpillReport;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.DecimalValues;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The answer of a query: its schema and batches, which hold Arrow memory until {@link #close()}.
 * Clients read it as Java values ({@link #value}); {@link ResultStream} hands out a result a batch
 * at a time.
 */
public final class QueryResult implements AutoCloseable {
    private final RowSchema schema;
    private final List<Batch> batches;
    private final BufferAllocator allocator;
    private final SpillReport spilled;

    public QueryResult(RowSchema schema, List<Batch> batches, BufferAllocator allocator) {
        this(schema, batches, allocator, SpillReport.NONE);
    }

    /** A result whose query spilled {@code spilled} to disk on its way. */
    public QueryResult(RowSchema schema, List<Batch> batches, BufferAllocator allocator, SpillReport spilled) {
        this.schema = schema;
        this.batches = List.copyOf(batches);
        this.allocator = allocator;
        this.spilled = spilled;
    }

    /** What the query spilled to disk, on every executor; {@link SpillReport#NONE} when nothing. */
    public SpillReport spilled() {
        return spilled;
    }

    public RowSchema schema() {
        return schema;
    }

    public List<Batch> batches() {
        return batches;
    }

    public long rowCount() {
        return batches.stream().mapToLong(Batch::rowCount).sum();
    }

    public int batchCount() {
        return batches.size();
    }

    public int rowCount(int batch) {
        return batches.get(batch).rowCount();
    }

    /**
     * A value as Java represents its SQL type: BOOLEAN Boolean, INT Integer, BIGINT Long, REAL
     * Float, DOUBLE Double, DECIMAL BigDecimal (at the column's scale), DATE LocalDate,
     * TIMESTAMP LocalDateTime, VARCHAR String; null for NULL.
     */
    public Object value(int batch, int column, int row) {
        DataType type = schema.type(column);
        Object value = ValueAccess.get(batches.get(batch).vector(column), row, type);
        if (value == null) {
            return null;
        }
        return switch (type.kind()) {
            case INT, INTERVAL_YEAR_MONTH -> (int) (long) (Long) value;
            case REAL -> (float) (double) (Double) value;
            case DECIMAL -> DecimalValues.toBigDecimal(value, type.scale());
            case DATE -> LocalDate.ofEpochDay((Long) value);
            case TIMESTAMP -> LocalDateTime.ofEpochSecond(Math.floorDiv((Long) value, 1_000_000L),
                    (int) Math.floorMod((Long) value, 1_000_000L) * 1000, ZoneOffset.UTC);
            default -> value;
        };
    }

    /** The allocator the batches come from (null for a chunk of a stream). */
    BufferAllocator allocator() {
        return allocator;
    }

    /** One batch of a {@link ResultStream}: closing it frees the batch; the stream owns the allocator. */
    public static QueryResult chunk(RowSchema schema, Batch batch) {
        return new QueryResult(schema, List.of(batch), null);
    }

    @Override
    public void close() {
        batches.forEach(Batch::close);
        if (allocator != null) {
            allocator.close();
        }
    }
}
