package io.arbalest.am.driver;

import io.arbalest.planner.catalog.Catalog;
import io.arbalest.planner.catalog.TableDefinition;
import io.arbalest.planner.catalog.TableDescription;
import io.arbalest.planner.error.CatalogException;
import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.sql.CatalogStatement;
import io.arbalest.planner.sql.CatalogStatement.ColumnDefinition;
import io.arbalest.planner.sql.CatalogStatement.PartitionKey;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import io.arbalest.proto.logical.Write;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * INSERT INTO|OVERWRITE and CREATE TABLE AS SELECT: a query whose rows are cast to the table's
 * column types (as Spark's and Hive's INSERT do) and written into the table's directory by the
 * driver's atomic write ({@link ParquetWrite}), which then registers the partitions written. A
 * failed INSERT leaves the table's files and partitions as they were; a failed CREATE TABLE AS
 * SELECT leaves no table.
 */
final class TableWrites {
    private TableWrites() {
    }

    static StatementResult run(SqlSession session, CatalogStatement statement) {
        if (statement instanceof CatalogStatement.Insert insert) {
            insert(session, insert.table().databaseOr(session.database()), insert.table().name(), insert.overwrite(),
                    insert.partition(), insert.columns(), insert.query());
        } else if (statement instanceof CatalogStatement.CreateTable create) {
            createTableAs(session, create);
        }
        return StatementResult.NONE;
    }

    private static void createTableAs(SqlSession session, CatalogStatement.CreateTable create) {
        Catalog catalog = session.driver().planning().catalog();
        String database = create.table().databaseOr(session.database());
        if (catalog.tableNames(database).stream().anyMatch(t -> t.equalsIgnoreCase(create.table().name()))) {
            if (create.ifNotExists()) {
                return;
            }
            throw new CatalogException("Table '" + database + "." + create.table().name() + "' already exists; "
                    + "CREATE TABLE IF NOT EXISTS ... AS SELECT leaves it as it is, INSERT OVERWRITE replaces its rows.");
        }
        String query = create.query().orElseThrow();
        RowSchema schema = session.driver().schema(session.query(query));
        List<ColumnDefinition> data = new ArrayList<>();
        List<ColumnDefinition> partitions = new ArrayList<>();
        for (String name : create.partitionedBy()) {
            if (schema.names().stream().noneMatch(n -> n.equalsIgnoreCase(name))) {
                throw new CatalogException("PARTITIONED BY names '" + name + "', which is not a column of the query; "
                        + "its columns are " + schema.names() + ".");
            }
        }
        List<String> order = new ArrayList<>();
        for (Column column : schema.columns()) {
            ColumnDefinition definition = new ColumnDefinition(column.name(),
                    io.arbalest.planner.catalog.HiveTypes.toHiveType(column.type()), "");
            if (create.partitionedBy().stream().anyMatch(p -> p.equalsIgnoreCase(column.name()))) {
                continue;
            }
            data.add(definition);
            order.add(column.name());
        }
        // Partition columns go last, in PARTITIONED BY's order, as Spark places them.
        for (String name : create.partitionedBy()) {
            Column column = schema.columns().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().orElseThrow();
            partitions.add(new ColumnDefinition(column.name(),
                    io.arbalest.planner.catalog.HiveTypes.toHiveType(column.type()), ""));
            order.add(column.name());
        }
        if (data.isEmpty()) {
            throw new CatalogException("PARTITIONED BY names every column of the query; keep at least one out of it.");
        }
        TableDefinition definition = CatalogCommands.definition(create, database, data, partitions);
        catalog.createTable(definition, false);
        try {
            String reordered = "SELECT " + String.join(", ", order.stream().map(TableWrites::quote).toList())
                    + " FROM (" + query + ") AS " + quote("__ctas");
            insert(session, database, create.table().name(), true, List.of(), List.of(), reordered);
        } catch (RuntimeException | Error e) {
            try {
                catalog.dropTable(database, create.table().name(), true);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Writes a query's rows into a table: its columns are the table's data columns, then the
     * partition columns the partition spec gives no value (dynamic partitions), in order; or, with
     * a column list, the listed columns in the list's order, the others NULL (as Spark fills a
     * column without a default).
     */
    private static void insert(SqlSession session, String database, String name, boolean overwrite,
            List<PartitionKey> partition, List<String> columnList, String query) {
        Catalog catalog = session.driver().planning().catalog();
        TableDescription table = catalog.describe(database, name);
        String qualified = database + "." + name;
        if (table.format().orElse(null) != TableDefinition.StorageFormat.PARQUET) {
            throw new UnsupportedFeatureException("Table '" + qualified + "' is not stored as Parquet; Arbalest "
                    + "writes Parquet tables only (CREATE TABLE ... STORED AS PARQUET).");
        }
        for (PartitionKey key : partition) {
            if (table.partitionColumns().stream().noneMatch(c -> c.name().equalsIgnoreCase(key.name()))) {
                throw new CatalogException("'" + key.name() + "' is not a partition column of '" + qualified + "'"
                        + (table.partitionColumns().isEmpty() ? ", which is not partitioned"
                        : "; its partition columns are " + names(table.partitionColumns())) + ".");
            }
        }
        if (!table.partitionColumns().isEmpty() && !partition.isEmpty()
                && partition.size() != table.partitionColumns().size()) {
            throw new CatalogException("The PARTITION clause of the INSERT into '" + qualified + "' names "
                    + partition.size() + " of its partition columns; name all of them: "
                    + names(table.partitionColumns()) + " (k = 'v' for a static value, k alone for a dynamic one).");
        }
        List<String> select = new ArrayList<>();
        List<Column> expected = new ArrayList<>(table.columns());
        List<String> staticValues = new ArrayList<>();
        boolean allStatic = !partition.isEmpty();
        for (Column column : table.partitionColumns()) {
            Optional<String> value = partition.stream().filter(k -> k.name().equalsIgnoreCase(column.name()))
                    .findFirst().flatMap(PartitionKey::value);
            if (value.isEmpty()) {
                expected.add(column);
                allStatic = false;
            } else {
                staticValues.add(value.get());
            }
        }
        RowSchema schema = session.driver().schema(session.query(query));
        // The query column that fills each expected column (by position, or by the column list); -1: NULL.
        int[] source = new int[expected.size()];
        if (columnList.isEmpty()) {
            if (schema.size() != expected.size()) {
                throw new CatalogException("INSERT into '" + qualified + "': the query gives " + schema.size()
                        + " columns but the table takes " + expected.size() + ": " + names(expected) + ".");
            }
            for (int c = 0; c < source.length; c++) {
                source[c] = c;
            }
        } else {
            if (columnList.size() != schema.size()) {
                throw new CatalogException("INSERT into '" + qualified + "': the column list names "
                        + columnList.size() + " columns but the query gives " + schema.size() + ".");
            }
            java.util.Arrays.fill(source, -1);
            for (int l = 0; l < columnList.size(); l++) {
                int index = -1;
                for (int c = 0; c < expected.size(); c++) {
                    if (expected.get(c).name().equalsIgnoreCase(columnList.get(l))) {
                        index = c;
                    }
                }
                if (index < 0) {
                    throw new CatalogException("INSERT into '" + qualified + "': '" + columnList.get(l) + "' is not "
                            + "one of its columns " + names(expected) + ".");
                }
                if (source[index] >= 0) {
                    throw new CatalogException("INSERT into '" + qualified + "': the column list names '"
                            + columnList.get(l) + "' twice.");
                }
                source[index] = l;
            }
        }
        List<String> aliases = new ArrayList<>();
        for (int c = 0; c < schema.size(); c++) {
            aliases.add(quote("c" + c));
        }
        int next = 0;
        for (Column column : table.columns()) {
            int from = source[next++];
            select.add(cast(from < 0 ? "NULL" : quote("c" + from), column) + " AS " + quote(column.name()));
        }
        for (Column column : table.partitionColumns()) {
            Optional<String> value = partition.stream().filter(k -> k.name().equalsIgnoreCase(column.name()))
                    .findFirst().flatMap(PartitionKey::value);
            String expression;
            if (value.isPresent()) {
                expression = value.get().equalsIgnoreCase("NULL") ? "NULL" : "'" + value.get().replace("'", "''") + "'";
            } else {
                int from = source[next++];
                expression = from < 0 ? "NULL" : quote("c" + from);
            }
            select.add(cast(expression, column) + " AS " + quote(column.name()));
        }
        String sql = "SELECT " + String.join(", ", select) + " FROM (" + query + ") AS " + quote("__insert") + " ("
                + String.join(", ", aliases) + ")";
        Write.Builder write = Write.newBuilder()
                .setPath(table.location())
                .setMode(overwrite ? "overwrite" : "append")
                .setTable(qualified)
                .addAllPartitionBy(names(table.partitionColumns()));
        if (overwrite && !table.partitionColumns().isEmpty()) {
            write.setOverwritePartitions(true);
            if (allStatic) {
                write.addReplacePartitions(io.arbalest.planner.catalog.PartitionSpec.name(names(table.partitionColumns()),
                        staticValues.stream().map(v -> v.equalsIgnoreCase("NULL") ? null : v).toList()));
            }
        }
        session.driver().write(session.query(sql), write.build());
    }

    private static String cast(String expression, Column column) {
        return "CAST(" + expression + " AS " + sqlType(column.type()) + ")";
    }

    private static String sqlType(DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> "BOOLEAN";
            case INT -> "INTEGER";
            case BIGINT -> "BIGINT";
            case REAL -> "REAL";
            case DOUBLE -> "DOUBLE";
            case DECIMAL -> "DECIMAL(" + type.precision() + ", " + type.scale() + ")";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case VARCHAR -> "VARCHAR";
            default -> throw new UnsupportedFeatureException("A table column cannot have type " + type + ".");
        };
    }

    private static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
