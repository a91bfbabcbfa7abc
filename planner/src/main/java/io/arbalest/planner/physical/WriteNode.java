package io.arbalest.planner.physical;

import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Writes each partition of its input as Parquet files under {@code directory} (a staging
 * directory the driver commits from), one file per task, or per task and partition value when
 * {@code partitionColumns} are given (Hive-style {@code col=value} sub-directories, those columns
 * not in the files). Outputs one row per file: its path relative to {@code directory}, and its rows.
 *
 * @param partitionColumns indexes into the input's columns, in directory order
 * @param compression a Parquet codec name: snappy, zstd, gzip, lz4_raw or uncompressed
 */
public record WriteNode(PhysicalNode input, String directory, List<Integer> partitionColumns, String compression)
        implements PhysicalNode {
    /** The written files, as the driver reads them back to commit. */
    public static final RowSchema OUTPUT = new RowSchema(List.of(new Column("path", DataType.VARCHAR, false),
            new Column("rows", DataType.BIGINT, false)));

    public WriteNode {
        requireNonNull(input, "input is null");
        requireNonNull(directory, "directory is null");
        partitionColumns = List.copyOf(partitionColumns);
        requireNonNull(compression, "compression is null");
    }

    @Override
    public RowSchema schema() {
        return OUTPUT;
    }

    @Override
    public List<PhysicalNode> children() {
        return List.of(input);
    }

    @Override
    public PhysicalNode withChildren(List<PhysicalNode> children) {
        return new WriteNode(children.get(0), directory, partitionColumns, compression);
    }

    @Override
    public int partitionCount() {
        return input.partitionCount();
    }

    @Override
    public String describe() {
        return "WriteParquet " + directory + (partitionColumns.isEmpty() ? "" : " partitionBy="
                + partitionColumns.stream().map(i -> input.schema().column(i).name()).toList()) + " " + compression;
    }
}
