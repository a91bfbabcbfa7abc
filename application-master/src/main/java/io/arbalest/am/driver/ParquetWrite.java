package io.arbalest.am.driver;

import io.arbalest.executor.parquet.ParquetWriteOperator;
import io.arbalest.planner.catalog.Catalog;
import io.arbalest.planner.catalog.PartitionSpec;
import io.arbalest.planner.error.ConfigException;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.physical.ExchangeNode;
import io.arbalest.planner.physical.PhysicalNode;
import io.arbalest.planner.physical.ProjectNode;
import io.arbalest.planner.physical.ScanNode;
import io.arbalest.planner.physical.ScanSplit;
import io.arbalest.planner.physical.SortKey;
import io.arbalest.planner.physical.SortNode;
import io.arbalest.planner.physical.WriteNode;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.RowSchema;
import io.arbalest.proto.logical.Write;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A write of a query's rows as Parquet files, committed by the driver. Tasks write under a
 * hidden staging directory beside the target, on the target's file system; only when the job
 * succeeded does the driver move the files its tasks reported into place (renames; for
 * overwrite the old directory is moved aside first and removed after) and add a {@code _SUCCESS}
 * marker. A failed or cancelled job removes the staging directory and leaves the target as it was.
 */
public final class ParquetWrite {
    private static final String SUCCESS = "_SUCCESS";

    private final Write spec;
    private final Catalog catalog;
    private final FileSystem fs;
    private final Path target;
    private final Path staging;
    private final PhysicalNode plan;
    private final RowSchema fileSchema;
    private final String compression;

    private ParquetWrite(Write spec, Catalog catalog, FileSystem fs, Path target, Path staging, PhysicalNode plan,
            RowSchema fileSchema, String compression) {
        this.spec = spec;
        this.catalog = catalog;
        this.fs = fs;
        this.target = target;
        this.staging = staging;
        this.plan = plan;
        this.fileSchema = fileSchema;
        this.compression = compression;
    }

    /**
     * The write of {@code query}'s rows to {@code spec}'s path, or empty when its mode is ignore
     * and the path exists. Fails before anything runs on a bad mode, compression, partition column,
     * an existing path under errorifexists, or an overwrite of a path the query reads (a table's
     * INSERT OVERWRITE may read the table: its rows are all read before the commit replaces them).
     * A table's write ({@code spec.table}) registers its new partitions in {@code catalog}.
     */
    public static Optional<ParquetWrite> prepare(Write spec, PhysicalNode query, Configuration conf, Catalog catalog) {
        String mode = mode(spec);
        String compression = spec.getCompression().isEmpty() ? "snappy" : spec.getCompression();
        ParquetWriteOperator.codec(compression);
        if (spec.getPath().isEmpty()) {
            throw new ConfigException("Give the directory to write to: df.write().parquet(path).");
        }
        try {
            Path path = new Path(spec.getPath());
            FileSystem fs = path.getFileSystem(conf);
            Path target = fs.makeQualified(path);
            if (target.getParent() == null) {
                throw new ConfigException("Cannot write to the root directory '" + target + "'; name a directory.");
            }
            boolean exists = fs.exists(target);
            if (exists && mode.equals("ignore")) {
                return Optional.empty();
            }
            if (exists && mode.equals("errorifexists")) {
                throw new QueryExecutionException("Path '" + target + "' already exists. Write elsewhere, or choose "
                        + "mode(\"overwrite\") to replace it or mode(\"append\") to add to it.");
            }
            if (mode.equals("overwrite") && spec.getTable().isEmpty()) {
                checkNotRead(query, target);
            }
            List<Integer> partitionColumns = partitionColumns(spec, query.schema());
            List<Column> kept = new ArrayList<>();
            for (int c = 0; c < query.schema().size(); c++) {
                if (!partitionColumns.contains(c)) {
                    kept.add(query.schema().column(c));
                }
            }
            Path staging = new Path(target.getParent(), "." + target.getName() + "-arbalest-staging-"
                    + UUID.randomUUID());
            String tasks = new Path(staging, "tasks").toString();
            return Optional.of(new ParquetWrite(spec, catalog, fs, target, staging,
                    plan(query, tasks, partitionColumns, compression), new RowSchema(kept), compression));
        } catch (IOException e) {
            throw new QueryExecutionException("Cannot write to '" + spec.getPath() + "': " + e.getMessage(), e);
        }
    }

    private static String mode(Write spec) {
        String mode = spec.getMode().isEmpty() ? "errorifexists" : spec.getMode().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "overwrite", "append", "ignore" -> mode;
            case "errorifexists", "error", "default" -> "errorifexists";
            default -> throw new ConfigException("Unknown save mode '" + spec.getMode() + "'. Accepted save modes "
                    + "are 'overwrite', 'append', 'ignore', 'error', 'errorifexists', 'default'.");
        };
    }

    private static List<Integer> partitionColumns(Write spec, RowSchema schema) {
        List<Integer> columns = new ArrayList<>();
        for (String name : spec.getPartitionByList()) {
            int index = -1;
            for (int c = 0; c < schema.size(); c++) {
                if (schema.column(c).name().equalsIgnoreCase(name)) {
                    index = c;
                }
            }
            if (index < 0) {
                throw new QueryExecutionException("partitionBy: column '" + name + "' is not a column of the "
                        + "DataFrame, whose columns are " + String.join(", ", schema.names()) + ".");
            }
            columns.add(index);
        }
        if (!columns.isEmpty() && columns.size() == schema.size()) {
            throw new QueryExecutionException("partitionBy names every column; keep at least one out of it.");
        }
        return columns;
    }

    /** Overwriting what the query reads would delete its input before (or while) it is read. */
    private static void checkNotRead(PhysicalNode node, Path target) {
        if (node instanceof ScanNode scan) {
            String prefix = target.toString() + "/";
            for (List<ScanSplit> splits : scan.partitions()) {
                for (ScanSplit split : splits) {
                    if (split.path().startsWith(prefix) || split.path().equals(target.toString())) {
                        throw new QueryExecutionException("Cannot overwrite '" + target + "': the query reads from "
                                + "it. Write to another path, then replace the old one with it.");
                    }
                }
            }
        }
        node.children().forEach(child -> checkNotRead(child, target));
    }

    /**
     * The query with a WriteNode in each of its final partitions, so that tasks write in parallel.
     * A partitioned write sorts each task's rows by the partition columns first (as Spark does), so
     * a task has one file open at a time and writes one file per partition directory.
     */
    private static PhysicalNode plan(PhysicalNode query, String directory, List<Integer> partitionColumns,
            String compression) {
        if (query instanceof ExchangeNode gather && gather.partitionCount() == 1) {
            return ExchangeNode.gather(write(gather.input(), directory, partitionColumns, compression));
        }
        if (query instanceof ProjectNode rename && rename.input() instanceof ExchangeNode gather
                && gather.partitionCount() == 1) {
            return ExchangeNode.gather(write(rename.withChildren(List.of(gather.input())), directory,
                    partitionColumns, compression));
        }
        return write(query, directory, partitionColumns, compression);
    }

    private static WriteNode write(PhysicalNode input, String directory, List<Integer> partitionColumns,
            String compression) {
        PhysicalNode rows = partitionColumns.isEmpty() ? input
                : SortNode.full(input, partitionColumns.stream().map(c -> new SortKey(c, true, true)).toList());
        return new WriteNode(rows, directory, partitionColumns, compression);
    }

    /** The plan to run: its result is one row (relative path, rows) per written file. */
    public PhysicalNode plan() {
        return plan;
    }

    /** Moves the files the job's tasks reported into place; on failure, the target stays as it was. */
    public void commit(QueryResult written) {
        java.util.Map<String, Long> rows = rowsOf(written);
        List<String> files = new ArrayList<>(rows.keySet());
        Path tasks = new Path(staging, "tasks");
        Path output = new Path(staging, "output");
        try {
            fs.mkdirs(output);
            for (String file : files) {
                Path to = new Path(output, file);
                fs.mkdirs(to.getParent());
                rename(new Path(tasks, file), to);
            }
            if (files.isEmpty() && spec.getPartitionByCount() == 0) {
                ParquetWriteOperator.writeEmpty(new Path(output, "part-00000-empty.parquet"), fileSchema,
                        compression, fs.getConf());
            }
            fs.create(new Path(output, SUCCESS), true).close();
            publish(output, files, rowsByPartition(rows).keySet());
            register(rows);
        } catch (IOException e) {
            throw new QueryExecutionException("Could not commit the write to '" + target + "': " + e.getMessage()
                    + ". The target was left as it was.", e);
        } finally {
            abort();
        }
    }

    private void publish(Path output, List<String> files, java.util.Set<String> partitions) throws IOException {
        String mode = mode(spec);
        if (mode.equals("overwrite") && spec.getOverwritePartitions()) {
            publishPartitions(output, partitions);
            return;
        }
        if (!fs.exists(target)) {
            fs.mkdirs(target.getParent());
            rename(output, target);
        } else if (mode.equals("overwrite")) {
            Path previous = new Path(staging, "previous");
            rename(target, previous);
            try {
                rename(output, target);
            } catch (IOException e) {
                fs.rename(previous, target);
                throw e;
            }
        } else {
            for (String file : files) {
                Path to = new Path(target, file);
                fs.mkdirs(to.getParent());
                rename(new Path(output, file), to);
            }
            fs.create(new Path(target, SUCCESS), true).close();
        }
    }

    /**
     * INSERT OVERWRITE of a partitioned table: each partition directory written (and each one
     * named to be replaced) is moved aside and the new one moved in; the others stay. A failure
     * moves the old directories back.
     */
    private void publishPartitions(Path output, java.util.Set<String> partitions) throws IOException {
        Path previous = new Path(staging, "previous");
        List<String> movedAside = new ArrayList<>();
        List<String> movedIn = new ArrayList<>();
        try {
            for (String partition : partitions) {
                Path old = new Path(target, partition);
                if (fs.exists(old)) {
                    fs.mkdirs(new Path(previous, partition).getParent());
                    rename(old, new Path(previous, partition));
                    movedAside.add(partition);
                }
                Path written = new Path(output, partition);
                if (fs.exists(written)) {
                    fs.mkdirs(old.getParent());
                    rename(written, old);
                    movedIn.add(partition);
                }
            }
        } catch (IOException e) {
            for (String partition : movedIn) {
                fs.delete(new Path(target, partition), true);
            }
            for (String partition : movedAside) {
                fs.rename(new Path(previous, partition), new Path(target, partition));
            }
            throw e;
        }
        fs.create(new Path(target, SUCCESS), true).close();
    }

    /**
     * A table's write: the partitions it wrote into are registered in the catalog (those it knows
     * stay), and the row counts of what it wrote recorded.
     */
    private void register(java.util.Map<String, Long> rows) {
        if (spec.getTable().isEmpty()) {
            return;
        }
        String[] table = spec.getTable().split("\\.", 2);
        boolean replaced = mode(spec).equals("overwrite");
        if (spec.getPartitionByCount() == 0) {
            catalog.recordWrite(table[0], table[1], java.util.Map.of("", rows.values().stream()
                    .mapToLong(Long::longValue).sum()), replaced);
            return;
        }
        java.util.Map<String, Long> byPartition = rowsByPartition(rows);
        List<PartitionSpec> specs = byPartition.keySet().stream()
                .map(name -> new PartitionSpec(PartitionSpec.values(name), Optional.empty())).toList();
        if (!specs.isEmpty()) {
            catalog.addPartitions(table[0], table[1], specs, true);
            catalog.recordWrite(table[0], table[1], byPartition, replaced);
        }
    }

    /**
     * The rows written into each partition directory ({@code k=v/...}), those named to be replaced
     * included (with 0 when the query gave them no row); empty for an unpartitioned write.
     */
    private java.util.Map<String, Long> rowsByPartition(java.util.Map<String, Long> rows) {
        java.util.Map<String, Long> byPartition = new java.util.TreeMap<>();
        if (spec.getPartitionByCount() > 0) {
            spec.getReplacePartitionsList().forEach(name -> byPartition.put(name, 0L));
            rows.forEach((file, count) -> byPartition.merge(new Path(file).getParent().toString(), count, Long::sum));
        }
        return byPartition;
    }

    /** The rows of each written file, by its relative path (the write job's result: path, rows). */
    private static java.util.Map<String, Long> rowsOf(QueryResult written) {
        java.util.Map<String, Long> rows = new java.util.LinkedHashMap<>();
        for (int batch = 0; batch < written.batchCount(); batch++) {
            for (int row = 0; row < written.rowCount(batch); row++) {
                rows.put((String) written.value(batch, 0, row), ((Number) written.value(batch, 1, row)).longValue());
            }
        }
        return rows;
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not move " + from + " to " + to);
        }
    }

    /** Removes the staging directory (a failed job's files, or what a commit left there). */
    public void abort() {
        try {
            fs.delete(staging, true);
        } catch (IOException e) {
            // nothing of the target depends on it; a later write uses another staging directory
        }
    }

    public Path target() {
        return target;
    }
}
