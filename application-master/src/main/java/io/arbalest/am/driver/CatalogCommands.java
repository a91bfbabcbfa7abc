package io.arbalest.am.driver;

import io.arbalest.planner.catalog.Catalog;
import io.arbalest.planner.catalog.HiveTypes;
import io.arbalest.planner.catalog.PartitionSpec;
import io.arbalest.planner.catalog.TableDefinition;
import io.arbalest.planner.catalog.TableDescription;
import io.arbalest.planner.error.CatalogException;
import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.sql.CatalogStatement;
import io.arbalest.planner.sql.CatalogStatement.ColumnDefinition;
import io.arbalest.planner.sql.CatalogStatement.PartitionKey;
import io.arbalest.planner.types.Column;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs the catalog statements that read or change only the catalog (not INSERT or CREATE TABLE
 * AS SELECT, which run a query: {@link SqlSession}), in a session whose current database is given.
 * Results are shaped as Spark prints them (SHOW TABLES: database, tableName, isTemporary).
 */
final class CatalogCommands {
    private CatalogCommands() {
    }

    static StatementResult run(Catalog catalog, CatalogStatement statement, String database) {
        if (statement instanceof CatalogStatement.Use use) {
            catalog.checkDatabase(use.database());
            return StatementResult.NONE;
        }
        if (statement instanceof CatalogStatement.CreateDatabase create) {
            catalog.createDatabase(create.name(), create.location(), create.comment(), create.ifNotExists());
            return StatementResult.NONE;
        }
        if (statement instanceof CatalogStatement.DropDatabase drop) {
            if (drop.name().equalsIgnoreCase(Catalog.DEFAULT_DATABASE)) {
                throw new CatalogException("The database '" + Catalog.DEFAULT_DATABASE + "' cannot be dropped.");
            }
            catalog.dropDatabase(drop.name(), drop.ifExists(), drop.cascade());
            return StatementResult.NONE;
        }
        if (statement instanceof CatalogStatement.ShowDatabases show) {
            return StatementResult.column("namespace", like(catalog.databases(), show.like()));
        }
        if (statement instanceof CatalogStatement.ShowTables show) {
            String in = show.database().orElse(database);
            List<List<String>> rows = new ArrayList<>();
            for (String table : like(catalog.tableNames(in), show.like())) {
                rows.add(List.of(in, table, "false"));
            }
            return new StatementResult(List.of("namespace", "tableName", "isTemporary"), rows);
        }
        if (statement instanceof CatalogStatement.Describe describe) {
            return describe(catalog.describe(describe.table().databaseOr(database), describe.table().name()),
                    describe.extended());
        }
        if (statement instanceof CatalogStatement.ShowPartitions show) {
            return StatementResult.column("partition",
                    catalog.partitionNames(show.table().databaseOr(database), show.table().name()));
        }
        if (statement instanceof CatalogStatement.CreateTable create) {
            if (create.query().isPresent()) {
                throw new IllegalArgumentException("CREATE TABLE AS SELECT runs a query: the session runs it");
            }
            catalog.createTable(definition(create, database, create.columns(), create.partitionColumns()),
                    create.ifNotExists());
            return StatementResult.NONE;
        }
        if (statement instanceof CatalogStatement.DropTable drop) {
            catalog.dropTable(drop.table().databaseOr(database), drop.table().name(), drop.ifExists());
            return StatementResult.NONE;
        }
        if (statement instanceof CatalogStatement.AlterPartitions alter) {
            String db = alter.table().databaseOr(database);
            TableDescription table = catalog.describe(db, alter.table().name());
            List<PartitionSpec> specs = new ArrayList<>();
            for (int p = 0; p < alter.partitions().size(); p++) {
                specs.add(new PartitionSpec(values(table, alter.partitions().get(p), alter.table().toString()),
                        alter.locations().get(p)));
            }
            if (alter.add()) {
                catalog.addPartitions(db, alter.table().name(), specs, alter.ifFlag());
            } else {
                catalog.dropPartitions(db, alter.table().name(), specs, alter.ifFlag());
            }
            return StatementResult.NONE;
        }
        if (statement instanceof CatalogStatement.RepairTable repair) {
            int added = catalog.repairPartitions(repair.table().databaseOr(database), repair.table().name());
            return StatementResult.column("partitions_added", List.of(String.valueOf(added)));
        }
        throw new UnsupportedFeatureException(statement.kind() + " runs a query; run it in a session.");
    }

    /**
     * The table CREATE TABLE describes: Parquet unless STORED AS says otherwise; managed (in the
     * database's directory) unless EXTERNAL or LOCATION, as Spark makes a table with a LOCATION
     * external.
     */
    static TableDefinition definition(CatalogStatement.CreateTable create, String database, List<ColumnDefinition> columns,
            List<ColumnDefinition> partitionColumns) {
        String where = "table '" + create.table() + "'";
        TableDefinition.StorageFormat format = create.format().map(f -> switch (f) {
            case "PARQUET" -> TableDefinition.StorageFormat.PARQUET;
            case "TEXTFILE" -> TableDefinition.StorageFormat.TEXTFILE;
            default -> throw new UnsupportedFeatureException("STORED AS " + f + " (" + where + ") is not supported: "
                    + "Arbalest's tables are STORED AS PARQUET or TEXTFILE.");
        }).orElse(TableDefinition.StorageFormat.PARQUET);
        List<String> names = new ArrayList<>();
        for (ColumnDefinition column : columns) {
            names.add(column.name().toLowerCase(Locale.ROOT));
        }
        for (ColumnDefinition column : partitionColumns) {
            if (names.contains(column.name().toLowerCase(Locale.ROOT))) {
                throw new CatalogException("Column '" + column.name() + "' of " + where + " is named twice (a "
                        + "partition column is not also a data column).");
            }
            names.add(column.name().toLowerCase(Locale.ROOT));
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new CatalogException("Two columns of " + where + " have the same name: " + names + ".");
        }
        return new TableDefinition(create.table().databaseOr(database), create.table().name(),
                columns(columns, where), columns(partitionColumns, where), format, create.location(),
                create.external() || create.location().isPresent(), create.properties(), create.comment());
    }

    private static List<Column> columns(List<ColumnDefinition> definitions, String where) {
        List<Column> columns = new ArrayList<>();
        for (ColumnDefinition definition : definitions) {
            columns.add(new Column(definition.name(), HiveTypes.toDataType(definition.type(),
                    "Column '" + definition.name() + "' of " + where), true));
        }
        return columns;
    }

    /** A full partition spec's values in the order of the table's partition columns. */
    static List<String> values(TableDescription table, List<PartitionKey> keys, String name) {
        List<Column> columns = table.partitionColumns();
        if (columns.isEmpty()) {
            throw new CatalogException("Table '" + name + "' is not partitioned.");
        }
        List<String> values = new ArrayList<>();
        for (Column column : columns) {
            Optional<PartitionKey> key = keys.stream().filter(k -> k.name().equalsIgnoreCase(column.name())).findFirst();
            if (key.isEmpty() || key.get().value().isEmpty()) {
                throw new CatalogException("The partition spec of '" + name + "' needs a value for '" + column.name()
                        + "'; its partition columns are " + columns.stream().map(Column::name).toList() + ".");
            }
            values.add(key.get().value().get().equalsIgnoreCase("NULL") ? null : key.get().value().get());
        }
        for (PartitionKey key : keys) {
            if (columns.stream().noneMatch(c -> c.name().equalsIgnoreCase(key.name()))) {
                throw new CatalogException("'" + key.name() + "' is not a partition column of '" + name + "'; its "
                        + "partition columns are " + columns.stream().map(Column::name).toList() + ".");
            }
        }
        return values;
    }

    /** DESCRIBE as Spark prints it: col_name, data_type, comment; partition and detail sections after. */
    static StatementResult describe(TableDescription table, boolean extended) {
        List<List<String>> rows = new ArrayList<>();
        for (Column column : table.columns()) {
            rows.add(List.of(column.name(), typeName(column), ""));
        }
        for (Column column : table.partitionColumns()) {
            rows.add(List.of(column.name(), typeName(column), ""));
        }
        if (!table.partitionColumns().isEmpty()) {
            rows.add(List.of("# Partition Information", "", ""));
            rows.add(List.of("# col_name", "data_type", "comment"));
            for (Column column : table.partitionColumns()) {
                rows.add(List.of(column.name(), typeName(column), ""));
            }
        }
        if (extended) {
            rows.add(List.of("", "", ""));
            rows.add(List.of("# Detailed Table Information", "", ""));
            for (Map.Entry<String, String> detail : table.details().entrySet()) {
                rows.add(List.of(detail.getKey(), detail.getValue(), ""));
            }
        }
        return new StatementResult(List.of("col_name", "data_type", "comment"), rows);
    }

    private static String typeName(Column column) {
        return HiveTypes.toHiveType(column.type());
    }

    /** Spark's and Hive's LIKE of SHOW: '*' any characters, '|' between alternatives, case-insensitive. */
    static List<String> like(List<String> names, Optional<String> pattern) {
        if (pattern.isEmpty()) {
            return names;
        }
        List<String> alternatives = new ArrayList<>();
        for (String alternative : pattern.get().split("\\|")) {
            StringBuilder regex = new StringBuilder();
            for (char c : alternative.trim().toCharArray()) {
                regex.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
            }
            alternatives.add(regex.toString());
        }
        Pattern regex = Pattern.compile(String.join("|", alternatives), Pattern.CASE_INSENSITIVE);
        return names.stream().filter(name -> regex.matcher(name).matches()).toList();
    }
}
