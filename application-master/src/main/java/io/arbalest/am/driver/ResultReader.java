package io.arbalest.am.driver;

import io.arbalest.executor.batch.Batch;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import java.util.ArrayList;
import java.util.List;

/**
 * A query's result as standard Arrow batches, read as they come: the same vectors the engine
 * computed, with every decimal as an Arrow Decimal128 vector (decimals of up to 18 digits are
 * 64-bit unscaled values inside the engine and are converted). It takes over the stream: closing the reader closes it and frees its memory; each
 * batch is valid until the next {@link #loadNextBatch()}.
 */
public final class ResultReader extends ArrowReader {
    private final ResultStream result;

    public ResultReader(ResultStream result) {
        super(result.allocator());
        this.result = result;
    }

    @Override
    protected Schema readSchema() {
        List<Field> fields = new ArrayList<>();
        for (Column column : result.schema().columns()) {
            DataType type = column.type();
            if (type.kind() == DataType.Kind.DECIMAL) {
                fields.add(new Field(column.name(), FieldType.nullable(new ArrowType.Decimal(type.precision(),
                        type.scale(), 128)), null));
            } else {
                try (FieldVector vector = io.arbalest.executor.batch.Vectors.create(column.name(), type,
                        allocator)) {
                    fields.add(vector.getField());
                }
            }
        }
        return new Schema(fields);
    }

    @Override
    public boolean loadNextBatch() throws java.io.IOException {
        VectorSchemaRoot root = getVectorSchemaRoot();
        java.util.Optional<QueryResult> chunk = result.next();
        if (chunk.isEmpty()) {
            root.setRowCount(0);
            return false;
        }
        Batch batch = chunk.get().batches().get(0);
        List<FieldVector> vectors = new ArrayList<>();
        List<FieldVector> converted = new ArrayList<>();
        try {
            for (int c = 0; c < batch.columnCount(); c++) {
                DataType type = result.schema().type(c);
                if (type.kind() == DataType.Kind.DECIMAL && !type.isWideDecimal()) {
                    FieldVector decimal = decimal(root.getVector(c).getField(), (BigIntVector) batch.vector(c),
                            batch.rowCount());
                    converted.add(decimal);
                    vectors.add(decimal);
                } else {
                    vectors.add(batch.vector(c));
                }
            }
            VectorSchemaRoot source = new VectorSchemaRoot(root.getSchema().getFields(), vectors, batch.rowCount());
            try (ArrowRecordBatch record = new VectorUnloader(source).getRecordBatch()) {
                new VectorLoader(root).load(record);
            }
        } finally {
            converted.forEach(FieldVector::close);
            chunk.get().close();
        }
        return true;
    }

    /** The engine's unscaled longs as Decimal128 values of the field's scale (DecimalVector.set(int, long) takes the unscaled value). */
    private DecimalVector decimal(Field field, BigIntVector unscaled, int rows) {
        DecimalVector vector = (DecimalVector) field.createVector(allocator);
        vector.allocateNew(rows);
        for (int row = 0; row < rows; row++) {
            if (unscaled.isNull(row)) {
                vector.setNull(row);
            } else {
                vector.set(row, unscaled.get(row));
            }
        }
        vector.setValueCount(rows);
        return vector;
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() {
        result.close();
    }
}
