package io.arbalest.executor.parquet;

import io.arbalest.executor.batch.Batch;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hands rows of the current batch to parquet-mr, a record being a row index. The Parquet types
 * are the ones Spark and Hive write and read: INT32/INT64, DECIMAL as INT64 (precision up to
 * 18, the engine's decimals), DATE as INT32, TIMESTAMP as INT64 microseconds (not adjusted to
 * UTC), strings as UTF-8 BINARY; every column optional.
 */
final class BatchWriteSupport extends WriteSupport<Integer> {
    private final MessageType schema;
    private final RowSchema columns;
    /** For each file column, its index in the batches. */
    private final int[] sources;
    private RecordConsumer consumer;
    private Batch batch;

    BatchWriteSupport(RowSchema input, int[] sources) {
        this.sources = sources.clone();
        List<Column> written = new ArrayList<>();
        for (int source : sources) {
            written.add(input.column(source));
        }
        this.columns = new RowSchema(written);
        this.schema = messageType(columns);
    }

    static MessageType messageType(RowSchema columns) {
        List<Type> fields = new ArrayList<>();
        for (Column column : columns.columns()) {
            DataType type = column.type();
            fields.add(switch (type.kind()) {
                case BOOLEAN -> Types.optional(PrimitiveTypeName.BOOLEAN).named(column.name());
                case INT -> Types.optional(PrimitiveTypeName.INT32).named(column.name());
                case BIGINT -> Types.optional(PrimitiveTypeName.INT64).named(column.name());
                case REAL -> Types.optional(PrimitiveTypeName.FLOAT).named(column.name());
                case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(column.name());
                case DECIMAL -> Types.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.decimalType(type.scale(), type.precision())).named(column.name());
                case DATE -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType())
                        .named(column.name());
                case TIMESTAMP -> Types.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(false,
                        LogicalTypeAnnotation.TimeUnit.MICROS)).named(column.name());
                case VARCHAR -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(column.name());
                case INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH -> throw new IllegalArgumentException(
                        "Column " + column.name() + " is an interval, which Parquet files cannot hold.");
            });
        }
        return new MessageType("arbalest", fields);
    }

    void batch(Batch batch) {
        this.batch = batch;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Integer rowIndex) {
        int row = rowIndex;
        consumer.startMessage();
        for (int field = 0; field < sources.length; field++) {
            FieldVector vector = batch.vector(sources[field]);
            if (vector.isNull(row)) {
                continue;
            }
            String name = columns.column(field).name();
            consumer.startField(name, field);
            switch (columns.type(field).kind()) {
                case BOOLEAN -> consumer.addBoolean(((BitVector) vector).get(row) != 0);
                case INT, DATE -> consumer.addInteger(vector.getDataBuffer().getInt((long) row << 2));
                case BIGINT, DECIMAL, TIMESTAMP -> consumer.addLong(vector.getDataBuffer().getLong((long) row << 3));
                case REAL -> consumer.addFloat(vector.getDataBuffer().getFloat((long) row << 2));
                case DOUBLE -> consumer.addDouble(vector.getDataBuffer().getDouble((long) row << 3));
                case VARCHAR -> consumer.addBinary(Binary.fromConstantByteArray(((VarCharVector) vector).get(row)));
                default -> throw new IllegalStateException("unreachable: " + columns.type(field));
            }
            consumer.endField(name, field);
        }
        consumer.endMessage();
    }

}
