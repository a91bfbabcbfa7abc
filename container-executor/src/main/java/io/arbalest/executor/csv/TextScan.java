package io.arbalest.executor.csv;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.executor.expr.ValueAccess;
import io.arbalest.executor.operator.Operator;
import io.arbalest.executor.operator.OperatorContext;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.physical.ScanSplit;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Reads Hive text tables (TEXTFILE, LazySimpleSerDe): one row per line, fields split at a
 * one-character delimiter (Hive's default is \001), no header and no quoting, fields by
 * position (missing trailing fields are NULL, extra ones ignored). The NULL marker (Hive's
 * default {@code \N}) is NULL in every column; in a non-string column an empty field, or one that
 * is not a value of its type, is NULL too, as Hive and Spark read it.
 */
public final class TextScan implements Operator {
    private final RowSchema schema;
    private final List<Integer> columns;
    private final int[] partitionValueIndex;
    private final Deque<ScanSplit> splits;
    private final char delimiter;
    private final String nullMarker;
    private final BufferAllocator allocator;
    private final int batchRows;
    private final Configuration conf;
    private BufferedReader reader;
    private ScanSplit current;

    public TextScan(RowSchema tableSchema, List<Integer> columns, List<ScanSplit> splits, char delimiter,
            String nullMarker, OperatorContext context, Configuration conf) {
        this.schema = new RowSchema(columns.stream().map(tableSchema::column).toList());
        this.columns = List.copyOf(columns);
        this.partitionValueIndex = ScanSplit.partitionValueIndexes(tableSchema.size(), columns, splits);
        this.splits = new ArrayDeque<>(splits);
        this.delimiter = delimiter;
        this.nullMarker = nullMarker;
        this.allocator = context.allocator();
        this.batchRows = context.batchRows();
        this.conf = conf;
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public Optional<Batch> next() {
        try {
            String line = null;
            while (line == null) {
                if (reader == null) {
                    current = splits.poll();
                    if (current == null) {
                        return Optional.empty();
                    }
                    Path file = new Path(current.path());
                    reader = new BufferedReader(new InputStreamReader(file.getFileSystem(conf).open(file),
                            StandardCharsets.UTF_8));
                }
                line = reader.readLine();
                if (line == null) {
                    closeReader();
                }
            }
            List<FieldVector> vectors = new ArrayList<>();
            try {
                for (int c = 0; c < schema.size(); c++) {
                    vectors.add(Vectors.allocate(schema.column(c).name(), schema.type(c), batchRows, allocator));
                }
                int rows = 0;
                String[] fields = new String[0];
                while (line != null) {
                    fields = split(line, fields);
                    for (int c = 0; c < schema.size(); c++) {
                        Object value;
                        if (partitionValueIndex[c] >= 0) {
                            Literal literal = current.partitionValues().get(partitionValueIndex[c]);
                            value = literal.value();
                        } else {
                            int field = columns.get(c);
                            value = field < fields.length ? parse(fields[field], schema.type(c)) : null;
                        }
                        ValueAccess.set(vectors.get(c), rows, schema.type(c), value);
                    }
                    rows++;
                    if (rows == batchRows) {
                        break;
                    }
                    line = reader.readLine();
                }
                for (FieldVector vector : vectors) {
                    vector.setValueCount(rows);
                }
                return Optional.of(new Batch(vectors, rows));
            } catch (RuntimeException | Error e) {
                vectors.forEach(FieldVector::close);
                throw e;
            }
        } catch (IOException e) {
            throw new QueryExecutionException("Cannot read text file " + (current == null ? "" : current.path()) + ": "
                    + e.getMessage(), e);
        }
    }

    /** The line's fields; {@code previous} is reused when it is long enough (a table's lines have as many fields). */
    private String[] split(String line, String[] previous) {
        int count = 1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == delimiter) {
                count++;
            }
        }
        String[] fields = previous.length == count ? previous : new String[count];
        int start = 0;
        int field = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == delimiter) {
                fields[field++] = line.substring(start, i);
                start = i + 1;
            }
        }
        return fields;
    }

    private Object parse(String text, DataType type) {
        if (text.equals(nullMarker)) {
            return null;
        }
        if (type.kind() == DataType.Kind.VARCHAR) {
            return text;
        }
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        try {
            return ValueAccess.parse(trimmed, type);
        } catch (RuntimeException notAValue) {
            return null; // Hive's LazySimpleSerDe reads a value that does not parse as NULL
        }
    }

    private void closeReader() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    @Override
    public void close() {
        try {
            closeReader();
        } catch (IOException e) {
            // A read-only file that fails to close loses no data.
        }
    }
}
