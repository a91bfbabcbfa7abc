package io.arbalest.planner.catalog;

import io.arbalest.planner.error.CatalogException;
import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.api.AddPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.AlreadyExistsException;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.DateColumnStatsData;
import org.apache.hadoop.hive.metastore.api.DecimalColumnStatsData;
import org.apache.hadoop.hive.metastore.api.LongColumnStatsData;
import org.apache.hadoop.hive.metastore.api.TableStatsRequest;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetPartitionsByNamesRequest;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.InvalidOperationException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The tables of a Hive Metastore (Thrift API): its databases, their tables' schemas, locations,
 * formats and partitions; and the statements that change them. It calls only what Hive
 * Metastore 3.x and 4.x both serve ({@code get_table_req}, ...), falling back to the older call
 * where 4.x has a new one 3.x lacks. Executors never talk to the metastore: what a scan needs
 * (files, partition values) is in its plan.
 */
public final class HiveCatalog implements Catalog {
    private static final int PARTITION_BATCH = 500;

    private final MetastoreClient metastore;
    private final Configuration conf;

    HiveCatalog(MetastoreClient metastore, Configuration conf) {
        this.metastore = metastore;
        this.conf = conf;
    }

    /** A catalog over the metastores at {@code uris} ({@code thrift://host:port,...}; {@code key} names their setting). */
    public static HiveCatalog open(String uris, String key, int attempts, int timeoutMillis, Configuration conf) {
        return new HiveCatalog(new MetastoreClient(MetastoreClient.parseUris(uris, key), attempts, timeoutMillis), conf);
    }

    @Override
    public String kind() {
        return "hive";
    }

    @Override
    public List<String> databases() {
        return call("list databases", c -> c.get_all_databases()).stream().sorted().toList();
    }

    @Override
    public void checkDatabase(String database) {
        database(database);
    }

    private Database database(String name) {
        try {
            return metastore.call("read database " + name, c -> c.get_database(lower(name)));
        } catch (NoSuchObjectException e) {
            throw new CatalogException("Database '" + name + "' does not exist. Databases: "
                    + String.join(", ", databases()) + ".", e);
        } catch (TException e) {
            throw failure("read database '" + name + "'", e);
        }
    }

    @Override
    public List<String> tableNames(String database) {
        checkDatabase(database);
        return call("list the tables of " + database, c -> c.get_all_tables(lower(database))).stream().sorted().toList();
    }

    @Override
    public Optional<Table> table(String database, String name) {
        return metastoreTable(database, name).map(this::load);
    }

    /** The metastore's table; empty when there is none of that name. */
    private Optional<org.apache.hadoop.hive.metastore.api.Table> metastoreTable(String database, String name) {
        try {
            GetTableRequest request = new GetTableRequest(lower(database), lower(name));
            return Optional.of(metastore.call("read table " + database + "." + name,
                    c -> c.get_table_req(request).getTable()));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        } catch (TException e) {
            throw failure("read table '" + database + "." + name + "'", e);
        }
    }

    private org.apache.hadoop.hive.metastore.api.Table requireTable(String database, String name) {
        return metastoreTable(database, name).orElseThrow(() -> noSuchTable(database, name));
    }

    private List<Partition> partitionsByNames(org.apache.hadoop.hive.metastore.api.Table table, List<String> names) {
        String what = "read partitions of " + table.getDbName() + "." + table.getTableName();
        try {
            GetPartitionsByNamesRequest request = new GetPartitionsByNamesRequest(table.getDbName(), table.getTableName());
            request.setNames(new ArrayList<>(names));
            return metastore.call(what, c -> c.get_partitions_by_names_req(request).getPartitions());
        } catch (TApplicationException e) {
            if (e.getType() != TApplicationException.UNKNOWN_METHOD) {
                throw failure(what, e);
            }
            // Hive Metastore 3.x: the call without the request struct.
            return call(what, c -> c.get_partitions_by_names(table.getDbName(), table.getTableName(), new ArrayList<>(names)));
        } catch (TException e) {
            throw failure(what, e);
        }
    }

    /**
     * The Arbalest table of a metastore table. An unpartitioned table's files are listed now; a
     * partitioned table's partitions are only named, and their files listed for the partitions a
     * query reads ({@link PartitionSource}).
     */
    private Table load(org.apache.hadoop.hive.metastore.api.Table table) {
        String name = table.getDbName() + "." + table.getTableName();
        FileFormat format = checkReadable(table, name);
        List<Column> columns = new ArrayList<>();
        for (FieldSchema field : table.getSd().getCols()) {
            columns.add(new Column(field.getName(), HiveTypes.toDataType(field.getType(),
                    "Column '" + field.getName() + "' of table '" + name + "'"), true));
        }
        List<Column> partitionColumns = partitionColumns(table, name);
        columns.addAll(partitionColumns);
        RowSchema schema = new RowSchema(columns);
        String location = qualify(table.getSd().getLocation());
        Map<String, String> options = format == FileFormat.TEXT ? textOptions(table.getSd(), name) : Map.of();
        if (partitionColumns.isEmpty()) {
            List<FileStatus> files = list(table.getSd().getLocation(), name);
            OptionalLong rows = numRows(table.getParameters());
            if (rows.isPresent() && format == FileFormat.PARQUET) {
                // The metastore's statistics stand in for the footers: planning opens no file.
                List<DataFile> unread = files.stream().map(f -> DataFile.unread(f.getPath().toString(), f.getLen(),
                        List.of())).toList();
                return new Table(name, location, format, schema, unread, columnStatistics(table, schema, rows), 0,
                        Optional.empty(), options);
            }
            List<Optional<ColumnRange>> ranges = new ArrayList<>(Collections.nCopies(schema.size(), Optional.empty()));
            List<DataFile> dataFiles = dataFiles(name, format, files, List.of(), schema, ranges);
            TableStatistics statistics = rows.isPresent() ? columnStatistics(table, schema, rows)
                    : TableStatistics.ofRanges(ranges);
            return new Table(name, location, format, schema, dataFiles, statistics, 0, Optional.empty(), options);
        }
        List<String> names = partitionNames(table.getDbName(), table.getTableName());
        List<List<Literal>> values = new ArrayList<>();
        for (String partition : names) {
            values.add(partitionLiterals(PartitionSpec.values(partition), partitionColumns));
        }
        HivePartitions source = new HivePartitions(table, name, format, schema, names, values);
        TableStatistics statistics = new TableStatistics(OptionalLong.of(source.estimatedRows()),
                Collections.nCopies(schema.size(), Optional.empty()), Collections.nCopies(schema.size(), OptionalLong.empty()));
        return new Table(name, location, format, schema, List.of(), statistics, partitionColumns.size(),
                Optional.of(source), options);
    }

    /**
     * The metastore's column statistics of a table with numRows (ANALYZE TABLE ... COMPUTE
     * STATISTICS FOR COLUMNS in Hive or Spark): low/high of integer, date and decimal columns, the
     * number of distinct values of every column; unknown where it has none.
     */
    private TableStatistics columnStatistics(org.apache.hadoop.hive.metastore.api.Table table, RowSchema schema,
            OptionalLong rows) {
        List<Optional<ColumnRange>> ranges = new ArrayList<>(Collections.nCopies(schema.size(), Optional.empty()));
        List<OptionalLong> distinct = new ArrayList<>(Collections.nCopies(schema.size(), OptionalLong.empty()));
        List<String> names = table.getSd().getCols().stream().map(FieldSchema::getName).toList();
        List<ColumnStatisticsObj> objects;
        try {
            TableStatsRequest request = new TableStatsRequest(table.getDbName(), table.getTableName(), names);
            request.setEngine("hive");
            objects = metastore.call("read the column statistics of " + table.getDbName() + "." + table.getTableName(),
                    c -> c.get_table_statistics_req(request).getTableStats());
        } catch (TException e) {
            objects = List.of(); // statistics help planning; without them it estimates
        }
        for (ColumnStatisticsObj object : objects) {
            int column = names.indexOf(object.getColName());
            if (column < 0 || object.getStatsData() == null) {
                continue;
            }
            ColumnStatisticsData data = object.getStatsData();
            DataType type = schema.type(column);
            if (data.isSetLongStats()) {
                LongColumnStatsData stats = data.getLongStats();
                if (stats.isSetLowValue() && stats.isSetHighValue()) {
                    ranges.set(column, Optional.of(new ColumnRange(stats.getLowValue(), stats.getHighValue())));
                }
                distinct.set(column, distinctCount(stats.isSetNumDVs(), stats.getNumDVs()));
            } else if (data.isSetDateStats()) {
                DateColumnStatsData stats = data.getDateStats();
                if (stats.isSetLowValue() && stats.isSetHighValue()) {
                    ranges.set(column, Optional.of(new ColumnRange(stats.getLowValue().getDaysSinceEpoch(),
                            stats.getHighValue().getDaysSinceEpoch())));
                }
                distinct.set(column, distinctCount(stats.isSetNumDVs(), stats.getNumDVs()));
            } else if (data.isSetDecimalStats() && type.kind() == DataType.Kind.DECIMAL) {
                DecimalColumnStatsData stats = data.getDecimalStats();
                if (stats.isSetLowValue() && stats.isSetHighValue()) {
                    try {
                        ranges.set(column, Optional.of(new ColumnRange(unscaled(stats.getLowValue(), type),
                                unscaled(stats.getHighValue(), type))));
                    } catch (ArithmeticException tooWide) {
                        // a range beyond 64 bits tells nothing the planner uses
                    }
                }
                distinct.set(column, distinctCount(stats.isSetNumDVs(), stats.getNumDVs()));
            } else if (data.isSetDoubleStats()) {
                distinct.set(column, distinctCount(data.getDoubleStats().isSetNumDVs(), data.getDoubleStats().getNumDVs()));
            } else if (data.isSetStringStats()) {
                distinct.set(column, distinctCount(data.getStringStats().isSetNumDVs(), data.getStringStats().getNumDVs()));
            } else if (data.isSetBooleanStats()) {
                distinct.set(column, OptionalLong.of(2));
            }
        }
        return new TableStatistics(rows, ranges, distinct);
    }

    private static OptionalLong distinctCount(boolean set, long count) {
        return set && count > 0 ? OptionalLong.of(count) : OptionalLong.empty();
    }

    private static long unscaled(org.apache.hadoop.hive.metastore.api.Decimal decimal, DataType type) {
        return new BigDecimal(new java.math.BigInteger(decimal.getUnscaled()), decimal.getScale())
                .setScale(type.scale(), java.math.RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }

    /**
     * A text table's delimiter and NULL marker as LazySimpleSerDe reads them: field.delim, else
     * serialization.format, else \001; a value of digits is a character code ("1" is \001); NULL is
     * serialization.null.format, else \N.
     */
    private static Map<String, String> textOptions(StorageDescriptor sd, String name) {
        Map<String, String> parameters = sd.getSerdeInfo() == null || sd.getSerdeInfo().getParameters() == null
                ? Map.of() : sd.getSerdeInfo().getParameters();
        String delimiter = parameters.getOrDefault("field.delim", parameters.getOrDefault("serialization.format", "1"));
        if (delimiter.isEmpty()) {
            delimiter = "1";
        }
        char separator;
        try {
            separator = (char) (Byte.parseByte(delimiter) & 0xFF);
        } catch (NumberFormatException notACode) {
            separator = delimiter.charAt(0);
        }
        if (separator == '\n' || separator == '\r') {
            throw new UnsupportedFeatureException("Text table '" + name + "' separates fields with a line break, "
                    + "which Arbalest cannot read.");
        }
        return Map.of(FileFormat.FIELD_DELIMITER, String.valueOf(separator),
                FileFormat.NULL_FORMAT, parameters.getOrDefault("serialization.null.format", "\\N"));
    }

    /** DataFiles of listed files, with their partition values; Parquet footers fill {@code ranges} of the data columns. */
    private List<DataFile> dataFiles(String name, FileFormat format, List<FileStatus> files, List<List<Literal>> values,
            RowSchema schema, List<Optional<ColumnRange>> ranges) {
        if (format == FileFormat.PARQUET) {
            ParquetFooters footers = ParquetFooters.read(name, files, values, conf);
            if (ranges != null) {
                for (int c = 0; c < ranges.size(); c++) {
                    ranges.set(c, footers.range(schema.column(c).name()));
                }
            }
            return footers.files();
        }
        List<DataFile> dataFiles = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            dataFiles.add(new DataFile(files.get(f).getPath().toString(), files.get(f).getLen(), List.of(),
                    values.isEmpty() ? List.of() : values.get(f)));
        }
        return dataFiles;
    }

    /** A partitioned metastore table's partitions: named at planning, fetched and listed when read. */
    private final class HivePartitions implements PartitionSource {
        private final org.apache.hadoop.hive.metastore.api.Table table;
        private final String name;
        private final FileFormat format;
        private final RowSchema schema;
        private final List<String> names;
        private final List<List<Literal>> values;

        HivePartitions(org.apache.hadoop.hive.metastore.api.Table table, String name, FileFormat format,
                RowSchema schema, List<String> names, List<List<Literal>> values) {
            this.table = table;
            this.name = name;
            this.format = format;
            this.schema = schema;
            this.names = List.copyOf(names);
            this.values = List.copyOf(values);
        }

        @Override
        public List<List<Literal>> partitions() {
            return values;
        }

        /** Files of partitions with numRows are planned without their footers; the rest's footers are read. */
        @Override
        public List<DataFile> files(List<Integer> partitions) {
            List<FileStatus> files = new ArrayList<>();
            List<List<Literal>> fileValues = new ArrayList<>();
            List<DataFile> unread = new ArrayList<>();
            for (Partition partition : fetch(partitions)) {
                List<Literal> literals = partitionLiterals(partition.getValues(),
                        schema.columns().subList(schema.size() - values.get(0).size(), schema.size()));
                boolean withStatistics = format == FileFormat.PARQUET && numRows(partition.getParameters()).isPresent();
                for (FileStatus file : list(partition.getSd().getLocation(), name)) {
                    if (withStatistics) {
                        unread.add(DataFile.unread(file.getPath().toString(), file.getLen(), literals));
                    } else {
                        files.add(file);
                        fileValues.add(literals);
                    }
                }
            }
            List<DataFile> all = new ArrayList<>(unread);
            all.addAll(dataFiles(name, format, files, fileValues, schema, null));
            return all;
        }

        /** The partitions' metastore objects, by names in batches (a table may have 100,000 partitions). */
        private List<Partition> fetch(List<Integer> partitions) {
            List<String> wanted = partitions.stream().map(names::get).toList();
            List<Partition> fetched = new ArrayList<>();
            for (int start = 0; start < wanted.size(); start += PARTITION_BATCH) {
                fetched.addAll(partitionsByNames(table, wanted.subList(start, Math.min(wanted.size(),
                        start + PARTITION_BATCH))));
            }
            return fetched;
        }

        /**
         * Rows of the whole table, for join ordering before partitions are chosen: the first
         * partition's numRows (or its footers' row count) times the number of partitions.
         */
        long estimatedRows() {
            if (names.isEmpty()) {
                return 0;
            }
            List<Partition> first = fetch(List.of(0));
            if (first.isEmpty()) {
                return 0;
            }
            OptionalLong rows = numRows(first.get(0).getParameters());
            long perPartition = rows.isPresent() ? rows.getAsLong()
                    : files(List.of(0)).stream().mapToLong(DataFile::estimatedRowCount).sum();
            return perPartition * names.size();
        }
    }

    /** The format of a table Arbalest can read; a clear error for the rest (ORC, Avro, views, ACID tables). */
    private static FileFormat checkReadable(org.apache.hadoop.hive.metastore.api.Table table, String name) {
        if ("VIRTUAL_VIEW".equals(table.getTableType()) || "MATERIALIZED_VIEW".equals(table.getTableType())) {
            throw new UnsupportedFeatureException("'" + name + "' is a Hive view; Arbalest does not read Hive views "
                    + "yet. Query its defining SQL, or define it as a view of the session (CREATE TEMPORARY VIEW).");
        }
        Map<String, String> parameters = table.getParameters() == null ? Map.of() : table.getParameters();
        if ("true".equalsIgnoreCase(parameters.get("transactional"))) {
            throw new UnsupportedFeatureException("Table '" + name + "' is a transactional (ACID) Hive table, which "
                    + "Arbalest cannot read yet. Read a non-transactional copy of it.");
        }
        StorageDescriptor sd = table.getSd();
        String serde = sd.getSerdeInfo() == null ? "" : String.valueOf(sd.getSerdeInfo().getSerializationLib());
        String input = String.valueOf(sd.getInputFormat());
        if (serde.equals(TableDefinition.StorageFormat.PARQUET.serde())
                || input.equals(TableDefinition.StorageFormat.PARQUET.inputFormat())) {
            return FileFormat.PARQUET;
        }
        if (serde.equals(TableDefinition.StorageFormat.TEXTFILE.serde())
                && input.equals(TableDefinition.StorageFormat.TEXTFILE.inputFormat())) {
            return FileFormat.TEXT;
        }
        throw new UnsupportedFeatureException("Table '" + name + "' is stored as " + formatName(serde, input)
                + ", which Arbalest cannot read; it reads Parquet and TEXTFILE tables (STORED AS PARQUET).");
    }

    private static String formatName(String serde, String input) {
        String both = (serde + " " + input).toLowerCase(Locale.ROOT);
        if (both.contains("orc")) {
            return "ORC";
        }
        if (both.contains("avro")) {
            return "Avro";
        }
        if (both.contains("sequencefile")) {
            return "SEQUENCEFILE";
        }
        if (both.contains("rcfile")) {
            return "RCFILE";
        }
        return "input format " + input + " with SerDe " + serde;
    }

    private static List<Column> partitionColumns(org.apache.hadoop.hive.metastore.api.Table table, String name) {
        List<Column> columns = new ArrayList<>();
        for (FieldSchema key : table.getPartitionKeys() == null ? List.<FieldSchema>of() : table.getPartitionKeys()) {
            columns.add(new Column(key.getName(), HiveTypes.toDataType(key.getType(),
                    "Partition column '" + key.getName() + "' of table '" + name + "'"), true));
        }
        return columns;
    }

    /** A partition's values (Hive keeps them as text) as literals of its columns' types. */
    static List<Literal> partitionLiterals(List<String> values, List<Column> columns) {
        List<Literal> literals = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            DataType type = columns.get(c).type();
            String text = values.get(c);
            if (text == null || text.equals(PartitionDirectories.DEFAULT_PARTITION)) {
                literals.add(Literal.nullOf(type));
                continue;
            }
            try {
                literals.add(new Literal(switch (type.kind()) {
                    case INT, BIGINT -> Long.parseLong(text.trim());
                    case DATE -> LocalDate.parse(text.trim()).toEpochDay();
                    case REAL, DOUBLE -> Double.parseDouble(text.trim());
                    case BOOLEAN -> Boolean.parseBoolean(text.trim());
                    case DECIMAL -> new BigDecimal(text.trim()).setScale(type.scale()).unscaledValue().longValueExact();
                    case VARCHAR -> text;
                    default -> throw new CatalogException("Partition column '" + columns.get(c).name() + "' has type "
                            + type + ", which cannot be a partition column.");
                }, type));
            } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
                throw new CatalogException("Partition value '" + text + "' of column '" + columns.get(c).name()
                        + "' is not a " + type + ".", e);
            }
        }
        return literals;
    }

    private static OptionalLong numRows(Map<String, String> parameters) {
        String rows = parameters == null ? null : parameters.get("numRows");
        try {
            long value = rows == null ? -1 : Long.parseLong(rows);
            // Hive writes numRows=0 for tables it never computed statistics of: unknown, not empty.
            return value > 0 ? OptionalLong.of(value) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The data files directly under a table's or partition's directory (Hive does not descend), hidden ones left out. */
    private List<FileStatus> list(String location, String table) {
        if (location == null || location.isEmpty()) {
            throw new CatalogException("Table '" + table + "' has no location in the metastore.");
        }
        Path path = new Path(location);
        try {
            FileSystem fs = path.getFileSystem(conf);
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus status : fs.listStatus(path)) {
                String fileName = status.getPath().getName();
                if (status.isFile() && !fileName.startsWith("_") && !fileName.startsWith(".")) {
                    files.add(status);
                }
            }
            files.sort(java.util.Comparator.comparing(f -> f.getPath().getName()));
            return files;
        } catch (FileNotFoundException e) {
            return List.of(); // Hive and Spark read a table whose directory is missing as empty
        } catch (IOException e) {
            throw new CatalogException("Cannot list " + location + " (table '" + table + "'): " + e.getMessage(), e);
        }
    }

    private String qualify(String location) {
        Path path = new Path(location);
        try {
            return path.getFileSystem(conf).makeQualified(path).toString();
        } catch (IOException e) {
            return location;
        }
    }

    @Override
    public TableDescription describe(String database, String name) {
        org.apache.hadoop.hive.metastore.api.Table table = requireTable(database, name);
        String qualified = table.getDbName() + "." + table.getTableName();
        List<Column> columns = new ArrayList<>();
        for (FieldSchema field : table.getSd().getCols()) {
            columns.add(new Column(field.getName(), HiveTypes.toDataType(field.getType(),
                    "Column '" + field.getName() + "' of table '" + qualified + "'"), true));
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("Database", table.getDbName());
        details.put("Table", table.getTableName());
        details.put("Owner", String.valueOf(table.getOwner()));
        details.put("Type", table.getTableType());
        details.put("Location", String.valueOf(table.getSd().getLocation()));
        details.put("Serde Library", table.getSd().getSerdeInfo() == null ? ""
                : String.valueOf(table.getSd().getSerdeInfo().getSerializationLib()));
        details.put("InputFormat", String.valueOf(table.getSd().getInputFormat()));
        details.put("OutputFormat", String.valueOf(table.getSd().getOutputFormat()));
        if (table.getParameters() != null && !table.getParameters().isEmpty()) {
            details.put("Table Properties", "[" + String.join(", ", new java.util.TreeMap<>(table.getParameters())
                    .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()) + "]");
        }
        String serde = table.getSd().getSerdeInfo() == null ? ""
                : String.valueOf(table.getSd().getSerdeInfo().getSerializationLib());
        Optional<TableDefinition.StorageFormat> format = java.util.Arrays.stream(TableDefinition.StorageFormat.values())
                .filter(f -> f.serde().equals(serde)).findFirst();
        return new TableDescription(columns, partitionColumns(table, qualified), qualify(table.getSd().getLocation()),
                format, details);
    }

    @Override
    public List<String> partitionNames(String database, String name) {
        org.apache.hadoop.hive.metastore.api.Table table = requireTable(database, name);
        if (table.getPartitionKeysSize() == 0) {
            throw new CatalogException("SHOW PARTITIONS: table '" + table.getDbName() + "." + table.getTableName()
                    + "' is not partitioned.");
        }
        return call("list the partitions of " + database + "." + name,
                c -> c.get_partition_names(table.getDbName(), table.getTableName(), (short) -1)).stream().sorted().toList();
    }

    @Override
    public void createDatabase(String name, Optional<String> location, String comment, boolean ifNotExists) {
        Database database = new Database(lower(name), comment == null ? "" : comment, location.orElse(null), new HashMap<>());
        database.setOwnerName(System.getProperty("user.name"));
        try {
            metastore.call("create database " + name, c -> {
                c.create_database(database);
                return null;
            });
        } catch (AlreadyExistsException e) {
            if (!ifNotExists) {
                throw new CatalogException("Database '" + name + "' already exists; CREATE DATABASE IF NOT EXISTS "
                        + "leaves an existing one as it is.", e);
            }
        } catch (TException e) {
            throw failure("create database '" + name + "'", e);
        }
    }

    @Override
    public void dropDatabase(String name, boolean ifExists, boolean cascade) {
        try {
            metastore.call("drop database " + name, c -> {
                c.drop_database(lower(name), true, cascade);
                return null;
            });
        } catch (NoSuchObjectException e) {
            if (!ifExists) {
                throw new CatalogException("Database '" + name + "' does not exist; DROP DATABASE IF EXISTS ignores "
                        + "a missing one.", e);
            }
        } catch (InvalidOperationException e) {
            throw new CatalogException("Database '" + name + "' is not empty: drop its tables first, or DROP DATABASE "
                    + name + " CASCADE to drop them with it.", e);
        } catch (TException e) {
            throw failure("drop database '" + name + "'", e);
        }
    }

    @Override
    public void createTable(TableDefinition definition, boolean ifNotExists) {
        checkDatabase(definition.database());
        String qualified = definition.database() + "." + definition.name();
        org.apache.hadoop.hive.metastore.api.Table table = new org.apache.hadoop.hive.metastore.api.Table();
        table.setDbName(lower(definition.database()));
        table.setTableName(lower(definition.name()));
        table.setOwner(System.getProperty("user.name"));
        table.setCreateTime((int) (System.currentTimeMillis() / 1000));
        table.setTableType(definition.external() ? "EXTERNAL_TABLE" : "MANAGED_TABLE");
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, String> serdeParameters = new LinkedHashMap<>();
        serdeParameters.put("serialization.format", "1");
        definition.properties().forEach((key, value) -> {
            if (key.equals("field.delim") || key.equals("serialization.null.format")) {
                serdeParameters.put(key, value);
            } else {
                parameters.put(key, value);
            }
        });
        if (definition.external()) {
            parameters.put("EXTERNAL", "TRUE");
        }
        if (!definition.comment().isEmpty()) {
            parameters.put("comment", definition.comment());
        }
        table.setParameters(parameters);
        StorageDescriptor sd = new StorageDescriptor();
        sd.setCols(fields(definition.columns()));
        definition.location().ifPresent(location -> sd.setLocation(qualify(location)));
        sd.setInputFormat(definition.format().inputFormat());
        sd.setOutputFormat(definition.format().outputFormat());
        sd.setSerdeInfo(new SerDeInfo(null, definition.format().serde(), serdeParameters));
        sd.setCompressed(false);
        sd.setNumBuckets(-1);
        sd.setBucketCols(new ArrayList<>());
        sd.setSortCols(new ArrayList<>());
        sd.setParameters(new HashMap<>());
        table.setSd(sd);
        table.setPartitionKeys(fields(definition.partitionColumns()));
        try {
            metastore.call("create table " + qualified, c -> {
                c.create_table(table);
                return null;
            });
        } catch (AlreadyExistsException e) {
            if (!ifNotExists) {
                throw new CatalogException("Table '" + qualified + "' already exists; CREATE TABLE IF NOT EXISTS "
                        + "leaves an existing one as it is.", e);
            }
        } catch (TException e) {
            throw failure("create table '" + qualified + "'", e);
        }
    }

    private static List<FieldSchema> fields(List<Column> columns) {
        List<FieldSchema> fields = new ArrayList<>();
        for (Column column : columns) {
            fields.add(new FieldSchema(lower(column.name()), HiveTypes.toHiveType(column.type()), null));
        }
        return fields;
    }

    @Override
    public void dropTable(String database, String name, boolean ifExists) {
        String qualified = database + "." + name;
        if (metastoreTable(database, name).isEmpty()) {
            if (ifExists) {
                return;
            }
            throw new CatalogException("Table '" + qualified + "' does not exist; DROP TABLE IF EXISTS ignores a "
                    + "missing one.");
        }
        // The metastore removes a managed table's files (and an external one's with external.table.purge=true).
        call("drop table " + qualified, c -> {
            c.drop_table(lower(database), lower(name), true);
            return null;
        });
    }

    @Override
    public void addPartitions(String database, String name, List<PartitionSpec> specs, boolean ifNotExists) {
        org.apache.hadoop.hive.metastore.api.Table table = requireTable(database, name);
        List<String> keys = table.getPartitionKeys().stream().map(FieldSchema::getName).toList();
        List<Partition> partitions = new ArrayList<>();
        int now = (int) (System.currentTimeMillis() / 1000);
        for (PartitionSpec spec : specs) {
            StorageDescriptor sd = new StorageDescriptor(table.getSd());
            sd.setLocation(spec.location().map(this::qualify)
                    .orElse(table.getSd().getLocation() + "/" + PartitionSpec.name(keys, spec.values())));
            List<String> values = spec.values().stream()
                    .map(v -> v == null ? PartitionDirectories.DEFAULT_PARTITION : v).toList();
            partitions.add(new Partition(new ArrayList<>(values), table.getDbName(), table.getTableName(), now, now, sd,
                    new HashMap<>()));
        }
        String qualified = database + "." + name;
        try {
            AddPartitionsRequest request = new AddPartitionsRequest(table.getDbName(), table.getTableName(), partitions,
                    ifNotExists);
            request.setNeedResult(false);
            metastore.call("add partitions to " + qualified, c -> c.add_partitions_req(request));
        } catch (AlreadyExistsException e) {
            throw new CatalogException("A partition of '" + qualified + "' already exists; ADD IF NOT EXISTS "
                    + "PARTITION leaves existing ones as they are.", e);
        } catch (TException e) {
            throw failure("add partitions to '" + qualified + "'", e);
        }
    }

    @Override
    public void dropPartitions(String database, String name, List<PartitionSpec> specs, boolean ifExists) {
        org.apache.hadoop.hive.metastore.api.Table table = requireTable(database, name);
        List<String> keys = table.getPartitionKeys().stream().map(FieldSchema::getName).toList();
        String qualified = database + "." + name;
        for (PartitionSpec spec : specs) {
            String partition = PartitionSpec.name(keys, spec.values());
            try {
                metastore.call("drop partition " + partition + " of " + qualified,
                        c -> c.drop_partition_by_name(table.getDbName(), table.getTableName(), partition, true));
            } catch (NoSuchObjectException e) {
                if (!ifExists) {
                    throw new CatalogException("Table '" + qualified + "' has no partition " + partition
                            + "; DROP IF EXISTS PARTITION ignores missing ones.", e);
                }
            } catch (TException e) {
                throw failure("drop partition " + partition + " of '" + qualified + "'", e);
            }
        }
    }

    @Override
    public int repairPartitions(String database, String name) {
        org.apache.hadoop.hive.metastore.api.Table table = requireTable(database, name);
        if (table.getPartitionKeysSize() == 0) {
            throw new CatalogException("MSCK REPAIR TABLE: table '" + database + "." + name + "' is not partitioned.");
        }
        List<String> keys = table.getPartitionKeys().stream().map(FieldSchema::getName).toList();
        java.util.Set<String> known = new java.util.HashSet<>(partitionNames(database, name));
        List<PartitionSpec> missing = new ArrayList<>();
        Path root = new Path(table.getSd().getLocation());
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (fs.exists(root)) {
                findPartitions(fs, root, keys, 0, new ArrayList<>(), known, missing);
            }
        } catch (IOException e) {
            throw new CatalogException("Cannot list " + root + " (table '" + database + "." + name + "'): "
                    + e.getMessage(), e);
        }
        for (int start = 0; start < missing.size(); start += PARTITION_BATCH) {
            addPartitions(database, name, missing.subList(start, Math.min(missing.size(), start + PARTITION_BATCH)), true);
        }
        return missing.size();
    }

    /** The {@code k=v} directories of the keys from {@code level} down whose names the metastore does not know. */
    private static void findPartitions(FileSystem fs, Path directory, List<String> keys, int level, List<String> values,
            java.util.Set<String> known, List<PartitionSpec> missing) throws IOException {
        if (level == keys.size()) {
            if (!known.contains(PartitionSpec.name(keys, values))) {
                missing.add(new PartitionSpec(values, Optional.empty()));
            }
            return;
        }
        String prefix = keys.get(level).toLowerCase(Locale.ROOT) + "=";
        for (FileStatus child : fs.listStatus(directory)) {
            String dir = child.getPath().getName();
            if (child.isDirectory() && dir.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                List<String> deeper = new ArrayList<>(values);
                String value = PartitionDirectories.unescape(dir.substring(prefix.length()));
                deeper.add(value.equals(PartitionDirectories.DEFAULT_PARTITION) ? null : value);
                findPartitions(fs, child.getPath(), keys, level + 1, deeper, known, missing);
            }
        }
    }

    /**
     * numRows after a write, as Hive's statistics gathering keeps it: replaced rows are counted
     * anew, added rows onto a known count; a count that was not known stays unknown.
     */
    @Override
    public void recordWrite(String database, String name, Map<String, Long> rows, boolean replaced) {
        org.apache.hadoop.hive.metastore.api.Table table = requireTable(database, name);
        String qualified = database + "." + name;
        if (table.getPartitionKeysSize() == 0) {
            Long written = rows.getOrDefault("", 0L);
            if (updateRowCount(table.getParameters() == null ? new HashMap<>() : table.getParameters(), written, replaced,
                    table::setParameters)) {
                call("update the statistics of " + qualified, c -> {
                    c.alter_table(table.getDbName(), table.getTableName(), table);
                    return null;
                });
            }
            return;
        }
        List<String> names = new ArrayList<>(rows.keySet());
        List<Partition> changed = new ArrayList<>();
        for (int start = 0; start < names.size(); start += PARTITION_BATCH) {
            for (Partition partition : partitionsByNames(table, names.subList(start, Math.min(names.size(),
                    start + PARTITION_BATCH)))) {
                String partitionName = PartitionSpec.name(table.getPartitionKeys().stream().map(FieldSchema::getName)
                        .toList(), partition.getValues().stream()
                        .map(v -> v.equals(PartitionDirectories.DEFAULT_PARTITION) ? null : v).toList());
                Long written = rows.get(partitionName);
                if (written != null && updateRowCount(partition.getParameters() == null ? new HashMap<>()
                        : partition.getParameters(), written, replaced, partition::setParameters)) {
                    changed.add(partition);
                }
            }
        }
        if (!changed.isEmpty()) {
            call("update the partition statistics of " + qualified, c -> {
                c.alter_partitions(table.getDbName(), table.getTableName(), changed);
                return null;
            });
        }
    }

    /** Sets numRows in {@code parameters} (a copy is handed to {@code set}); false when nothing changed. */
    private static boolean updateRowCount(Map<String, String> parameters, long written, boolean replaced,
            java.util.function.Consumer<Map<String, String>> set) {
        Map<String, String> updated = new HashMap<>(parameters);
        OptionalLong before = numRows(parameters);
        if (replaced) {
            updated.put("numRows", String.valueOf(written));
        } else if (before.isPresent()) {
            updated.put("numRows", String.valueOf(before.getAsLong() + written));
        } else if (parameters.containsKey("numRows")) {
            updated.remove("numRows");
        } else {
            return false;
        }
        // The column statistics (if any) no longer describe every row: only the row count is accurate.
        updated.put("COLUMN_STATS_ACCURATE", "{\"BASIC_STATS\":\"true\"}");
        if (!updated.containsKey("numRows")) {
            updated.remove("COLUMN_STATS_ACCURATE");
        }
        set.accept(updated);
        return true;
    }

    /** Runs a call whose metastore errors need no special treatment. */
    private <T> T call(String what, MetastoreClient.Call<T> call) {
        try {
            return metastore.call(what, call);
        } catch (TException e) {
            throw failure(what, e);
        }
    }

    private static CatalogException failure(String what, TException e) {
        String message = e instanceof MetaException meta ? meta.getMessage()
                : e instanceof NoSuchObjectException missing ? missing.getMessage()
                : e instanceof InvalidOperationException invalid ? invalid.getMessage()
                : e.getMessage();
        return new CatalogException("The Hive Metastore could not " + what + ": " + message, e);
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        metastore.close();
    }

    /** Where a table of this catalog lives by default: its database's directory plus its name. */
    public String defaultLocation(String database, String name) {
        return new Path(URI.create(database(database).getLocationUri()).toString(), lower(name)).toString();
    }
}
