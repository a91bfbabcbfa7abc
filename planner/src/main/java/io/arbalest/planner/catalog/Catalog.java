package io.arbalest.planner.catalog;

import io.arbalest.planner.error.UnsupportedFeatureException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where the SQL front end finds tables. Implementations are thread-safe. */
public interface Catalog {
    /** The names of the tables, without reading their files. */
    List<String> tableNames();

    /** The table with this name (exact name), reading its metadata on first use; empty if none. */
    Optional<Table> table(String name);

    /**
     * The files at {@code paths} (files, or directories of them) as one table of {@code format}
     * ("parquet" or "csv"), as a DataFrame reads them by path; {@code options} are the reader's.
     */
    default Table files(String format, List<String> paths, Map<String, String> options) {
        throw new UnsupportedFeatureException("This catalog cannot read files by path.");
    }
}
