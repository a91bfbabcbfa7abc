package io.arbalest.executor;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.executor.expr.ValueAccess;
import io.arbalest.executor.operator.Operator;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.util.ValueVectorUtility;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test helpers: batches from rows of engine values (Long, Double, Boolean, String, null), an
 * operator that emits given batches (so a test chooses the batch boundaries), and an
 * operator's output as rows.
 */
public final class Rows {
    private Rows() {
    }

    public static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    public static RowSchema schema(DataType... types) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            columns.add(new Column("c" + i, types[i], true));
        }
        return new RowSchema(columns);
    }

    public static Batch batch(RowSchema schema, List<List<Object>> rows, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (int c = 0; c < schema.size(); c++) {
                FieldVector vector = Vectors.allocate("c" + c, schema.type(c), rows.size(), allocator);
                vectors.add(vector);
                for (int r = 0; r < rows.size(); r++) {
                    Object value = rows.get(r).get(c);
                    if (value instanceof Integer i) {
                        value = (long) i;
                    }
                    ValueAccess.set(vector, r, schema.type(c), value);
                }
            }
            return new Batch(vectors, rows.size());
        } catch (RuntimeException | Error e) {
            vectors.forEach(FieldVector::close); // a source out of memory leaks nothing either
            throw e;
        }
    }

    /** An operator emitting {@code rows} in batches of at most {@code batchRows} rows. */
    public static Operator source(RowSchema schema, List<List<Object>> rows, int batchRows, BufferAllocator allocator) {
        List<List<List<Object>>> chunks = new ArrayList<>();
        for (int start = 0; start < rows.size(); start += batchRows) {
            chunks.add(rows.subList(start, Math.min(rows.size(), start + batchRows)));
        }
        return source(schema, chunks, allocator);
    }

    /** An operator emitting one batch per chunk, empty chunks included. */
    public static Operator source(RowSchema schema, List<List<List<Object>>> chunks, BufferAllocator allocator) {
        return new Operator() {
            private int next;

            @Override
            public RowSchema schema() {
                return schema;
            }

            @Override
            public Optional<Batch> next() {
                return next < chunks.size() ? Optional.of(batch(schema, chunks.get(next++), allocator)) : Optional.empty();
            }

            @Override
            public void close() {
            }
        };
    }

    /** The batch's rows, after checking that every vector keeps Arrow's layout rules (offsets, lengths). */
    public static List<List<Object>> of(Batch batch, RowSchema schema) {
        for (int c = 0; c < batch.columnCount(); c++) {
            assertThat(batch.vector(c).getValueCount()).as("length of column " + c).isEqualTo(batch.rowCount());
            ValueVectorUtility.validateFull(batch.vector(c));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < batch.rowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < schema.size(); c++) {
                row.add(ValueAccess.get(batch.vector(c), r, schema.type(c)));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Drains and closes {@code operator}, closing every batch it returns. */
    public static List<List<Object>> drain(Operator operator) {
        List<List<Object>> rows = new ArrayList<>();
        try (operator) {
            for (Optional<Batch> next = operator.next(); next.isPresent(); next = operator.next()) {
                try (Batch batch = next.get()) {
                    rows.addAll(of(batch, operator.schema()));
                }
            }
        }
        return rows;
    }
}
