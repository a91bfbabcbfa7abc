package io.arbalest.planner.catalog;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.arbalest.planner.error.CatalogException;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a CSV file's header line and infers each column's type from the first rows: BIGINT,
 * DOUBLE, BOOLEAN, DATE, TIMESTAMP, else VARCHAR. An empty field is NULL and says nothing.
 */
public final class CsvSchemaInference {
    /** Rows looked at to choose a column's type. */
    public static final int SAMPLE_ROWS = 1000;

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");

    private CsvSchemaInference() {
    }

    public static RowSchema infer(InputStream in, String file) throws IOException {
        try (CsvReader<CsvRecord> reader = CsvReader.builder()
                .ofCsvRecord(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Iterator<CsvRecord> rows = reader.iterator();
            if (!rows.hasNext()) {
                throw new CatalogException("CSV file " + file + " is empty; it needs a header line naming the columns.");
            }
            List<String> names = rows.next().getFields();
            DataType.Kind[] kinds = new DataType.Kind[names.size()];
            for (int i = 0; i < SAMPLE_ROWS && rows.hasNext(); i++) {
                CsvRecord row = rows.next();
                for (int c = 0; c < kinds.length && c < row.getFieldCount(); c++) {
                    String value = row.getField(c);
                    if (!value.isEmpty()) {
                        kinds[c] = widen(kinds[c], kindOf(value));
                    }
                }
            }
            List<Column> columns = new ArrayList<>();
            for (int c = 0; c < kinds.length; c++) {
                DataType.Kind kind = kinds[c] == null ? DataType.Kind.VARCHAR : kinds[c];
                columns.add(new Column(names.get(c).trim(), new DataType(kind, 0, 0), true));
            }
            return new RowSchema(columns);
        }
    }

    static DataType.Kind kindOf(String value) {
        if (INTEGER.matcher(value).matches()) {
            return DataType.Kind.BIGINT;
        }
        if (DECIMAL.matcher(value).matches()) {
            return DataType.Kind.DOUBLE;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return DataType.Kind.BOOLEAN;
        }
        if (DATE.matcher(value).matches()) {
            return DataType.Kind.DATE;
        }
        if (TIMESTAMP.matcher(value).matches()) {
            return DataType.Kind.TIMESTAMP;
        }
        return DataType.Kind.VARCHAR;
    }

    /** The narrowest kind that holds values of both kinds. */
    public static DataType.Kind widen(DataType.Kind a, DataType.Kind b) {
        if (a == null || a == b) {
            return b;
        }
        if (b == null) {
            return a;
        }
        boolean numeric = (a == DataType.Kind.BIGINT || a == DataType.Kind.DOUBLE)
                && (b == DataType.Kind.BIGINT || b == DataType.Kind.DOUBLE);
        if (numeric) {
            return DataType.Kind.DOUBLE;
        }
        boolean temporal = (a == DataType.Kind.DATE || a == DataType.Kind.TIMESTAMP)
                && (b == DataType.Kind.DATE || b == DataType.Kind.TIMESTAMP);
        return temporal ? DataType.Kind.TIMESTAMP : DataType.Kind.VARCHAR;
    }
}
