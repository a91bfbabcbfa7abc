package io.arbalest.executor.csv;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.executor.expr.ValueAccess;
import io.arbalest.executor.operator.Operator;
import io.arbalest.executor.operator.OperatorContext;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.physical.ScanSplit;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Reads CSV files with a header line (RFC 4180 quoting), parsing each field to its column's
 * type. An empty field is NULL; a field that does not parse is an error naming file, line and column.
 */
public final class CsvScan implements Operator {
    private final RowSchema schema;
    private final List<Integer> columns;
    private final Deque<ScanSplit> splits;
    private final BufferAllocator allocator;
    private final int batchRows;
    private final Configuration conf;
    private CsvReader<CsvRecord> reader;
    private Iterator<CsvRecord> records;
    private String currentFile;

    public CsvScan(RowSchema tableSchema, List<Integer> columns, List<ScanSplit> splits, OperatorContext context, Configuration conf) {
        this.columns = List.copyOf(columns);
        this.schema = new RowSchema(columns.stream().map(tableSchema::column).toList());
        this.splits = new ArrayDeque<>(splits);
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
            while (records == null || !records.hasNext()) {
                closeReader();
                ScanSplit split = splits.poll();
                if (split == null) {
                    return Optional.empty();
                }
                open(split.path());
            }
            List<FieldVector> vectors = new ArrayList<>();
            try {
                for (int c = 0; c < schema.size(); c++) {
                    vectors.add(Vectors.allocate(schema.column(c).name(), schema.type(c), batchRows, allocator));
                }
                int rows = 0;
                while (rows < batchRows && records.hasNext()) {
                    CsvRecord record = records.next();
                    for (int c = 0; c < columns.size(); c++) {
                        int field = columns.get(c);
                        String text = field < record.getFieldCount() ? record.getField(field) : "";
                        ValueAccess.set(vectors.get(c), rows, schema.type(c), parse(text, c, record));
                    }
                    rows++;
                }
                return Optional.of(new Batch(vectors, rows));
            } catch (RuntimeException | Error e) {
                vectors.forEach(FieldVector::close);
                throw e;
            }
        } catch (IOException | UncheckedIOException e) {
            throw new QueryExecutionException("Cannot read CSV file " + currentFile + ": " + e.getMessage(), e);
        }
    }

    private Object parse(String text, int column, CsvRecord record) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return ValueAccess.parse(text.trim(), schema.type(column));
        } catch (RuntimeException e) {
            throw new QueryExecutionException("CSV file " + currentFile + ", line " + record.getStartingLineNumber()
                    + ", column '" + schema.column(column).name() + "': '" + text + "' is not a valid "
                    + schema.type(column) + ". Fix the value or remove the file from the table.");
        }
    }

    private void open(String path) throws IOException {
        currentFile = path;
        Path file = new Path(path);
        reader = CsvReader.builder().ofCsvRecord(new InputStreamReader(
                file.getFileSystem(conf).open(file), StandardCharsets.UTF_8));
        records = reader.iterator();
        if (records.hasNext()) {
            records.next(); // the header line names the columns; the catalog already read it
        }
    }

    private void closeReader() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
            records = null;
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
