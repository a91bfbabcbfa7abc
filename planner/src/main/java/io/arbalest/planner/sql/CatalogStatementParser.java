package io.arbalest.planner.sql;

import io.arbalest.planner.sql.CatalogStatement.ColumnDefinition;
import io.arbalest.planner.sql.CatalogStatement.PartitionKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Parses the catalog statements ({@link CatalogStatement}) from a cursor past their first word. */
final class CatalogStatementParser {
    private CatalogStatementParser() {
    }

    /** After USE. */
    static CatalogStatement use(StatementCursor cursor, int line) {
        String database = cursor.part("database");
        cursor.end();
        return new CatalogStatement.Use(database, line);
    }

    /** After CREATE DATABASE|SCHEMA. */
    static CatalogStatement createDatabase(StatementCursor cursor, int line) {
        boolean ifNotExists = cursor.acceptAll("IF", "NOT", "EXISTS");
        String name = cursor.part("database");
        Optional<String> location = Optional.empty();
        String comment = "";
        while (!cursor.atEnd()) {
            if (cursor.accept("COMMENT")) {
                comment = cursor.string("the comment");
            } else if (cursor.accept("LOCATION")) {
                location = Optional.of(cursor.string("the location"));
            } else if (cursor.accept("WITH") && cursor.expect("DBPROPERTIES")) {
                properties(cursor);
            } else {
                cursor.end();
            }
        }
        return new CatalogStatement.CreateDatabase(name, ifNotExists, location, comment, line);
    }

    /** After DROP DATABASE|SCHEMA. */
    static CatalogStatement dropDatabase(StatementCursor cursor, int line) {
        boolean ifExists = cursor.acceptAll("IF", "EXISTS");
        String name = cursor.part("database");
        boolean cascade = cursor.accept("CASCADE");
        if (!cascade) {
            cursor.accept("RESTRICT");
        }
        cursor.end();
        return new CatalogStatement.DropDatabase(name, ifExists, cascade, line);
    }

    /** After SHOW. */
    static CatalogStatement show(StatementCursor cursor, int line) {
        if (cursor.accept("DATABASES") || cursor.accept("SCHEMAS")) {
            Optional<String> like = like(cursor);
            cursor.end();
            return new CatalogStatement.ShowDatabases(like, line);
        }
        if (cursor.accept("TABLES")) {
            Optional<String> database = cursor.accept("IN") || cursor.accept("FROM")
                    ? Optional.of(cursor.part("database")) : Optional.empty();
            Optional<String> like = like(cursor);
            cursor.end();
            return new CatalogStatement.ShowTables(database, like, line);
        }
        if (cursor.accept("PARTITIONS")) {
            TableName table = cursor.tableName();
            cursor.end();
            return new CatalogStatement.ShowPartitions(table, line);
        }
        throw SqlScript.unsupported("SHOW " + cursor.peekWord(), line);
    }

    private static Optional<String> like(StatementCursor cursor) {
        if (cursor.accept("LIKE")) {
            return Optional.of(cursor.string("the pattern"));
        }
        if (cursor.peekIsString()) {
            return Optional.of(cursor.string("the pattern")); // Hive: SHOW TABLES 'pattern'
        }
        return Optional.empty();
    }

    /** After DESCRIBE or DESC. */
    static CatalogStatement describe(StatementCursor cursor, int line) {
        cursor.accept("TABLE");
        boolean extended = cursor.accept("EXTENDED") || cursor.accept("FORMATTED");
        TableName table = cursor.tableName();
        cursor.end();
        return new CatalogStatement.Describe(table, extended, line);
    }

    /** After CREATE [EXTERNAL] TABLE. */
    static CatalogStatement createTable(StatementCursor cursor, boolean external, int line) {
        boolean ifNotExists = cursor.acceptAll("IF", "NOT", "EXISTS");
        TableName table = cursor.tableName();
        List<ColumnDefinition> columns = cursor.peekIsSymbol("(") ? columns(cursor, false) : List.of();
        List<ColumnDefinition> partitionColumns = List.of();
        List<String> partitionedBy = List.of();
        Optional<String> format = Optional.empty();
        Optional<String> location = Optional.empty();
        Map<String, String> properties = new LinkedHashMap<>();
        String comment = "";
        Optional<String> query = Optional.empty();
        while (!cursor.atEnd()) {
            if (cursor.accept("COMMENT")) {
                comment = cursor.string("the comment");
            } else if (cursor.acceptAll("PARTITIONED", "BY")) {
                List<ColumnDefinition> keys = columns(cursor, true);
                if (keys.stream().allMatch(k -> k.type().isEmpty())) {
                    partitionedBy = keys.stream().map(ColumnDefinition::name).toList();
                } else if (keys.stream().anyMatch(k -> k.type().isEmpty())) {
                    throw cursor.syntax("PARTITIONED BY gives either every column with its type (a new table) or "
                            + "only names of its columns (CREATE TABLE ... AS SELECT), not both");
                } else {
                    partitionColumns = keys;
                }
            } else if (cursor.acceptAll("ROW", "FORMAT")) {
                cursor.expect("DELIMITED");
                while (true) {
                    if (cursor.acceptAll("FIELDS", "TERMINATED", "BY")) {
                        properties.put("field.delim", cursor.string("the field delimiter"));
                    } else if (cursor.acceptAll("NULL", "DEFINED", "AS")) {
                        properties.put("serialization.null.format", cursor.string("the NULL marker"));
                    } else if (cursor.acceptAll("LINES", "TERMINATED", "BY")) {
                        String lines = cursor.string("the line delimiter");
                        if (!lines.equals("\n")) {
                            throw cursor.syntax("text tables end their lines with '\\n' only");
                        }
                    } else {
                        break;
                    }
                }
            } else if (cursor.acceptAll("STORED", "AS")) {
                format = Optional.of(cursor.part("format").toUpperCase(Locale.ROOT));
            } else if (cursor.accept("USING")) {
                String using = cursor.part("format").toUpperCase(Locale.ROOT);
                format = Optional.of(using.equals("TEXT") || using.equals("HIVE") ? "TEXTFILE" : using);
            } else if (cursor.accept("LOCATION")) {
                location = Optional.of(cursor.string("the location"));
            } else if (cursor.accept("TBLPROPERTIES") || cursor.accept("OPTIONS")) {
                properties.putAll(properties(cursor));
            } else if (cursor.accept("AS")) {
                query = Optional.of(cursor.rest());
                break;
            } else if (cursor.acceptAll("CLUSTERED", "BY")) {
                throw new io.arbalest.planner.error.UnsupportedFeatureException("Bucketed tables (CLUSTERED BY) are "
                        + "not supported yet (line " + line + "); create the table without CLUSTERED BY ... INTO n "
                        + "BUCKETS.");
            } else {
                cursor.end();
            }
        }
        if (columns.isEmpty() && query.isEmpty()) {
            throw cursor.syntax("CREATE TABLE needs its columns, (name TYPE, ...), or AS SELECT ...");
        }
        if (!columns.isEmpty() && query.isPresent()) {
            throw cursor.syntax("CREATE TABLE ... AS SELECT takes its columns from the query: leave out the "
                    + "column list");
        }
        if (query.isEmpty() && !partitionedBy.isEmpty()) {
            throw cursor.syntax("PARTITIONED BY of a new table gives each column with its type: (name TYPE, ...)");
        }
        return new CatalogStatement.CreateTable(table, external, ifNotExists, columns, partitionColumns, partitionedBy,
                format, location, properties, comment, query, line);
    }

    /** {@code (name TYPE [COMMENT 'c'], ...)}; with {@code namesAllowed}, a name alone has an empty type. */
    private static List<ColumnDefinition> columns(StatementCursor cursor, boolean namesAllowed) {
        List<ColumnDefinition> columns = new ArrayList<>();
        cursor.expectSymbol("(");
        do {
            String name = cursor.part("column");
            String type = namesAllowed && (cursor.peekIsSymbol(",") || cursor.peekIsSymbol(")")) ? "" : cursor.typeText();
            String comment = cursor.accept("COMMENT") ? cursor.string("the comment") : "";
            columns.add(new ColumnDefinition(name, type, comment));
        } while (cursor.acceptSymbol(","));
        cursor.expectSymbol(")");
        return columns;
    }

    /** {@code ('k' = 'v', ...)}. */
    private static Map<String, String> properties(StatementCursor cursor) {
        Map<String, String> properties = new LinkedHashMap<>();
        cursor.expectSymbol("(");
        do {
            String key = cursor.peekIsString() ? cursor.string("the property name") : cursor.part("property");
            cursor.acceptSymbol("=");
            properties.put(key, cursor.literal("the property's value"));
        } while (cursor.acceptSymbol(","));
        cursor.expectSymbol(")");
        return properties;
    }

    /** After DROP TABLE. */
    static CatalogStatement dropTable(StatementCursor cursor, int line) {
        boolean ifExists = cursor.acceptAll("IF", "EXISTS");
        TableName table = cursor.tableName();
        cursor.accept("PURGE");
        cursor.end();
        return new CatalogStatement.DropTable(table, ifExists, line);
    }

    /** After ALTER TABLE. */
    static CatalogStatement alterTable(StatementCursor cursor, int line) {
        TableName table = cursor.tableName();
        if (cursor.acceptAll("RECOVER", "PARTITIONS")) {
            cursor.end();
            return new CatalogStatement.RepairTable(table, line);
        }
        boolean add = cursor.accept("ADD");
        if (!add && !cursor.accept("DROP")) {
            throw SqlScript.unsupported("ALTER TABLE ... " + cursor.peekWord(), line);
        }
        boolean ifFlag = add ? cursor.acceptAll("IF", "NOT", "EXISTS") : cursor.acceptAll("IF", "EXISTS");
        List<List<PartitionKey>> partitions = new ArrayList<>();
        List<Optional<String>> locations = new ArrayList<>();
        do {
            cursor.expect("PARTITION");
            List<PartitionKey> keys = partitionKeys(cursor);
            if (keys.stream().anyMatch(k -> k.value().isEmpty())) {
                throw cursor.syntax("ALTER TABLE ... PARTITION gives every partition column a value: (k = 'v', ...)");
            }
            partitions.add(keys);
            locations.add(add && cursor.accept("LOCATION") ? Optional.of(cursor.string("the location")) : Optional.empty());
        } while (add ? !cursor.atEnd() : cursor.acceptSymbol(","));
        if (!add) {
            cursor.accept("PURGE");
        }
        cursor.end();
        return new CatalogStatement.AlterPartitions(table, add, ifFlag, partitions, locations, line);
    }

    /** {@code (k = 'v', k2, ...)}. */
    private static List<PartitionKey> partitionKeys(StatementCursor cursor) {
        List<PartitionKey> keys = new ArrayList<>();
        cursor.expectSymbol("(");
        do {
            String name = cursor.part("partition column");
            Optional<String> value = cursor.acceptSymbol("=") ? Optional.of(cursor.literal("the partition value"))
                    : Optional.empty();
            keys.add(new PartitionKey(name, value));
        } while (cursor.acceptSymbol(","));
        cursor.expectSymbol(")");
        return keys;
    }

    /** After MSCK. */
    static CatalogStatement repair(StatementCursor cursor, int line) {
        cursor.expect("REPAIR");
        cursor.expect("TABLE");
        TableName table = cursor.tableName();
        cursor.end();
        return new CatalogStatement.RepairTable(table, line);
    }

    /** After INSERT. */
    static CatalogStatement insert(StatementCursor cursor, int line) {
        boolean overwrite = cursor.accept("OVERWRITE");
        if (!overwrite) {
            cursor.expect("INTO");
        }
        cursor.accept("TABLE");
        TableName table = cursor.tableName();
        List<PartitionKey> partition = cursor.accept("PARTITION") ? partitionKeys(cursor) : List.of();
        List<String> columns = List.of();
        if (cursor.peekIsSymbol("(") && !cursor.peekAfterParenthesisIsQuery()) {
            columns = cursor.columnList();
        }
        return new CatalogStatement.Insert(table, overwrite, partition, columns, cursor.rest(), line);
    }
}
