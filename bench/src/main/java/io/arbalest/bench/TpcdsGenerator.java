package io.arbalest.bench;

import io.trino.tpcds.Results;
import io.trino.tpcds.Session;
import io.trino.tpcds.Table;
import io.trino.tpcds.column.Column;
import io.trino.tpcds.column.ColumnType;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes the 24 TPC-DS tables as Parquet with the specification's types: BIGINT surrogate keys
 * (identifiers), INT for other integers, DATE, DECIMAL(p,s) for money, VARCHAR for char(n) and
 * varchar(n); decimals of up to 9 digits in INT32, as Spark and Hive write them. One directory per table; the fact tables are split into several files.
 * <p>
 * The generator (a Java port of the TPC's dsdgen) gives each value as text, an empty field
 * being NULL as in dsdgen's flat files. It names one column {@code p_response_targe}; it is
 * written as the specification names it, {@code p_response_target}.
 */
public final class TpcdsGenerator {
    private static final Set<String> FACT_TABLES = Set.of("store_sales", "catalog_sales", "web_sales", "inventory",
            "store_returns", "catalog_returns", "web_returns");

    private TpcdsGenerator() {
    }

    public static void generate(double scaleFactor, String output, Configuration conf, int threads)
            throws IOException, InterruptedException {
        List<ParquetParts.TableParts> tables = new ArrayList<>();
        for (Table table : Table.getBaseTables()) {
            if (table == Table.DBGEN_VERSION) {
                continue;
            }
            MessageType schema = schemaOf(table);
            int parts = FACT_TABLES.contains(table.getName()) ? Math.max(2, (int) Math.ceil(scaleFactor * 4)) : 1;
            tables.add(new ParquetParts.TableParts(table.getName(), schema, parts,
                    (part, count, writer) -> writePart(table, scaleFactor, part, count, schema, writer)));
        }
        ParquetParts.write(output, conf, threads, tables, "TPC-DS");
    }

    private static void writePart(Table table, double scaleFactor, int part, int parts, MessageType schema,
            ParquetWriter<Group> writer) throws IOException {
        Session session = Session.getDefaultSession().withScale(scaleFactor).withTable(table)
                .withParallelism(parts).withChunkNumber(part);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        Column[] columns = table.getColumns();
        for (List<List<String>> rows : Results.constructResults(table, session)) {
            List<String> row = rows.get(0);
            Group group = groups.newGroup();
            for (int c = 0; c < columns.length; c++) {
                String value = row.get(c);
                if (value == null || value.isEmpty()) {
                    continue; // NULL
                }
                ColumnType type = columns[c].getType();
                switch (type.getBase()) {
                    case IDENTIFIER -> group.add(c, Long.parseLong(value));
                    case INTEGER -> group.add(c, Integer.parseInt(value));
                    case DATE -> group.add(c, (int) LocalDate.parse(value).toEpochDay());
                    case DECIMAL -> {
                        long unscaled = new BigDecimal(value).setScale(type.getScale().orElseThrow())
                                .unscaledValue().longValueExact();
                        if (type.getPrecision().orElseThrow() <= 9) {
                            group.add(c, Math.toIntExact(unscaled));
                        } else {
                            group.add(c, unscaled);
                        }
                    }
                    case VARCHAR, CHAR, TIME -> group.add(c, value);
                }
            }
            writer.write(group);
        }
    }

    static MessageType schemaOf(Table table) {
        Types.MessageTypeBuilder builder = Types.buildMessage();
        for (Column column : table.getColumns()) {
            String name = column.getName().equals("p_response_targe") ? "p_response_target" : column.getName();
            ColumnType type = column.getType();
            switch (type.getBase()) {
                case IDENTIFIER -> builder.optional(PrimitiveTypeName.INT64).named(name);
                case INTEGER -> builder.optional(PrimitiveTypeName.INT32).named(name);
                case DATE -> builder.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(name);
                // As Spark and Hive write them: INT32 up to 9 digits, INT64 up to 18.
                case DECIMAL -> builder.optional(type.getPrecision().orElseThrow() <= 9
                                ? PrimitiveTypeName.INT32 : PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.decimalType(type.getScale().orElseThrow(),
                                type.getPrecision().orElseThrow())).named(name);
                case VARCHAR, CHAR, TIME -> builder.optional(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType()).named(name);
            }
        }
        return builder.named(table.getName());
    }
}
