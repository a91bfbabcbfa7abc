package io.arbalest.am.driver;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.executor.expr.ValueAccess;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;

/**
 * What a catalog statement answers (SHOW TABLES, DESCRIBE ...): named columns of text, a few
 * rows; statements that only change something answer no columns.
 */
public record StatementResult(List<String> columns, List<List<String>> rows) {
    public static final StatementResult NONE = new StatementResult(List.of(), List.of());

    public StatementResult {
        columns = List.copyOf(columns);
        rows = rows.stream().map(row -> java.util.Collections.unmodifiableList(new ArrayList<>(row))).toList();
    }

    /** One column of values. */
    public static StatementResult column(String name, List<String> values) {
        return new StatementResult(List.of(name), values.stream().map(List::of).toList());
    }

    /** The rows as a query's result (VARCHAR columns), for the printers of query results; the caller closes it. */
    public QueryResult toQueryResult() {
        RowSchema schema = new RowSchema(columns.stream().map(c -> new Column(c, DataType.VARCHAR, true)).toList());
        BufferAllocator allocator = new RootAllocator();
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (int c = 0; c < columns.size(); c++) {
                FieldVector vector = Vectors.allocate(columns.get(c), DataType.VARCHAR, Math.max(1, rows.size()), allocator);
                vectors.add(vector);
                for (int r = 0; r < rows.size(); r++) {
                    ValueAccess.set(vector, r, DataType.VARCHAR, rows.get(r).get(c));
                }
                vector.setValueCount(rows.size());
            }
            List<Batch> batches = columns.isEmpty() || rows.isEmpty() ? List.of() : List.of(new Batch(vectors, rows.size()));
            if (batches.isEmpty()) {
                vectors.forEach(FieldVector::close);
            }
            return new QueryResult(schema, batches, allocator);
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            allocator.close();
            throw e;
        }
    }
}
