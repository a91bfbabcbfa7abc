package io.arbalest.planner.catalog;

import io.arbalest.planner.types.RowSchema;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A table: a name, a schema and the files that hold its rows.
 *
 * @param name the name messages and EXPLAIN show ({@code db.table} for a metastore's tables)
 * @param location the table's directory, fully qualified
 * @param statistics what planning knows of its rows and columns
 * @param partitionColumnCount how many of the schema's last columns are partition columns, whose
 *     values come from each file's {@link DataFile#partitionValues()}
 * @param partitionSource for a table whose files are listed only for the partitions a query reads:
 *     its partitions; {@code files} is then empty
 * @param formatOptions how its files are read, for formats that need it (TEXT: delimiter, NULL marker)
 */
public record Table(String name, String location, FileFormat format, RowSchema schema, List<DataFile> files,
        TableStatistics statistics, int partitionColumnCount, Optional<PartitionSource> partitionSource,
        java.util.Map<String, String> formatOptions) {
    public Table {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
        requireNonNull(format, "format is null");
        requireNonNull(schema, "schema is null");
        files = List.copyOf(files);
        requireNonNull(statistics, "statistics is null");
        if (statistics.ranges().size() != schema.size()) {
            throw new IllegalArgumentException("statistics for every column expected");
        }
        if (partitionColumnCount < 0 || partitionColumnCount >= Math.max(1, schema.size())) {
            throw new IllegalArgumentException("a table has fewer partition columns than columns");
        }
        requireNonNull(partitionSource, "partitionSource is null");
        if (partitionSource.isPresent() && (!files.isEmpty() || partitionColumnCount == 0)) {
            throw new IllegalArgumentException("a table with a partition source has partition columns and no files");
        }
        formatOptions = java.util.Map.copyOf(formatOptions);
    }

    /** An unpartitioned table without statistics. */
    public Table(String name, String location, FileFormat format, RowSchema schema, List<DataFile> files) {
        this(name, location, format, schema, files, TableStatistics.unknown(schema.size()), 0, Optional.empty(),
                java.util.Map.of());
    }

    /** Per column, its smallest and largest value where known. */
    public List<Optional<ColumnRange>> ranges() {
        return statistics.ranges();
    }

    public long estimatedRowCount() {
        if (statistics.rowCount().isPresent()) {
            return statistics.rowCount().getAsLong();
        }
        return files.stream().mapToLong(DataFile::estimatedRowCount).sum();
    }
}
