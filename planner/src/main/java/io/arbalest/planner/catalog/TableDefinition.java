package io.arbalest.planner.catalog;

import io.arbalest.planner.types.Column;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A table to register, as CREATE TABLE describes it.
 *
 * @param columns the data columns (what the files hold)
 * @param partitionColumns the partition columns, after the data columns; their values name directories
 * @param format PARQUET or TEXTFILE
 * @param location where the files are; empty: the database's directory / the table's name
 * @param external an external table's files are not removed by DROP TABLE
 * @param properties TBLPROPERTIES, and the SerDe properties of a text table (field.delim)
 */
public record TableDefinition(String database, String name, List<Column> columns, List<Column> partitionColumns,
        StorageFormat format, Optional<String> location, boolean external, Map<String, String> properties,
        String comment) {
    public TableDefinition {
        requireNonNull(database, "database is null");
        requireNonNull(name, "name is null");
        columns = List.copyOf(columns);
        partitionColumns = List.copyOf(partitionColumns);
        requireNonNull(format, "format is null");
        requireNonNull(location, "location is null");
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        comment = comment == null ? "" : comment;
    }

    /** The file formats Arbalest reads and writes Hive tables in, with the class names Hive and Spark know them by. */
    public enum StorageFormat {
        PARQUET("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"),
        TEXTFILE("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                "org.apache.hadoop.mapred.TextInputFormat",
                "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");

        private final String serde;
        private final String inputFormat;
        private final String outputFormat;

        StorageFormat(String serde, String inputFormat, String outputFormat) {
            this.serde = serde;
            this.inputFormat = inputFormat;
            this.outputFormat = outputFormat;
        }

        public String serde() {
            return serde;
        }

        public String inputFormat() {
            return inputFormat;
        }

        public String outputFormat() {
            return outputFormat;
        }
    }
}
