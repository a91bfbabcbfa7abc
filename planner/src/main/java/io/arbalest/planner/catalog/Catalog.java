package io.arbalest.planner.catalog;

import io.arbalest.planner.error.CatalogException;
import io.arbalest.planner.error.UnsupportedFeatureException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the SQL front end finds tables: databases of tables, as a Hive Metastore keeps them (a
 * warehouse directory is one database, {@value #DEFAULT_DATABASE}). Names are compared in lower
 * case, as Hive does. The statements that change a catalog (CREATE, DROP, ALTER) fail in a
 * catalog that cannot change, saying so. Implementations are thread-safe.
 */
public interface Catalog extends AutoCloseable {
    /** The database unqualified names resolve in until a session chooses another (USE). */
    String DEFAULT_DATABASE = "default";

    /** The catalog's kind as a user names it ({@code arbalest.catalog}): warehouse or hive. */
    String kind();

    /** The names of the databases, sorted. */
    List<String> databases();

    /** The names of a database's tables, without reading their files; fails for an unknown database. */
    List<String> tableNames(String database);

    /** The table with this name in this database, reading its metadata; empty if none. */
    Optional<Table> table(String database, String name);

    /** The tables of the default database. */
    default List<String> tableNames() {
        return tableNames(DEFAULT_DATABASE);
    }

    /** A table of the default database. */
    default Optional<Table> table(String name) {
        return table(DEFAULT_DATABASE, name);
    }

    /** Fails with a message listing the databases when {@code database} is not one of them. */
    default void checkDatabase(String database) {
        if (databases().stream().noneMatch(d -> d.equalsIgnoreCase(database))) {
            throw new CatalogException("Database '" + database + "' does not exist. Databases: "
                    + String.join(", ", databases()) + ".");
        }
    }

    /**
     * The files at {@code paths} (files, or directories of them) as one table of {@code format}
     * ("parquet" or "csv"), as a DataFrame reads them by path; {@code options} are the reader's.
     */
    default Table files(String format, List<String> paths, Map<String, String> options) {
        throw new UnsupportedFeatureException("This catalog cannot read files by path.");
    }

    /** A table's description as DESCRIBE prints it: its columns, then (extended) where and how it is stored. */
    default TableDescription describe(String database, String name) {
        Table table = table(database, name).orElseThrow(() -> noSuchTable(database, name));
        return TableDescription.of(table, kind());
    }

    /** The partitions of a partitioned table as {@code k1=v1/k2=v2} names, sorted. */
    default List<String> partitionNames(String database, String name) {
        Table table = table(database, name).orElseThrow(() -> noSuchTable(database, name));
        if (table.partitionColumnCount() == 0) {
            throw new CatalogException("SHOW PARTITIONS: table '" + table.name() + "' is not partitioned.");
        }
        List<String> columns = table.schema().names().subList(table.schema().size() - table.partitionColumnCount(),
                table.schema().size());
        return table.files().stream().map(file -> PartitionSpec.name(columns, file.partitionValues().stream()
                .map(PartitionSpec::text).toList())).distinct().sorted().toList();
    }

    default void createDatabase(String name, Optional<String> location, String comment, boolean ifNotExists) {
        throw cannotChange("CREATE DATABASE");
    }

    /** {@code cascade}: drop its tables too; else a database that holds tables is not dropped. */
    default void dropDatabase(String name, boolean ifExists, boolean cascade) {
        throw cannotChange("DROP DATABASE");
    }

    /** Registers a table (its files are written elsewhere); fails if it exists unless {@code ifNotExists}. */
    default void createTable(TableDefinition definition, boolean ifNotExists) {
        throw cannotChange("CREATE TABLE");
    }

    /** Removes a table; a managed table's files go too, an external table's stay. */
    default void dropTable(String database, String name, boolean ifExists) {
        throw cannotChange("DROP TABLE");
    }

    /**
     * Registers partitions of a partitioned table: values in the order of its partition columns,
     * each at {@code locations} (empty: the table's {@code k=v/...} sub-directory).
     */
    default void addPartitions(String database, String name, List<PartitionSpec> partitions, boolean ifNotExists) {
        throw cannotChange("ALTER TABLE ADD PARTITION");
    }

    /** Unregisters partitions; a managed table's partition directories go too. */
    default void dropPartitions(String database, String name, List<PartitionSpec> partitions, boolean ifExists) {
        throw cannotChange("ALTER TABLE DROP PARTITION");
    }

    /**
     * Keeps a table's row counts true after a write into it: {@code rows} by partition name
     * ({@code k=v/...}; the empty name for an unpartitioned table); {@code replaced}: the write
     * replaced those rows (else it added to them). Catalogs without statistics ignore it.
     */
    default void recordWrite(String database, String name, java.util.Map<String, Long> rows, boolean replaced) {
    }

    /**
     * Registers the partition directories under a partitioned table's location that the catalog
     * does not know yet (MSCK REPAIR TABLE); returns how many it added.
     */
    default int repairPartitions(String database, String name) {
        throw cannotChange("MSCK REPAIR TABLE");
    }

    /** Releases the catalog's connections (a metastore's); tables read before stay usable. */
    @Override
    default void close() {
    }

    /** The error a statement gives in a catalog that cannot change. */
    default UnsupportedFeatureException cannotChange(String statement) {
        return new UnsupportedFeatureException(statement + " needs a catalog that keeps tables: run it with --catalog "
                + "hive (a Hive Metastore; see docs/hive.md). The " + kind() + " catalog is read from directories.");
    }

    /** The error for a table that is not there, with the database's tables. */
    default CatalogException noSuchTable(String database, String name) {
        List<String> names = tableNames(database);
        return new CatalogException("Table '" + database + "." + name + "' does not exist. Tables in '" + database
                + "': " + (names.isEmpty() ? "none" : String.join(", ", names)) + ".");
    }
}
