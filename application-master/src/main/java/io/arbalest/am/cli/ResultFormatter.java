package io.arbalest.am.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.arbalest.am.driver.QueryResult;
import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.expr.ValueAccess;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.DecimalValues;
import io.arbalest.planner.types.RowSchema;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** Prints a query result as an aligned table, CSV (RFC 4180) or JSON (one object per row). */
public final class ResultFormatter {
    public enum Format { TABLE, CSV, JSON }

    /** Rows a table shows at most; a table is for people, CSV and JSON for programs. */
    private static final int MAX_TABLE_ROWS = 10_000;

    private ResultFormatter() {
    }

    public static void print(QueryResult result, Format format, Writer out) throws IOException {
        switch (format) {
            case CSV -> csv(result, out);
            case JSON -> json(result, out);
            case TABLE -> table(result, new PrintWriter(out));
        }
        out.flush();
    }

    /** Header line, NULL as an empty field, dates ISO-8601, decimals with their scale. */
    private static void csv(QueryResult result, Writer out) throws IOException {
        RowSchema schema = result.schema();
        CsvWriter writer = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out);
        writer.writeRecord(schema.names());
        for (Batch batch : result.batches()) {
            for (int row = 0; row < batch.rowCount(); row++) {
                List<String> fields = new ArrayList<>(schema.size());
                for (int c = 0; c < schema.size(); c++) {
                    String text = text(batch, c, row, schema.type(c));
                    fields.add(text == null ? "" : text);
                }
                writer.writeRecord(fields);
            }
        }
        writer.flush(); // not close: the target (stdout) stays open
    }

    private static void json(QueryResult result, Writer out) throws IOException {
        RowSchema schema = result.schema();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            for (Batch batch : result.batches()) {
                for (int row = 0; row < batch.rowCount(); row++) {
                    json.writeStartObject();
                    for (int c = 0; c < schema.size(); c++) {
                        DataType type = schema.type(c);
                        Object value = ValueAccess.get(batch.vector(c), row, type);
                        json.writeFieldName(schema.column(c).name());
                        if (value == null) {
                            json.writeNull();
                        } else if (type.kind() == DataType.Kind.DECIMAL) {
                            json.writeNumber(DecimalValues.toBigDecimal(value, type.scale()));
                        } else if (type.isIntegral()) {
                            json.writeNumber((Long) value);
                        } else if (type.isFloatingPoint()) {
                            json.writeNumber((Double) value);
                        } else if (value instanceof Boolean b) {
                            json.writeBoolean(b);
                        } else {
                            json.writeString(ValueAccess.format(value, type));
                        }
                    }
                    json.writeEndObject();
                    json.writeRaw('\n');
                }
            }
        }
    }

    private static void table(QueryResult result, PrintWriter out) {
        RowSchema schema = result.schema();
        List<String[]> rows = new ArrayList<>();
        int[] widths = new int[schema.size()];
        for (int c = 0; c < schema.size(); c++) {
            widths[c] = schema.column(c).name().length();
        }
        long total = result.rowCount();
        outer:
        for (Batch batch : result.batches()) {
            for (int row = 0; row < batch.rowCount(); row++) {
                if (rows.size() == MAX_TABLE_ROWS) {
                    break outer;
                }
                String[] cells = new String[schema.size()];
                for (int c = 0; c < schema.size(); c++) {
                    String text = text(batch, c, row, schema.type(c));
                    cells[c] = text == null ? "NULL" : text;
                    widths[c] = Math.max(widths[c], cells[c].length());
                }
                rows.add(cells);
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int width : widths) {
            rule.append("-".repeat(width + 2)).append('+');
        }
        out.println(rule);
        out.println(line(schema.names().toArray(String[]::new), widths, schema, true));
        out.println(rule);
        for (String[] cells : rows) {
            out.println(line(cells, widths, schema, false));
        }
        out.println(rule);
        out.println(total + (total == 1 ? " row" : " rows") + (total > rows.size() ? " (" + rows.size() + " shown)" : ""));
    }

    private static String line(String[] cells, int[] widths, RowSchema schema, boolean header) {
        StringBuilder line = new StringBuilder("|");
        for (int c = 0; c < cells.length; c++) {
            boolean right = !header && schema.type(c).isNumeric();
            String padding = " ".repeat(widths[c] - cells[c].length());
            line.append(' ').append(right ? padding + cells[c] : cells[c] + padding).append(" |");
        }
        return line.toString();
    }

    private static String text(Batch batch, int column, int row, DataType type) {
        return ValueAccess.format(ValueAccess.get(batch.vector(column), row, type), type);
    }
}
