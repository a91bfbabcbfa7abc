package io.arbalest.planner.catalog;

import io.arbalest.planner.types.RowSchema;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A table: a name, a schema and the files that hold its rows.
 *
 * @param location the table's directory, fully qualified
 */
public record Table(String name, String location, FileFormat format, RowSchema schema, List<DataFile> files,
        List<Optional<ColumnRange>> ranges) {
    public Table {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
        requireNonNull(format, "format is null");
        requireNonNull(schema, "schema is null");
        files = List.copyOf(files);
        ranges = List.copyOf(ranges);
        if (ranges.size() != schema.size()) {
            throw new IllegalArgumentException("one range per column expected");
        }
    }

    /** A table without column statistics. */
    public Table(String name, String location, FileFormat format, RowSchema schema, List<DataFile> files) {
        this(name, location, format, schema, files, java.util.Collections.nCopies(schema.size(), Optional.empty()));
    }

    public long estimatedRowCount() {
        return files.stream().mapToLong(DataFile::estimatedRowCount).sum();
    }
}
