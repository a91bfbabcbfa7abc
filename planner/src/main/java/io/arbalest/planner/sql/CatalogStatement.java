package io.arbalest.planner.sql;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statements of a script that read or change the catalog (HiveQL and Spark SQL forms), as
 * {@link SqlScript} parses them; the driver's session runs them.
 */
public sealed interface CatalogStatement extends SqlScript.Statement {
    /** {@code name TYPE [COMMENT 'text']} of CREATE TABLE; {@code type} as written (a Hive type name). */
    record ColumnDefinition(String name, String type, String comment) {
    }

    /** {@code k = 'v'} of a static partition, or {@code k} alone (a dynamic one, value empty). */
    record PartitionKey(String name, Optional<String> value) {
    }

    /** {@code USE db}. */
    record Use(String database, int line) implements CatalogStatement {
        @Override
        public String kind() {
            return "USE";
        }
    }

    /** {@code CREATE DATABASE|SCHEMA [IF NOT EXISTS] db [COMMENT 'c'] [LOCATION 'uri']}. */
    record CreateDatabase(String name, boolean ifNotExists, Optional<String> location, String comment, int line)
            implements CatalogStatement {
        @Override
        public String kind() {
            return "CREATE DATABASE";
        }
    }

    /** {@code DROP DATABASE|SCHEMA [IF EXISTS] db [RESTRICT|CASCADE]}. */
    record DropDatabase(String name, boolean ifExists, boolean cascade, int line) implements CatalogStatement {
        @Override
        public String kind() {
            return "DROP DATABASE";
        }
    }

    /** {@code SHOW DATABASES|SCHEMAS [LIKE 'pattern']}. */
    record ShowDatabases(Optional<String> like, int line) implements CatalogStatement {
        @Override
        public String kind() {
            return "SHOW DATABASES";
        }
    }

    /** {@code SHOW TABLES [IN|FROM db] [LIKE 'pattern']}. */
    record ShowTables(Optional<String> database, Optional<String> like, int line) implements CatalogStatement {
        @Override
        public String kind() {
            return "SHOW TABLES";
        }
    }

    /** {@code DESCRIBE|DESC [TABLE] [EXTENDED|FORMATTED] t}. */
    record Describe(TableName table, boolean extended, int line) implements CatalogStatement {
        @Override
        public String kind() {
            return "DESCRIBE";
        }
    }

    /** {@code SHOW PARTITIONS t}. */
    record ShowPartitions(TableName table, int line) implements CatalogStatement {
        @Override
        public String kind() {
            return "SHOW PARTITIONS";
        }
    }

    /**
     * {@code CREATE [EXTERNAL] TABLE [IF NOT EXISTS] t [(columns)] [COMMENT 'c'] [PARTITIONED BY (columns |
     * names)] [ROW FORMAT DELIMITED FIELDS TERMINATED BY 'x'] [STORED AS fmt | USING fmt] [LOCATION 'uri']
     * [TBLPROPERTIES (...)] [AS query]}. With a query (CTAS), {@code partitionedBy} names columns of it.
     *
     * @param format PARQUET or TEXTFILE as written (upper case); empty: not given
     * @param properties TBLPROPERTIES, and {@code field.delim} from ROW FORMAT
     */
    record CreateTable(TableName table, boolean external, boolean ifNotExists, List<ColumnDefinition> columns,
            List<ColumnDefinition> partitionColumns, List<String> partitionedBy, Optional<String> format,
            Optional<String> location, Map<String, String> properties, String comment, Optional<String> query,
            int line) implements CatalogStatement {
        @Override
        public String kind() {
            return query.isPresent() ? "CREATE TABLE AS SELECT" : "CREATE TABLE";
        }
    }

    /** {@code DROP TABLE [IF EXISTS] t [PURGE]}. */
    record DropTable(TableName table, boolean ifExists, int line) implements CatalogStatement {
        @Override
        public String kind() {
            return "DROP TABLE";
        }
    }

    /**
     * {@code ALTER TABLE t ADD [IF NOT EXISTS] PARTITION (k='v', ...) [LOCATION 'uri'] ...} or
     * {@code ALTER TABLE t DROP [IF EXISTS] PARTITION (k='v', ...), ...}.
     *
     * @param ifFlag IF NOT EXISTS (add) or IF EXISTS (drop)
     * @param locations per partition, its LOCATION if given
     */
    record AlterPartitions(TableName table, boolean add, boolean ifFlag, List<List<PartitionKey>> partitions,
            List<Optional<String>> locations, int line) implements CatalogStatement {
        @Override
        public String kind() {
            return add ? "ALTER TABLE ADD PARTITION" : "ALTER TABLE DROP PARTITION";
        }
    }

    /** {@code MSCK REPAIR TABLE t} (also Spark's {@code ALTER TABLE t RECOVER PARTITIONS}). */
    record RepairTable(TableName table, int line) implements CatalogStatement {
        @Override
        public String kind() {
            return "MSCK REPAIR TABLE";
        }
    }

    /**
     * {@code INSERT INTO|OVERWRITE [TABLE] t [PARTITION (k='v' | k, ...)] [(col, ...)] query}; {@code columns}
     * empty: the table's columns in order.
     */
    record Insert(TableName table, boolean overwrite, List<PartitionKey> partition, List<String> columns, String query,
            int line) implements CatalogStatement {
        @Override
        public String kind() {
            return overwrite ? "INSERT OVERWRITE" : "INSERT INTO";
        }
    }
}
