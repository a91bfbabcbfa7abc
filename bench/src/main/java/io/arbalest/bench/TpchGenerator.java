package io.arbalest.bench;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the 8 TPC-H tables as Parquet with the specification's types: DECIMAL(15,2) for money
 * and quantities, DATE, BIGINT keys, INT for other integers, VARCHAR strings. One directory per
 * table; the large tables are split into several files so that a scan has splits.
 */
public final class TpchGenerator {
    private TpchGenerator() {
    }

    public static void generate(double scaleFactor, String output, Configuration conf, int threads)
            throws IOException, InterruptedException {
        List<ParquetParts.TableParts> tables = new ArrayList<>();
        for (TpchTable<?> table : TpchTable.getTables()) {
            tables.add(tableParts(table, scaleFactor));
        }
        ParquetParts.write(output, conf, threads, tables, "TPC-H");
    }

    private static <E extends TpchEntity> ParquetParts.TableParts tableParts(TpchTable<E> table, double scaleFactor) {
        MessageType schema = schemaOf(table);
        return new ParquetParts.TableParts(table.getTableName(), schema, partsOf(table, scaleFactor),
                (part, parts, writer) -> writePart(table, scaleFactor, part, parts, schema, writer));
    }

    private static int partsOf(TpchTable<?> table, double scaleFactor) {
        return switch (table.getTableName()) {
            case "lineitem" -> Math.max(2, (int) Math.ceil(scaleFactor * 8));
            case "orders", "partsupp" -> Math.max(2, (int) Math.ceil(scaleFactor * 2));
            case "part", "customer" -> Math.max(1, (int) Math.ceil(scaleFactor));
            default -> 1;
        };
    }

    private static <E extends TpchEntity> void writePart(TpchTable<E> table, double scaleFactor, int part, int parts,
            MessageType schema, ParquetWriter<Group> writer) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        List<TpchColumn<E>> columns = table.getColumns();
        for (E entity : table.createGenerator(scaleFactor, part, parts)) {
            Group group = groups.newGroup();
            for (int c = 0; c < columns.size(); c++) {
                TpchColumn<E> column = columns.get(c);
                switch (column.getType().getBase()) {
                    case IDENTIFIER -> group.add(c, column.getIdentifier(entity));
                    case INTEGER -> group.add(c, column.getInteger(entity));
                    case DATE -> group.add(c, column.getDate(entity));
                    case DOUBLE -> group.add(c, Math.round(column.getDouble(entity) * 100));
                    case VARCHAR -> group.add(c, column.getString(entity));
                }
            }
            writer.write(group);
        }
    }

    static <E extends TpchEntity> MessageType schemaOf(TpchTable<E> table) {
        Types.MessageTypeBuilder builder = Types.buildMessage();
        for (TpchColumn<E> column : table.getColumns()) {
            String name = column.getColumnName();
            TpchColumnType.Base base = column.getType().getBase();
            switch (base) {
                case IDENTIFIER -> builder.required(PrimitiveTypeName.INT64).named(name);
                case INTEGER -> builder.required(PrimitiveTypeName.INT32).named(name);
                case DATE -> builder.required(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(name);
                case DOUBLE -> builder.required(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.decimalType(2, 15)).named(name);
                case VARCHAR -> builder.required(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType()).named(name);
            }
        }
        return builder.named(table.getTableName());
    }
}
