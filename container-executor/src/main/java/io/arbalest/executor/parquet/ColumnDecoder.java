package io.arbalest.executor.parquet;

import io.arbalest.executor.expr.Int128;
import io.arbalest.executor.expr.Storage;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How one Parquet column's values become the engine's representation (decimals as unscaled
 * longs, or 128-bit values beyond 18 digits, timestamps as microseconds, unsigned integers widened), one value at a time from a
 * parquet-mr {@link ValuesReader}. {@link ColumnChunkReader} uses it for dictionaries and for
 * encodings it has no bulk path for.
 */
final class ColumnDecoder {
    private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final ColumnDescriptor descriptor;
    private final DataType type;
    private final Storage storage;
    private final String file;
    private final PrimitiveType.PrimitiveTypeName physical;
    /** Multiplier from the file's timestamp unit to microseconds (negative: divisor). */
    private final long timestampFactor;
    private final boolean unsigned;

    ColumnDecoder(ColumnDescriptor descriptor, DataType type, String file) {
        this.descriptor = descriptor;
        this.type = type;
        this.storage = Storage.of(type);
        this.file = file;
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
        unsigned = logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned();
    }

    ColumnDescriptor descriptor() {
        return descriptor;
    }

    Storage storage() {
        return storage;
    }

    PrimitiveType.PrimitiveTypeName physical() {
        return physical;
    }

    /** True when the file stores values bit for bit as the engine does, so that PLAIN pages can be copied. */
    boolean sameLayout() {
        return switch (physical) {
            case INT32 -> storage == Storage.INT32;
            case INT64 -> timestampFactor == 1L;
            case FLOAT, DOUBLE -> true;
            default -> false;
        };
    }

    /** True when the column holds strings (as opposed to decimals or timestamps in binary form). */
    boolean strings() {
        return storage == Storage.UTF8;
    }

    /** Reads the next value of {@code reader} into row {@code row} of {@code vector}. */
    void readInto(ValuesReader reader, FieldVector vector, int row) {
        ArrowBuf data = vector.getDataBuffer();
        switch (storage) {
            case INT32 -> data.setInt((long) row << 2, reader.readInteger());
            case INT64 -> data.setLong((long) row << 3, readLong(reader));
            case FLOAT32 -> data.setFloat((long) row << 2, reader.readFloat());
            case FLOAT64 -> data.setDouble((long) row << 3, reader.readDouble());
            case BIT -> BitVectorHelper.setValidityBit(data, row, reader.readBoolean() ? 1 : 0);
            case UTF8 -> {
                ByteBuffer bytes = reader.readBytes().toByteBuffer();
                ((VarCharVector) vector).setSafe(row, bytes, bytes.position(), bytes.remaining());
            }
            case INT128 -> {
                if (physical == PrimitiveType.PrimitiveTypeName.BINARY
                        || physical == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
                    Int128.set(data, row, unscaled(reader.readBytes()));
                } else {
                    long value = readLong(reader);
                    Int128.set(data, row, value >> 63, value);
                }
            }
        }
    }

    /** The next value of {@code reader} as the engine's 64-bit value of this column's type. */
    long readLong(ValuesReader reader) {
        return switch (physical) {
            case INT32 -> unsigned ? Integer.toUnsignedLong(reader.readInteger()) : reader.readInteger();
            case INT64 -> {
                long value = reader.readLong();
                if (timestampFactor != 1L) {
                    value = timestampFactor > 0 ? value * timestampFactor : Math.floorDiv(value, -timestampFactor);
                }
                yield value;
            }
            case INT96 -> int96(reader.readBytes());
            case BINARY, FIXED_LEN_BYTE_ARRAY -> decimal(reader.readBytes());
            default -> throw new IllegalStateException(physical + " as " + type);
        };
    }

    private long decimal(Binary binary) {
        BigInteger unscaled = new BigInteger(binary.getBytes());
        if (unscaled.bitLength() > 63) {
            throw tooManyDigits(unscaled);
        }
        return unscaled.longValue();
    }

    /** A decimal of at most 38 digits, big-endian two's complement as Parquet stores it. */
    private BigInteger unscaled(Binary binary) {
        BigInteger unscaled = new BigInteger(binary.getBytes());
        if (unscaled.abs().compareTo(Int128.MAX_DECIMAL) > 0) {
            throw tooManyDigits(unscaled);
        }
        return unscaled;
    }

    private QueryExecutionException tooManyDigits(BigInteger unscaled) {
        return new QueryExecutionException("Column " + descriptor.getPrimitiveType().getName() + " of " + file
                + " holds the decimal " + unscaled + " (unscaled), which has more digits than its type " + type
                + "; the file does not match its own schema.");
    }

    /** Hive's and Spark's INT96 timestamps: nanoseconds of the day, then the Julian day, little-endian. */
    private static long int96(Binary binary) {
        ByteBuffer buffer = binary.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = buffer.getLong(buffer.position());
        long julianDay = buffer.getInt(buffer.position() + 8);
        return (julianDay - JULIAN_DAY_OF_EPOCH) * MICROS_PER_DAY + nanosOfDay / 1000;
    }
}
