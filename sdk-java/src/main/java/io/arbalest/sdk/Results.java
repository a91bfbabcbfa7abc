package io.arbalest.sdk;

import io.arbalest.am.driver.QueryResult;
import io.arbalest.am.driver.ResultStream;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.RowSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** Results as the SDK hands them out: schemas as StructType, rows as Row, and Spark's show() table. */
final class Results {
    private static final int TRUNCATE = 20;

    private Results() {
    }

    static StructType structType(RowSchema schema) {
        List<StructField> fields = new ArrayList<>();
        for (Column column : schema.columns()) {
            fields.add(new StructField(column.name(), new DataType(sqlName(column.type())), column.nullable()));
        }
        return new StructType(fields);
    }

    private static String sqlName(io.arbalest.planner.types.DataType type) {
        return switch (type.kind()) {
            case INT -> "INTEGER";
            case DECIMAL -> "DECIMAL(" + type.precision() + ", " + type.scale() + ")";
            default -> type.toString();
        };
    }

    static List<Row> rows(QueryResult result) {
        StructType schema = structType(result.schema());
        List<Row> rows = new ArrayList<>();
        for (int batch = 0; batch < result.batchCount(); batch++) {
            addRows(result, batch, schema, rows);
        }
        return rows;
    }

    private static void addRows(QueryResult result, int batch, StructType schema, List<Row> rows) {
        int columns = schema.size();
        for (int row = 0; row < result.rowCount(batch); row++) {
            Object[] values = new Object[columns];
            for (int c = 0; c < columns; c++) {
                values[c] = result.value(batch, c, row);
            }
            rows.add(new Row(values, schema));
        }
    }

    /** Rows batch by batch; the stream closes when the last row was read or the iterator is closed. */
    static DataFrame.CloseableIterator<Row> iterator(ResultStream result) {
        StructType schema = structType(result.schema());
        return new DataFrame.CloseableIterator<>() {
            private List<Row> rows = List.of();
            private int next;
            private boolean closed;

            @Override
            public boolean hasNext() {
                while (next >= rows.size()) {
                    if (closed) {
                        return false;
                    }
                    java.util.Optional<QueryResult> chunk;
                    try {
                        chunk = result.next();
                    } catch (RuntimeException | Error e) {
                        close();
                        throw e;
                    }
                    if (chunk.isEmpty()) {
                        close();
                        return false;
                    }
                    rows = new ArrayList<>();
                    try (QueryResult batch = chunk.get()) {
                        addRows(batch, 0, schema, rows);
                    }
                    next = 0;
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return rows.get(next++);
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    result.close();
                }
            }
        };
    }

    /** Spark's show() table: +---+ rules, right-aligned cells, "only showing top N rows" when cut. */
    static String table(StructType schema, List<Row> rows, boolean more, boolean truncate) {
        int columns = schema.size();
        List<String[]> cells = new ArrayList<>();
        cells.add(schema.fieldNames());
        for (Row row : rows) {
            String[] line = new String[columns];
            for (int c = 0; c < columns; c++) {
                Object value = row.get(c);
                String text = value == null ? "NULL" : value instanceof java.math.BigDecimal d ? d.toPlainString()
                        : value instanceof java.time.LocalDateTime time ? time.toString().replace('T', ' ')
                        : value.toString();
                if (truncate && text.length() > TRUNCATE) {
                    text = text.substring(0, TRUNCATE - 3) + "...";
                }
                line[c] = text;
            }
            cells.add(line);
        }
        int[] widths = new int[columns];
        for (String[] line : cells) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(Math.max(widths[c], 3), line[c].length());
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int width : widths) {
            rule.append("-".repeat(width)).append('+');
        }
        StringBuilder text = new StringBuilder(rule).append('\n');
        for (int i = 0; i < cells.size(); i++) {
            text.append('|');
            for (int c = 0; c < columns; c++) {
                String cell = cells.get(i)[c];
                text.append(" ".repeat(widths[c] - cell.length())).append(cell).append('|');
            }
            text.append('\n');
            if (i == 0) {
                text.append(rule).append('\n');
            }
        }
        text.append(rule).append('\n');
        if (more) {
            text.append("only showing top ").append(rows.size()).append(" row").append(rows.size() == 1 ? "" : "s")
                    .append('\n');
        }
        return text.toString();
    }
}
