package io.arbalest.planner.catalog;

import io.arbalest.planner.error.CatalogException;
import io.arbalest.planner.types.Column;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.api.AddPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.AlreadyExistsException;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.InvalidOperationException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.thrift.TException;

import java.io.IOException;
import java.util.ArrayList;
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
    private final MetastoreClient metastore;
    private final Configuration conf;
    private final HiveTableReader reader;

    HiveCatalog(MetastoreClient metastore, Configuration conf) {
        this.metastore = metastore;
        this.conf = conf;
        this.reader = new HiveTableReader(metastore, conf);
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
        return metastore.callOrFail("list databases", c -> c.get_all_databases()).stream().sorted().toList();
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
            throw MetastoreClient.failure("read database '" + name + "'", e);
        }
    }

    @Override
    public List<String> tableNames(String database) {
        checkDatabase(database);
        return metastore.callOrFail("list the tables of " + database, c -> c.get_all_tables(lower(database))).stream().sorted().toList();
    }

    @Override
    public Optional<Table> table(String database, String name) {
        return metastoreTable(database, name).map(reader::load);
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
            throw MetastoreClient.failure("read table '" + database + "." + name + "'", e);
        }
    }

    private org.apache.hadoop.hive.metastore.api.Table requireTable(String database, String name) {
        return metastoreTable(database, name).orElseThrow(() -> noSuchTable(database, name));
    }

    @Override
    public TableDescription describe(String database, String name) {
        org.apache.hadoop.hive.metastore.api.Table table = requireTable(database, name);
        String qualified = table.getDbName() + "." + table.getTableName();
        List<Column> columns = HiveTableReader.dataColumns(table, qualified);
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
        return new TableDescription(columns, HiveTableReader.partitionColumns(table, qualified),
                reader.qualify(table.getSd().getLocation()), format, details);
    }

    @Override
    public List<String> partitionNames(String database, String name) {
        org.apache.hadoop.hive.metastore.api.Table table = requireTable(database, name);
        if (table.getPartitionKeysSize() == 0) {
            throw new CatalogException("SHOW PARTITIONS: table '" + table.getDbName() + "." + table.getTableName()
                    + "' is not partitioned.");
        }
        return reader.partitionNames(table).stream().sorted().toList();
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
            throw MetastoreClient.failure("create database '" + name + "'", e);
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
            throw MetastoreClient.failure("drop database '" + name + "'", e);
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
        definition.location().ifPresent(location -> sd.setLocation(reader.qualify(location)));
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
            throw MetastoreClient.failure("create table '" + qualified + "'", e);
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
        metastore.callOrFail("drop table " + qualified, c -> {
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
            sd.setLocation(spec.location().map(reader::qualify)
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
            throw MetastoreClient.failure("add partitions to '" + qualified + "'", e);
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
                throw MetastoreClient.failure("drop partition " + partition + " of '" + qualified + "'", e);
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
        for (int start = 0; start < missing.size(); start += HiveTableReader.PARTITION_BATCH) {
            addPartitions(database, name, missing.subList(start, Math.min(missing.size(),
                    start + HiveTableReader.PARTITION_BATCH)), true);
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
                metastore.callOrFail("update the statistics of " + qualified, c -> {
                    c.alter_table(table.getDbName(), table.getTableName(), table);
                    return null;
                });
            }
            return;
        }
        List<String> names = new ArrayList<>(rows.keySet());
        List<Partition> changed = new ArrayList<>();
        for (int start = 0; start < names.size(); start += HiveTableReader.PARTITION_BATCH) {
            for (Partition partition : reader.partitionsByNames(table, names.subList(start, Math.min(names.size(),
                    start + HiveTableReader.PARTITION_BATCH)))) {
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
            metastore.callOrFail("update the partition statistics of " + qualified, c -> {
                c.alter_partitions(table.getDbName(), table.getTableName(), changed);
                return null;
            });
        }
    }

    /** Sets numRows in {@code parameters} (a copy is handed to {@code set}); false when nothing changed. */
    private static boolean updateRowCount(Map<String, String> parameters, long written, boolean replaced,
            java.util.function.Consumer<Map<String, String>> set) {
        Map<String, String> updated = new HashMap<>(parameters);
        OptionalLong before = HiveTableReader.numRows(parameters);
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

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        metastore.close();
    }
}
