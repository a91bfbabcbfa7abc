package io.arbalest.executor.parquet;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.executor.batch.RowComparison;
import io.arbalest.executor.expr.Storage;
import io.arbalest.executor.expr.ValueAccess;
import io.arbalest.planner.physical.SortKey;
import io.arbalest.executor.operator.Operator;
import io.arbalest.executor.operator.OperatorContext;
import io.arbalest.planner.catalog.PartitionSpec;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.physical.WriteNode;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Writes one partition of its input as Parquet files under the write's staging directory, and
 * returns one row per file (its path relative to the directory, and its rows). With partition
 * columns, each distinct value tuple gets its own {@code col=value/} directory (Hive's escaping;
 * NULL is {@code __HIVE_DEFAULT_PARTITION__}); at most {@link #MAX_OPEN_FILES} files are open at
 * once, so a task writing many partitions may leave several files in one.
 */
public final class ParquetWriteOperator implements Operator {
    /** Open Parquet writers per task: each buffers up to a row group on the heap. */
    static final int MAX_OPEN_FILES = 16;
    /** Row group size of partitioned writes, whose several open files each buffer one. */
    private static final int PARTITIONED_ROW_GROUP_BYTES = 16 << 20;
    /** Any key: only whether two values compare equal matters (two NULLs do). */
    private static final SortKey EQUALITY = new SortKey(0, true, true);

    private final Operator input;
    private final WriteNode node;
    private final Configuration conf;
    private final int partition;
    private final BufferAllocator allocator;
    private final String attempt = UUID.randomUUID().toString().substring(0, 12);
    /** Open files by partition directory ("" when unpartitioned), least recently used first. */
    private final LinkedHashMap<String, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);
    private final List<OpenFile> written = new ArrayList<>();
    private final int[] fileColumns;
    private int files;
    private boolean done;

    public ParquetWriteOperator(Operator input, WriteNode node, Configuration conf, int partition,
            OperatorContext context) {
        this.input = input;
        this.node = node;
        this.conf = conf;
        this.partition = partition;
        this.allocator = context.allocator();
        RowSchema schema = input.schema();
        this.fileColumns = IntStream.range(0, schema.size()).filter(c -> !node.partitionColumns().contains(c)).toArray();
    }

    private static final class OpenFile {
        final String path;
        final ParquetWriter<Integer> writer;
        final BatchWriteSupport support;
        long rows;

        OpenFile(String path, ParquetWriter<Integer> writer, BatchWriteSupport support) {
            this.path = path;
            this.writer = writer;
            this.support = support;
        }
    }

    @Override
    public RowSchema schema() {
        return WriteNode.OUTPUT;
    }

    @Override
    public Optional<Batch> next() {
        if (done) {
            return Optional.empty();
        }
        done = true;
        try {
            while (true) {
                Optional<Batch> next = input.next();
                if (next.isEmpty()) {
                    break;
                }
                try (Batch batch = next.get()) {
                    write(batch);
                }
            }
            for (OpenFile file : List.copyOf(open.values())) {
                close(file);
            }
            open.clear();
        } catch (IOException e) {
            throw new QueryExecutionException("Could not write Parquet files under " + node.directory() + ": "
                    + e.getMessage(), e);
        }
        return Optional.of(result());
    }

    private void write(Batch batch) throws IOException {
        if (node.partitionColumns().isEmpty()) {
            OpenFile file = file("", batch);
            for (int row = 0; row < batch.rowCount(); row++) {
                file.writer.write(row);
            }
            file.rows += batch.rowCount();
            return;
        }
        // Rows come sorted by the partition columns: the directory changes only where their values do.
        OpenFile file = null;
        for (int row = 0; row < batch.rowCount(); row++) {
            if (file == null || !samePartition(batch, row - 1, row)) {
                file = file(directory(batch, row), batch);
            }
            file.writer.write(row);
            file.rows++;
        }
    }

    /** The open file for a partition directory, with the batch its rows come from. */
    private OpenFile file(String directory, Batch batch) throws IOException {
        OpenFile file = open.get(directory);
        if (file == null) {
            if (open.size() >= MAX_OPEN_FILES) {
                OpenFile eldest = open.values().iterator().next();
                open.remove(open.keySet().iterator().next());
                close(eldest);
            }
            file = create(directory);
            open.put(directory, file);
        }
        file.support.batch(batch);
        return file;
    }

    private OpenFile create(String directory) throws IOException {
        CompressionCodecName codec = codec(node.compression());
        String name = String.format(Locale.ROOT, "part-%05d-%s-%03d%s.parquet", partition, attempt, files++,
                codec.getExtension());
        String path = directory.isEmpty() ? name : directory + "/" + name;
        BatchWriteSupport support = new BatchWriteSupport(input.schema(), fileColumns);
        ParquetWriter<Integer> writer = new Builder(HadoopOutputFile.fromPath(new Path(node.directory(), path), conf),
                support)
                .withConf(conf)
                .withCompressionCodec(codec)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withRowGroupSize(node.partitionColumns().isEmpty() ? ParquetWriter.DEFAULT_BLOCK_SIZE
                        : PARTITIONED_ROW_GROUP_BYTES)
                .build();
        return new OpenFile(path, writer, support);
    }

    private void close(OpenFile file) throws IOException {
        file.writer.close();
        written.add(file);
    }

    private boolean samePartition(Batch batch, int previous, int row) {
        for (int column : node.partitionColumns()) {
            FieldVector vector = batch.vector(column);
            if (RowComparison.compare(vector, previous, vector, row, Storage.of(input.schema().type(column)), EQUALITY) != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code k1=v1/k2=v2} for a row, as Hive and Spark name partition directories. */
    private String directory(Batch batch, int row) {
        RowSchema schema = input.schema();
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int column : node.partitionColumns()) {
            Object value = ValueAccess.get(batch.vector(column), row, schema.type(column));
            names.add(schema.column(column).name());
            values.add(value == null ? null : ValueAccess.format(value, schema.type(column)));
        }
        return PartitionSpec.name(names, values);
    }

    /** A Parquet file with {@code schema}'s columns and no rows: what a write of no rows leaves, so it reads back. */
    public static void writeEmpty(Path file, RowSchema schema, String compression, Configuration conf)
            throws IOException {
        int[] all = IntStream.range(0, schema.size()).toArray();
        new Builder(HadoopOutputFile.fromPath(file, conf), new BatchWriteSupport(schema, all)).withConf(conf)
                .withCompressionCodec(codec(compression)).withWriteMode(ParquetFileWriter.Mode.CREATE).build().close();
    }

    /** The codec a compression option names; an unknown one is an error listing the known. */
    public static CompressionCodecName codec(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "snappy" -> CompressionCodecName.SNAPPY;
            case "zstd" -> CompressionCodecName.ZSTD;
            case "gzip" -> CompressionCodecName.GZIP;
            case "lz4", "lz4_raw" -> CompressionCodecName.LZ4_RAW;
            case "none", "uncompressed" -> CompressionCodecName.UNCOMPRESSED;
            default -> throw new QueryExecutionException("Unknown Parquet compression '" + name
                    + "'; use snappy, zstd, gzip, lz4_raw or uncompressed.");
        };
    }

    private Batch result() {
        List<FieldVector> vectors = new ArrayList<>();
        try {
            FieldVector paths = Vectors.allocate("path", WriteNode.OUTPUT.type(0), written.size(), allocator);
            vectors.add(paths);
            FieldVector rows = Vectors.allocate("rows", WriteNode.OUTPUT.type(1), written.size(), allocator);
            vectors.add(rows);
            for (int i = 0; i < written.size(); i++) {
                ValueAccess.set(paths, i, WriteNode.OUTPUT.type(0), written.get(i).path);
                ValueAccess.set(rows, i, WriteNode.OUTPUT.type(1), written.get(i).rows);
            }
            return new Batch(vectors, written.size());
        } catch (RuntimeException | Error e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            for (OpenFile file : open.values()) {
                try {
                    file.writer.close();
                } catch (IOException e) {
                    // the task failed or was cancelled: the driver removes the staging directory
                }
            }
            open.clear();
        } finally {
            input.close();
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
        private final WriteSupport<Integer> support;

        Builder(org.apache.parquet.io.OutputFile file, WriteSupport<Integer> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(Configuration configuration) {
            return support;
        }
    }

}
