package io.arbalest.planner.catalog;

import java.util.List;
import java.util.Optional;

/** Where the SQL front end finds tables. Implementations are thread-safe. */
public interface Catalog {
    /** The names of the tables, without reading their files. */
    List<String> tableNames();

    /** The table with this name (exact name), reading its metadata on first use; empty if none. */
    Optional<Table> table(String name);
}
