package io.arbalest.planner.catalog;

import io.arbalest.planner.types.Column;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What DESCRIBE shows of a table: its data columns, its partition columns, and (EXTENDED) the
 * details of where and how it is stored, in the order Spark prints them; and what a write into it
 * needs: its location and format.
 *
 * @param format how its files are stored; empty for a format Arbalest does not write
 */
public record TableDescription(List<Column> columns, List<Column> partitionColumns, String location,
        java.util.Optional<TableDefinition.StorageFormat> format, Map<String, String> details) {
    public TableDescription {
        columns = List.copyOf(columns);
        partitionColumns = List.copyOf(partitionColumns);
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** A table read from files: its columns as the files give them, its location and format. */
    static TableDescription of(Table table, String catalog) {
        int data = table.schema().size() - table.partitionColumnCount();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("Table", table.name());
        details.put("Catalog", catalog);
        details.put("Location", table.location());
        details.put("Format", table.format().name());
        details.put("Files", String.valueOf(table.files().size()));
        return new TableDescription(table.schema().columns().subList(0, data),
                table.schema().columns().subList(data, table.schema().size()), table.location(),
                table.format() == FileFormat.PARQUET ? java.util.Optional.of(TableDefinition.StorageFormat.PARQUET)
                        : java.util.Optional.empty(), details);
    }
}
