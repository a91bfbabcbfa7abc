package io.arbalest.bench;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes generated benchmark tables as Parquet: one directory per table, the large tables in
 * several files (so that a scan has splits), the files written in parallel.
 */
final class ParquetParts {
    /** Row group size: small enough that SF 1 tables have several row groups per file. */
    private static final int ROW_GROUP_BYTES = 32 << 20;

    /** Writes one part of a table, of {@code parts}, into {@code writer}. */
    interface PartWriter {
        void write(int part, int parts, ParquetWriter<Group> writer) throws IOException;
    }

    /** A table to write: its name, schema, number of files and how a file's rows are made. */
    record TableParts(String name, MessageType schema, int parts, PartWriter writer) {
    }

    private ParquetParts() {
    }

    static void write(String output, Configuration conf, int threads, List<TableParts> tables, String benchmark)
            throws IOException, InterruptedException {
        Path root = new Path(output);
        FileSystem fs = root.getFileSystem(conf);
        fs.mkdirs(root);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (TableParts table : tables) {
                Path directory = new Path(root, table.name());
                fs.delete(directory, true);
                fs.mkdirs(directory);
                for (int part = 1; part <= table.parts(); part++) {
                    Path file = new Path(directory, String.format("part-%05d.parquet", part));
                    int thisPart = part;
                    work.add(pool.submit(() -> {
                        try (ParquetWriter<Group> writer = open(file, table.schema(), conf)) {
                            table.writer().write(thisPart, table.parts(), writer);
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> future : work) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw new IOException("Writing " + benchmark + " data failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static ParquetWriter<Group> open(Path file, MessageType schema, Configuration conf) throws IOException {
        return ExampleParquetWriter.builder(file)
                .withConf(conf)
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }
}
