package io.arbalest.planner.catalog;

import io.arbalest.planner.error.CatalogException;
import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.DecimalValues;
import io.arbalest.planner.types.RowSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.DateColumnStatsData;
import org.apache.hadoop.hive.metastore.api.DecimalColumnStatsData;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetPartitionsByNamesRequest;
import org.apache.hadoop.hive.metastore.api.LongColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.TableStatsRequest;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a metastore table into an Arbalest {@link Table}: its columns and Hive types, its
 * format (Parquet, text; a clear error for the rest), its files, its partitions (named at once,
 * fetched in batches and listed only for those a query reads) and its statistics. The DDL is
 * {@link HiveCatalog}'s.
 */
final class HiveTableReader {
    /** Partitions fetched (or registered) per metastore call. */
    static final int PARTITION_BATCH = 500;

    private final MetastoreClient metastore;
    private final Configuration conf;

    HiveTableReader(MetastoreClient metastore, Configuration conf) {
        this.metastore = metastore;
        this.conf = conf;
    }

    /** A table's data columns (its partition columns are {@link #partitionColumns}), typed; {@code name} for errors. */
    static List<Column> dataColumns(org.apache.hadoop.hive.metastore.api.Table table, String name) {
        List<Column> columns = new ArrayList<>();
        for (FieldSchema field : table.getSd().getCols()) {
            columns.add(new Column(field.getName(), HiveTypes.toDataType(field.getType(),
                    "Column '" + field.getName() + "' of table '" + name + "'"), true));
        }
        return columns;
    }

    /** The names ({@code k=v/...}) of a partitioned table's partitions, in the metastore's order. */
    List<String> partitionNames(org.apache.hadoop.hive.metastore.api.Table table) {
        return metastore.callOrFail("list the partitions of " + table.getDbName() + "." + table.getTableName(),
                c -> c.get_partition_names(table.getDbName(), table.getTableName(), (short) -1));
    }

    /** Partitions by their names (one call; the caller keeps batches small). */
    List<Partition> partitionsByNames(org.apache.hadoop.hive.metastore.api.Table table, List<String> names) {
        String what = "read partitions of " + table.getDbName() + "." + table.getTableName();
        try {
            GetPartitionsByNamesRequest request = new GetPartitionsByNamesRequest(table.getDbName(), table.getTableName());
            request.setNames(new ArrayList<>(names));
            return metastore.call(what, c -> c.get_partitions_by_names_req(request).getPartitions());
        } catch (TApplicationException e) {
            if (e.getType() != TApplicationException.UNKNOWN_METHOD) {
                throw MetastoreClient.failure(what, e);
            }
            // Hive Metastore 3.x: the call without the request struct.
            return metastore.callOrFail(what, c -> c.get_partitions_by_names(table.getDbName(), table.getTableName(),
                    new ArrayList<>(names)));
        } catch (TException e) {
            throw MetastoreClient.failure(what, e);
        }
    }

    /**
     * The Arbalest table of a metastore table. An unpartitioned table's files are listed now; a
     * partitioned table's partitions are only named, and their files listed for the partitions a
     * query reads ({@link PartitionSource}).
     */
    Table load(org.apache.hadoop.hive.metastore.api.Table table) {
        String name = table.getDbName() + "." + table.getTableName();
        FileFormat format = checkReadable(table, name);
        List<Column> columns = new ArrayList<>(dataColumns(table, name));
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
        List<String> names = partitionNames(table);
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
        private final Map<Integer, Listed> listed = new java.util.concurrent.ConcurrentHashMap<>();

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

        /**
         * Files of partitions with numRows are planned without their footers; the rest's footers
         * are read. Each partition is fetched and listed once per query (the size estimate lists
         * the first one before pruning asks again).
         */
        @Override
        public List<DataFile> files(List<Integer> partitions) {
            List<Integer> missing = partitions.stream().filter(p -> !listed.containsKey(p)).toList();
            Map<List<String>, Integer> indexOf = new HashMap<>();
            for (int p : missing) {
                indexOf.put(PartitionSpec.values(names.get(p)), p);
            }
            for (int start = 0; start < missing.size(); start += PARTITION_BATCH) {
                List<String> batch = missing.subList(start, Math.min(missing.size(), start + PARTITION_BATCH)).stream()
                        .map(names::get).toList();
                for (Partition partition : partitionsByNames(table, batch)) {
                    Integer index = indexOf.get(partition.getValues().stream()
                            .map(v -> v.equals(PartitionSpec.DEFAULT_PARTITION) ? null : v).toList());
                    if (index != null) {
                        listed.put(index, list(partition, values.get(index)));
                    }
                }
            }
            List<DataFile> files = new ArrayList<>();
            for (int p : partitions) {
                Listed partition = listed.get(p);
                if (partition != null) { // null: dropped since it was named
                    files.addAll(partition.files());
                }
            }
            return files;
        }

        private Listed list(Partition partition, List<Literal> literals) {
            OptionalLong rows = numRows(partition.getParameters());
            List<FileStatus> statuses = HiveTableReader.this.list(partition.getSd().getLocation(), name);
            if (format == FileFormat.PARQUET && rows.isPresent()) {
                return new Listed(statuses.stream().map(f -> DataFile.unread(f.getPath().toString(), f.getLen(),
                        literals)).toList(), rows);
            }
            return new Listed(dataFiles(name, format, statuses, Collections.nCopies(statuses.size(), literals), schema,
                    null), rows);
        }

        /**
         * Rows of the whole table, for join ordering before partitions are chosen: the first
         * partition's numRows (or its footers' row count) times the number of partitions.
         */
        long estimatedRows() {
            if (names.isEmpty()) {
                return 0;
            }
            files(List.of(0));
            Listed first = listed.get(0);
            if (first == null) {
                return 0;
            }
            long perPartition = first.rows().isPresent() ? first.rows().getAsLong()
                    : first.files().stream().mapToLong(DataFile::estimatedRowCount).sum();
            return perPartition * names.size();
        }
    }

    /** One partition's files, and its numRows where the metastore has it. */
    private record Listed(List<DataFile> files, OptionalLong rows) {
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

    static List<Column> partitionColumns(org.apache.hadoop.hive.metastore.api.Table table, String name) {
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
                    case DECIMAL -> DecimalValues.of(new BigDecimal(text.trim()), type);
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

    static OptionalLong numRows(Map<String, String> parameters) {
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

    String qualify(String location) {
        Path path = new Path(location);
        try {
            return path.getFileSystem(conf).makeQualified(path).toString();
        } catch (IOException e) {
            return location;
        }
    }
}
