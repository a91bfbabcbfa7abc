package io.arbalest.planner.sql;

import io.arbalest.planner.catalog.Catalog;
import io.arbalest.planner.catalog.Table;
import io.arbalest.planner.error.CatalogException;
import io.arbalest.planner.types.Column;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Shows one database of an Arbalest {@link Catalog} to Calcite. Tables are resolved by name
 * without reading files; a table's metadata is read when the validator first asks for its row
 * type, once per query ({@code loaded}).
 */
final class CatalogSchema extends AbstractSchema {
    private final Catalog catalog;
    private final String database;
    /** The tables the query has read, by lower-case {@code db.table}. */
    private final Map<String, Table> loaded;
    /** The table names the query has listed, by database: listed once however often it is validated. */
    private final Map<String, List<String>> names;
    private Map<String, org.apache.calcite.schema.Table> tables;

    CatalogSchema(Catalog catalog, String database, Map<String, Table> loaded, Map<String, List<String>> names) {
        this.catalog = catalog;
        this.database = database;
        this.loaded = loaded;
        this.names = names;
    }

    /** Tables of one query only, at the root: files a DataFrame reads by path, and its session.range reads. */
    static Map<String, org.apache.calcite.schema.Table> queryTables(Map<String, Table> files,
            Map<String, RangeTable> ranges) {
        Map<String, org.apache.calcite.schema.Table> tables = new LinkedHashMap<>();
        files.forEach((name, table) -> tables.put(name, new CatalogTable(() -> table)));
        tables.putAll(ranges);
        return tables;
    }

    @Override
    protected synchronized Map<String, org.apache.calcite.schema.Table> getTableMap() {
        if (tables == null) {
            tables = new LinkedHashMap<>();
            for (String name : names.computeIfAbsent(database, catalog::tableNames)) {
                String key = (database + "." + name).toLowerCase(java.util.Locale.ROOT);
                tables.put(name, new CatalogTable(() -> loaded.computeIfAbsent(key, k -> catalog.table(database, name)
                        .orElseThrow(() -> new CatalogException("Table '" + database + "." + name + "' disappeared")))));
            }
        }
        return tables;
    }

    /**
     * BIGINT values {@code start, start + step, ...} before {@code end} in a column {@code id}
     * (a DataFrame's session.range); the physical planner reads it as a RangeNode.
     */
    record RangeTable(long start, long end, long step) implements org.apache.calcite.schema.Table {
        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            return typeFactory.builder().add("id", TypeMapping.toCalcite(typeFactory,
                    io.arbalest.planner.types.DataType.BIGINT, false)).build();
        }

        @Override
        public Statistic getStatistic() {
            return Statistics.of(io.arbalest.planner.physical.RangeNode.count(start, end, step), List.of());
        }

        @Override
        public org.apache.calcite.schema.Schema.TableType getJdbcTableType() {
            return org.apache.calcite.schema.Schema.TableType.TABLE;
        }

        @Override
        public boolean isRolledUp(String column) {
            return false;
        }

        @Override
        public boolean rolledUpColumnValidInsideAgg(String column, org.apache.calcite.sql.SqlCall call,
                org.apache.calcite.sql.SqlNode parent, org.apache.calcite.config.CalciteConnectionConfig config) {
            return false;
        }
    }

    /** One table as Calcite sees it; {@link #table()} is the Arbalest table it stands for. */
    static final class CatalogTable extends AbstractTable {
        private final Supplier<Table> table;

        CatalogTable(Supplier<Table> table) {
            this.table = table;
        }

        Table table() {
            return table.get();
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            RelDataTypeFactory.Builder builder = typeFactory.builder();
            for (Column column : table().schema().columns()) {
                builder.add(column.name(), TypeMapping.toCalcite(typeFactory, column.type(), column.nullable()));
            }
            return builder.build();
        }

        @Override
        public Statistic getStatistic() {
            return Statistics.of(table().estimatedRowCount(), List.of());
        }
    }
}
