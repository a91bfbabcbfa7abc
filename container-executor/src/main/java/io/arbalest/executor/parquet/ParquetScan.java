package io.arbalest.executor.parquet;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.executor.expr.LiteralKernel;
import io.arbalest.executor.operator.Operator;
import io.arbalest.executor.operator.OperatorContext;
import io.arbalest.planner.catalog.ParquetTypes;
import io.arbalest.planner.error.ArbalestException;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.physical.ScanSplit;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.FieldVector;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.VersionParser;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Reads the row groups of its splits, decoding only the projected columns, batch by batch.
 * Row groups whose statistics prove the pushed predicate false are skipped unread.
 */
public final class ParquetScan implements Operator {
    private final RowSchema schema;
    private final List<String> columnNames;
    /**
     * For each output column that is a partition column (from the table's directories, not the
     * files), its index among the splits' partition values; -1 for a column read from the file.
     */
    private final int[] partitionValueIndex;
    private ScanSplit currentSplit;
    private final Optional<Expr> predicate;
    private final Deque<ScanSplit> splits;
    private final BufferAllocator allocator;
    private final int batchRows;
    private final Configuration conf;
    /** Built from {@code conf}: without it parquet-mr parses a new Hadoop Configuration for every file. */
    private final ParquetReadOptions readOptions;

    private ParquetFileReader reader;
    private String currentFile;
    private ParquetMetadata footer;
    private Deque<Integer> rowGroups = new ArrayDeque<>();
    private List<ColumnDecoder> decoders = List.of();
    private List<ColumnChunkReader> columnReaders = List.of();
    private long rowsLeftInGroup;

    public ParquetScan(RowSchema tableSchema, List<Integer> columns, Optional<Expr> predicate, List<ScanSplit> splits,
            OperatorContext context, Configuration conf) {
        this.schema = new RowSchema(columns.stream().map(tableSchema::column).toList());
        this.columnNames = schema.names();
        this.partitionValueIndex = ScanSplit.partitionValueIndexes(tableSchema.size(), columns, splits);
        this.predicate = predicate;
        this.splits = new ArrayDeque<>(splits);
        this.allocator = context.allocator();
        this.batchRows = context.batchRows();
        this.conf = conf;
        this.readOptions = HadoopReadOptions.builder(conf).build();
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public Optional<Batch> next() {
        try {
            while (rowsLeftInGroup == 0) {
                if (!advanceRowGroup()) {
                    return Optional.empty();
                }
            }
            int rows = (int) Math.min(batchRows, rowsLeftInGroup);
            List<FieldVector> vectors = new ArrayList<>(schema.size());
            try {
                int decoder = 0;
                for (int c = 0; c < schema.size(); c++) {
                    if (partitionValueIndex[c] >= 0) {
                        vectors.add(LiteralKernel.constant(currentSplit.partitionValues().get(partitionValueIndex[c]),
                                rows, allocator));
                        continue;
                    }
                    FieldVector vector = Vectors.allocate(columnNames.get(c), schema.type(c), rows, allocator);
                    vectors.add(vector);
                    columnReaders.get(decoder++).read(vector, rows);
                    vector.setValueCount(rows);
                }
            } catch (RuntimeException | Error e) {
                vectors.forEach(FieldVector::close);
                throw e;
            }
            rowsLeftInGroup -= rows;
            return Optional.of(new Batch(vectors, rows));
        } catch (IOException | RuntimeException e) {
            if (e instanceof ArbalestException known) {
                throw known;
            }
            if (e instanceof OutOfMemoryException memory) {
                throw memory; // the query's memory limit, not the file: the driver names the setting
            }
            // parquet-mr reports a damaged file with plain RuntimeExceptions ("corrupted file: ...").
            throw new QueryExecutionException("Cannot read Parquet file " + currentFile + ": " + e.getMessage()
                    + ". The file may be corrupt or truncated; replace or remove it.", e);
        }
    }

    private boolean advanceRowGroup() throws IOException {
        while (rowGroups.isEmpty()) {
            closeReader();
            ScanSplit split = splits.poll();
            if (split == null) {
                return false;
            }
            openFile(split);
        }
        int index = rowGroups.poll();
        if (decoders.isEmpty()) {
            // Only partition columns are read: the row group's row count is all there is to know.
            columnReaders = List.of();
            rowsLeftInGroup = footer.getBlocks().get(index).getRowCount();
            return true;
        }
        PageReadStore pages = reader.readRowGroup(index);
        if (pages == null) {
            return true;
        }
        VersionParser.ParsedVersion version = writerVersion();
        List<ColumnChunkReader> readers = new ArrayList<>();
        for (ColumnDecoder decoder : decoders) {
            readers.add(new ColumnChunkReader(decoder, pages.getPageReader(decoder.descriptor()), version));
        }
        columnReaders = readers;
        rowsLeftInGroup = pages.getRowCount();
        return true;
    }

    private void openFile(ScanSplit split) throws IOException {
        currentFile = split.path();
        currentSplit = split;
        try {
            reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(split.path()), conf), readOptions);
        } catch (java.io.FileNotFoundException e) {
            throw new QueryExecutionException("Parquet file " + split.path() + " disappeared after the query was "
                    + "planned. Re-run the query.", e);
        }
        footer = reader.getFooter();
        MessageType fileSchema = footer.getFileMetaData().getSchema();
        List<Type> fields = new ArrayList<>();
        List<ColumnDecoder> newDecoders = new ArrayList<>();
        for (int c = 0; c < schema.size(); c++) {
            if (partitionValueIndex[c] >= 0) {
                continue;
            }
            String name = fileColumn(fileSchema, columnNames.get(c));
            Type field = fileSchema.getType(name);
            DataType fileType = ParquetTypes.toDataType(field, currentFile);
            if (!fileType.equals(schema.type(c))) {
                throw new QueryExecutionException("Column '" + name + "' of Parquet file " + currentFile + " is "
                        + fileType + " but the table's schema says " + schema.type(c) + ".");
            }
            fields.add(field);
            ColumnDescriptor descriptor = fileSchema.getColumnDescription(new String[] {name});
            newDecoders.add(new ColumnDecoder(descriptor, schema.type(c), currentFile));
        }
        reader.setRequestedSchema(new MessageType(fileSchema.getName(), fields));
        decoders = newDecoders;
        Optional<RowGroupPruner> pruner = predicate.map(p -> new RowGroupPruner(p, columnNames));
        rowGroups = new ArrayDeque<>();
        List<Integer> wanted = split.wholeFile()
                ? java.util.stream.IntStream.range(0, footer.getBlocks().size()).boxed().toList() : split.rowGroups();
        for (int index : wanted) {
            if (index >= footer.getBlocks().size()) {
                throw new QueryExecutionException("Parquet file " + currentFile + " changed after the query was "
                        + "planned (row group " + index + " is gone). Re-run the query.");
            }
            if (pruner.isEmpty() || pruner.get().mightMatch(footer.getBlocks().get(index))) {
                rowGroups.add(index);
            }
        }
    }

    /**
     * The file's name of a table column: the same name, else the one that differs only in case (a
     * metastore keeps names in lower case, Spark writes them as the user spelt them; Hive's Parquet
     * reader matches them so too).
     */
    private String fileColumn(MessageType fileSchema, String name) {
        if (fileSchema.containsField(name)) {
            return name;
        }
        for (Type field : fileSchema.getFields()) {
            if (field.getName().equalsIgnoreCase(name)) {
                return field.getName();
            }
        }
        throw new QueryExecutionException("Parquet file " + currentFile + " has no column '" + name
                + "', which its table's schema has. Rewrite the file with the table's columns.");
    }

    private VersionParser.ParsedVersion writerVersion() {
        try {
            return VersionParser.parse(footer.getFileMetaData().getCreatedBy());
        } catch (RuntimeException | VersionParser.VersionParseException e) {
            return null; // unknown writers get no version-specific workarounds
        }
    }

    private void closeReader() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
        rowsLeftInGroup = 0;
    }

    @Override
    public void close() {
        try {
            closeReader();
        } catch (IOException e) {
            // Nothing was written; a failure to close a read-only file loses no data.
        }
    }
}
