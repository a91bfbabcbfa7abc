package io.arbalest.planner.catalog;

import io.arbalest.planner.error.CatalogException;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tables by path: each sub-directory of a warehouse directory (any Hadoop FileSystem URI) is a
 * table named after it, holding Parquet files or CSV files with a header line. A table's
 * metadata (footers, CSV headers) is read the first time a query names it.
 */
public final class WarehouseCatalog implements Catalog {
    private final FileSystem fileSystem;
    private final Path root;
    private final Map<String, Path> tableDirectories;
    private final Map<String, Table> loaded = new ConcurrentHashMap<>();

    private WarehouseCatalog(FileSystem fileSystem, Path root, Map<String, Path> tableDirectories) {
        this.fileSystem = fileSystem;
        this.root = root;
        this.tableDirectories = Map.copyOf(tableDirectories);
    }

    /**
     * Lists the warehouse; fails with a clear message when it does not exist or is not a directory.
     * Without one (null or empty), the catalog has no tables and reads files by path only.
     */
    public static WarehouseCatalog open(String warehouse, Configuration conf) {
        if (warehouse == null || warehouse.isEmpty()) {
            try {
                return new WarehouseCatalog(FileSystem.get(conf), null, Map.of());
            } catch (IOException e) {
                throw new CatalogException("Cannot open the default file system (fs.defaultFS): " + e.getMessage(), e);
            }
        }
        Path path = new Path(warehouse);
        FileStatus status;
        FileSystem fs;
        try {
            fs = path.getFileSystem(conf);
            path = fs.makeQualified(path);
            status = fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw new CatalogException("Warehouse directory '" + warehouse + "' does not exist. Pass --warehouse "
                    + "a directory whose sub-directories are tables (for example one made by "
                    + "'bin/bench tpch-gen --out DIR').", e);
        } catch (IOException e) {
            throw new CatalogException("Cannot open warehouse '" + warehouse + "': " + e.getMessage(), e);
        }
        if (!status.isDirectory()) {
            throw new CatalogException("Warehouse '" + warehouse + "' is a file, not a directory. Pass --warehouse "
                    + "a directory whose sub-directories are tables.");
        }
        Map<String, Path> tables = new ConcurrentHashMap<>();
        try {
            for (FileStatus child : fs.listStatus(path)) {
                String name = child.getPath().getName();
                if (child.isDirectory() && !isHidden(name)) {
                    tables.put(name, child.getPath());
                }
            }
        } catch (IOException e) {
            throw new CatalogException("Cannot list warehouse '" + warehouse + "': " + e.getMessage(), e);
        }
        return new WarehouseCatalog(fs, path, tables);
    }

    /** The warehouse directory, qualified; empty when there is none. */
    public String location() {
        return root == null ? "" : root.toString();
    }

    @Override
    public String kind() {
        return "warehouse";
    }

    /** One database: {@value Catalog#DEFAULT_DATABASE}. */
    @Override
    public List<String> databases() {
        return List.of(DEFAULT_DATABASE);
    }

    @Override
    public List<String> tableNames(String database) {
        checkDatabase(database);
        return tableDirectories.keySet().stream().sorted().toList();
    }

    @Override
    public Optional<Table> table(String database, String name) {
        checkDatabase(database);
        Path directory = tableDirectories.get(name);
        if (directory == null) {
            return Optional.empty();
        }
        return Optional.of(loaded.computeIfAbsent(name, n -> load(n, directory)));
    }

    @Override
    public Table files(String format, List<String> paths, Map<String, String> options) {
        String kind = format.toLowerCase(Locale.ROOT);
        if (!kind.equals("parquet") && !kind.equals("csv")) {
            throw new CatalogException("Cannot read files as '" + format + "': use parquet or csv.");
        }
        if (kind.equals("csv") && !"true".equalsIgnoreCase(options.getOrDefault("header", "false"))) {
            throw new CatalogException("CSV files are read with their header line as column names: pass "
                    + "option(\"header\", \"true\") (files without a header line are not supported yet).");
        }
        if (paths.isEmpty()) {
            throw new CatalogException("Give at least one path to read.");
        }
        String name = String.join(", ", paths);
        List<FileStatus> files = new ArrayList<>();
        for (String location : paths) {
            Path path = new Path(location);
            try {
                FileSystem fs = path.getFileSystem(fileSystem.getConf());
                FileStatus status = fs.getFileStatus(path);
                if (status.isDirectory()) {
                    PartitionDirectories.Listing listing = PartitionDirectories.list(fs, status.getPath());
                    if (listing.partitioned()) {
                        if (paths.size() > 1 || kind.equals("csv")) {
                            throw new CatalogException("Read a partitioned directory (" + location + ") alone and as "
                                    + "Parquet: several paths or CSV with partition directories are not supported yet.");
                        }
                        return partitioned(name, status.getPath().toString(), listing);
                    }
                    files.addAll(listing.files());
                } else {
                    files.add(status);
                }
            } catch (FileNotFoundException e) {
                throw new CatalogException("Path '" + location + "' does not exist.", e);
            } catch (IOException e) {
                throw new CatalogException("Cannot read path '" + location + "': " + e.getMessage(), e);
            }
        }
        if (files.isEmpty()) {
            throw new CatalogException("'" + name + "' holds no data files.");
        }
        String location = new Path(paths.get(0)).toString();
        return kind.equals("csv") ? loadCsv(name, location, files)
                : loadParquet(name, location, files, List.of(), List.of());
    }

    private Table partitioned(String name, String directory, PartitionDirectories.Listing listing) {
        if (listing.files().stream().anyMatch(f -> isCsv(f.getPath()))) {
            throw new CatalogException("Partitioned CSV tables are not supported yet (" + directory + ").");
        }
        List<List<io.arbalest.planner.expr.Literal>> values = new ArrayList<>();
        for (int file = 0; file < listing.files().size(); file++) {
            values.add(listing.literals(file));
        }
        return loadParquet(name, directory, listing.files(), listing.columns(), values);
    }

    private Table load(String name, Path directory) {
        List<FileStatus> files;
        try {
            PartitionDirectories.Listing listing = PartitionDirectories.list(fileSystem, directory);
            if (listing.partitioned()) {
                return partitioned(name, directory.toString(), listing);
            }
            files = listing.files();
        } catch (IOException e) {
            throw new CatalogException("Cannot list table directory " + directory + ": " + e.getMessage(), e);
        }
        boolean anyCsv = files.stream().anyMatch(f -> isCsv(f.getPath()));
        boolean anyParquet = files.stream().anyMatch(f -> !isCsv(f.getPath()));
        if (anyCsv && anyParquet) {
            throw new CatalogException("Table '" + name + "' at " + directory + " mixes CSV and Parquet files; "
                    + "keep one format per table directory.");
        }
        if (files.isEmpty()) {
            throw new CatalogException("Table '" + name + "' at " + directory + " holds no data files.");
        }
        return anyCsv ? loadCsv(name, directory.toString(), files)
                : loadParquet(name, directory.toString(), files, List.of(), List.of());
    }

    /**
     * A table of Parquet files: the files' columns, then {@code partitionColumns} whose values
     * for file i are {@code partitionValues.get(i)} (none for an unpartitioned table).
     */
    private Table loadParquet(String name, String directory, List<FileStatus> files, List<Column> partitionColumns,
            List<List<io.arbalest.planner.expr.Literal>> partitionValues) {
        ParquetFooters footers = ParquetFooters.read(name, files, partitionValues, fileSystem.getConf());
        RowSchema schema = footers.schema();
        List<Optional<ColumnRange>> ranges = footers.ranges();
        if (!partitionColumns.isEmpty()) {
            for (Column column : partitionColumns) {
                if (schema.names().stream().anyMatch(n -> n.equalsIgnoreCase(column.name()))) {
                    throw new CatalogException("Partition column '" + column.name() + "' of " + directory
                            + " is also a column of its files; rename the directories or the column.");
                }
            }
            List<Column> all = new ArrayList<>(schema.columns());
            all.addAll(partitionColumns);
            schema = new RowSchema(all);
            List<Optional<ColumnRange>> allRanges = new ArrayList<>(ranges);
            allRanges.addAll(java.util.Collections.nCopies(partitionColumns.size(), Optional.empty()));
            ranges = allRanges;
        }
        return new Table(name, directory, FileFormat.PARQUET, nullableColumns(schema), footers.files(),
                TableStatistics.ofRanges(ranges), partitionColumns.size(), Optional.empty(), Map.of());
    }

    private Table loadCsv(String name, String directory, List<FileStatus> files) {
        RowSchema schema = null;
        String schemaFile = null;
        List<DataFile> dataFiles = new ArrayList<>();
        for (FileStatus file : files) {
            String path = file.getPath().toString();
            RowSchema fileSchema;
            try (FSDataInputStream in = file.getPath().getFileSystem(fileSystem.getConf()).open(file.getPath())) {
                fileSchema = CsvSchemaInference.infer(in, path);
            } catch (IOException e) {
                throw new CatalogException("Cannot read CSV file " + path + ": " + e.getMessage(), e);
            }
            if (schema == null) {
                schema = fileSchema;
                schemaFile = path;
            } else if (!schema.names().equals(fileSchema.names())) {
                throw new CatalogException("Files of table '" + name + "' disagree on the columns: " + schemaFile
                        + " has " + schema.names() + " but " + path + " has " + fileSchema.names()
                        + ". Give every CSV file of a table the same header line.");
            } else {
                schema = widen(schema, fileSchema);
            }
            dataFiles.add(new DataFile(path, file.getLen(), List.of()));
        }
        return new Table(name, directory, FileFormat.CSV, schema, dataFiles);
    }

    @Override
    public void checkDatabase(String database) {
        if (!database.equalsIgnoreCase(DEFAULT_DATABASE)) {
            throw new CatalogException("Database '" + database + "' does not exist: a warehouse directory is one "
                    + "database, '" + DEFAULT_DATABASE + "'. Use --catalog hive for a Hive Metastore's databases.");
        }
    }

    /** Columns are nullable at the table level: a later file may hold NULLs where the first did not. */
    private static RowSchema nullableColumns(RowSchema schema) {
        return new RowSchema(schema.columns().stream().map(c -> new Column(c.name(), c.type(), true)).toList());
    }

    private static RowSchema widen(RowSchema a, RowSchema b) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            DataType.Kind kind = CsvSchemaInference.widen(a.type(i).kind(), b.type(i).kind());
            columns.add(new Column(a.column(i).name(), new DataType(kind, 0, 0), true));
        }
        return new RowSchema(columns);
    }

    private static boolean isCsv(Path path) {
        String name = path.getName().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv");
    }

    /** Hidden and marker files (_SUCCESS, .crc, _temporary) are never data. */
    private static boolean isHidden(String name) {
        return name.startsWith("_") || name.startsWith(".");
    }
}
