package io.arbalest.executor.parquet;

import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes values of one Parquet column chunk straight into an Arrow vector in the engine's
 * representation (decimals as unscaled longs, timestamps as microseconds), without the
 * record-assembly (row) API.
 */
final class ColumnDecoder {
    private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final ColumnDescriptor descriptor;
    private final DataType type;
    private final String file;
    private final int maxDefinitionLevel;
    private final PrimitiveType.PrimitiveTypeName physical;
    /** Multiplier from the file's timestamp unit to microseconds (negative: divisor). */
    private final long timestampFactor;

    ColumnDecoder(ColumnDescriptor descriptor, DataType type, String file) {
        this.descriptor = descriptor;
        this.type = type;
        this.file = file;
        this.maxDefinitionLevel = descriptor.getMaxDefinitionLevel();
        this.physical = descriptor.getPrimitiveType().getPrimitiveTypeName();
        LogicalTypeAnnotation logical = descriptor.getPrimitiveType().getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp) {
            timestampFactor = switch (timestamp.getUnit()) {
                case MILLIS -> 1000L;
                case MICROS -> 1L;
                case NANOS -> -1000L;
            };
        } else {
            timestampFactor = 1L;
        }
    }

    ColumnDescriptor descriptor() {
        return descriptor;
    }

    /** Reads the next {@code rows} values of {@code reader} into {@code vector} (allocated for them). */
    void decode(ColumnReader reader, FieldVector vector, int rows) {
        ArrowBuf validity = vector.getValidityBuffer();
        switch (physical) {
            case INT32 -> {
                ArrowBuf data = vector.getDataBuffer();
                boolean wide = type.isLongBacked(); // INT32-encoded decimals widen to long
                for (int i = 0; i < rows; i++) {
                    if (reader.getCurrentDefinitionLevel() == maxDefinitionLevel) {
                        if (wide) {
                            data.setLong((long) i << 3, reader.getInteger());
                        } else {
                            data.setInt((long) i << 2, reader.getInteger());
                        }
                        BitVectorHelper.setBit(validity, i);
                    }
                    reader.consume();
                }
            }
            case INT64 -> {
                ArrowBuf data = vector.getDataBuffer();
                for (int i = 0; i < rows; i++) {
                    if (reader.getCurrentDefinitionLevel() == maxDefinitionLevel) {
                        long value = reader.getLong();
                        if (timestampFactor != 1L) {
                            value = timestampFactor > 0 ? value * timestampFactor : Math.floorDiv(value, -timestampFactor);
                        }
                        data.setLong((long) i << 3, value);
                        BitVectorHelper.setBit(validity, i);
                    }
                    reader.consume();
                }
            }
            case DOUBLE -> {
                ArrowBuf data = vector.getDataBuffer();
                for (int i = 0; i < rows; i++) {
                    if (reader.getCurrentDefinitionLevel() == maxDefinitionLevel) {
                        data.setDouble((long) i << 3, reader.getDouble());
                        BitVectorHelper.setBit(validity, i);
                    }
                    reader.consume();
                }
            }
            case FLOAT -> {
                ArrowBuf data = vector.getDataBuffer();
                for (int i = 0; i < rows; i++) {
                    if (reader.getCurrentDefinitionLevel() == maxDefinitionLevel) {
                        data.setFloat((long) i << 2, reader.getFloat());
                        BitVectorHelper.setBit(validity, i);
                    }
                    reader.consume();
                }
            }
            case BOOLEAN -> {
                BitVector bits = (BitVector) vector;
                for (int i = 0; i < rows; i++) {
                    if (reader.getCurrentDefinitionLevel() == maxDefinitionLevel) {
                        bits.set(i, reader.getBoolean() ? 1 : 0);
                    }
                    reader.consume();
                }
            }
            case BINARY, FIXED_LEN_BYTE_ARRAY -> {
                if (type.kind() == DataType.Kind.DECIMAL) {
                    decodeBinaryDecimals(reader, vector, rows);
                } else {
                    decodeStrings(reader, (VarCharVector) vector, rows);
                }
            }
            case INT96 -> decodeInt96(reader, vector, rows);
        }
    }

    private void decodeStrings(ColumnReader reader, VarCharVector vector, int rows) {
        for (int i = 0; i < rows; i++) {
            if (reader.getCurrentDefinitionLevel() == maxDefinitionLevel) {
                ByteBuffer bytes = reader.getBinary().toByteBuffer();
                vector.setSafe(i, bytes, bytes.position(), bytes.remaining());
            } else {
                vector.setNull(i);
            }
            reader.consume();
        }
        vector.setValueCount(rows); // fills the offsets of trailing NULLs, which setSafe never reached
    }

    private void decodeBinaryDecimals(ColumnReader reader, FieldVector vector, int rows) {
        ArrowBuf data = vector.getDataBuffer();
        for (int i = 0; i < rows; i++) {
            if (reader.getCurrentDefinitionLevel() == maxDefinitionLevel) {
                BigInteger unscaled = new BigInteger(reader.getBinary().getBytes());
                if (unscaled.bitLength() > 63) {
                    throw new QueryExecutionException("Column " + descriptor.getPrimitiveType().getName() + " of "
                            + file + " holds the decimal " + unscaled + " (unscaled), which has more than 18 digits; "
                            + "this version computes decimals in 64 bits.");
                }
                data.setLong((long) i << 3, unscaled.longValue());
                BitVectorHelper.setBit(vector.getValidityBuffer(), i);
            }
            reader.consume();
        }
    }

    /** Hive's and Spark's INT96 timestamps: nanoseconds of the day, then the Julian day, little-endian. */
    private void decodeInt96(ColumnReader reader, FieldVector vector, int rows) {
        ArrowBuf data = vector.getDataBuffer();
        for (int i = 0; i < rows; i++) {
            if (reader.getCurrentDefinitionLevel() == maxDefinitionLevel) {
                Binary binary = reader.getBinary();
                ByteBuffer buffer = binary.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                long nanosOfDay = buffer.getLong(buffer.position());
                long julianDay = buffer.getInt(buffer.position() + 8);
                data.setLong((long) i << 3, (julianDay - JULIAN_DAY_OF_EPOCH) * MICROS_PER_DAY + nanosOfDay / 1000);
                BitVectorHelper.setBit(vector.getValidityBuffer(), i);
            }
            reader.consume();
        }
    }
}
