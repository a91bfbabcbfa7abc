package io.arbalest.executor.batch;

import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The vector class that holds each engine type (see {@link DataType} for the representation),
 * and allocation helpers. DECIMAL of up to 18 digits is a BigIntVector of unscaled values, so
 * its kernels are long kernels; wider decimals are Arrow DecimalVectors (128-bit unscaled values).
 */
public final class Vectors {
    private Vectors() {
    }

    public static FieldVector create(String name, DataType type, BufferAllocator allocator) {
        return switch (type.kind()) {
            case BOOLEAN -> new BitVector(name, allocator);
            case INT, INTERVAL_YEAR_MONTH -> new IntVector(name, allocator);
            case BIGINT, INTERVAL_DAY_TIME -> new BigIntVector(name, allocator);
            case DECIMAL -> type.isWideDecimal() ? new DecimalVector(name, allocator, type.precision(), type.scale())
                    : new BigIntVector(name, allocator);
            case REAL -> new Float4Vector(name, allocator);
            case DOUBLE -> new Float8Vector(name, allocator);
            case DATE -> new DateDayVector(name, allocator);
            case TIMESTAMP -> new TimeStampMicroVector(name, allocator);
            case VARCHAR -> new VarCharVector(name, allocator);
        };
    }

    /** The Arrow schema of batches with {@code schema}'s columns (every field nullable, as the engine's vectors). */
    public static Schema arrowSchema(RowSchema schema, BufferAllocator allocator) {
        List<Field> fields = new ArrayList<>(schema.size());
        for (Column column : schema.columns()) {
            try (FieldVector vector = create(column.name(), column.type(), allocator)) {
                fields.add(vector.getField());
            }
        }
        return new Schema(fields);
    }

    /** A vector of {@code type} with room for {@code rows} values (variable-width: an estimate). */
    public static FieldVector allocate(String name, DataType type, int rows, BufferAllocator allocator) {
        FieldVector vector = create(name, type, allocator);
        try {
            if (vector instanceof VarCharVector varChar) {
                varChar.allocateNew(Math.max(rows, 1) * 16L, Math.max(rows, 1));
            } else {
                vector.setInitialCapacity(Math.max(rows, 1));
                vector.allocateNew();
            }
            return vector;
        } catch (RuntimeException | Error e) {
            vector.close();
            throw e;
        }
    }
}
