package io.arbalest.executor.parquet;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.expr.Int128;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.ArrowBuf;
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
 * are the ones Spark and Hive write and read: INT32/INT64, DECIMAL as INT64 up to 18 digits and
 * as big-endian FIXED_LEN_BYTE_ARRAY of the fewest bytes beyond (a DECIMAL(38, 2) sum), DATE as
 * INT32, TIMESTAMP as INT64 microseconds (not adjusted to UTC), strings as UTF-8 BINARY; every
 * column optional.
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
                case DECIMAL -> type.precision() <= DataType.MAX_LONG_DECIMAL_PRECISION
                        ? Types.optional(PrimitiveTypeName.INT64)
                                .as(LogicalTypeAnnotation.decimalType(type.scale(), type.precision())).named(column.name())
                        : Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(bytesFor(type.precision()))
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

    /** The fewest bytes whose two's complement holds every unscaled value of {@code precision} digits (Spark's rule). */
    static int bytesFor(int precision) {
        int bytes = 1;
        while (Math.pow(2.0, 8 * bytes - 1) < Math.pow(10.0, precision)) {
            bytes++;
        }
        return bytes;
    }

    /** {@code value} sign-extended into {@code bytes} big-endian bytes. */
    /** The 128-bit value (high, low) as {@code bytes} big-endian two's complement bytes (the value fits them). */
    static byte[] bigEndian(long high, long low, int bytes) {
        byte[] out = new byte[bytes];
        for (int i = bytes - 1; i >= 0; i--) {
            int shift = 8 * (bytes - 1 - i);
            out[i] = shift < 64 ? (byte) (low >> shift) : (byte) (high >> (shift - 64));
        }
        return out;
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
                case DECIMAL -> {
                    DataType type = columns.type(field);
                    if (!type.isWideDecimal()) {
                        consumer.addLong(vector.getDataBuffer().getLong((long) row << 3));
                    } else {
                        ArrowBuf data = vector.getDataBuffer();
                        consumer.addBinary(Binary.fromConstantByteArray(bigEndian(Int128.high(data, row),
                                Int128.low(data, row), bytesFor(type.precision()))));
                    }
                }
                case BIGINT, TIMESTAMP -> consumer.addLong(vector.getDataBuffer().getLong((long) row << 3));
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
