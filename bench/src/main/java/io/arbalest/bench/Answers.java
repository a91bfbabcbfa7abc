package io.arbalest.bench;

import io.arbalest.am.driver.QueryResult;
import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.expr.ValueAccess;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.DecimalValues;
import io.arbalest.planner.types.RowSchema;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Query answers as plain Java rows, and the comparison of Arbalest's answer with a peer's.
 * Decimals compare exactly; where one side answers a decimal and the other a double, they must
 * agree to within half a unit of the decimal's last digit; doubles to a relative 1e-9.
 */
final class Answers {
    private Answers() {
    }

    /** Arbalest's rows, decimals as BigDecimal, other values in the engine representation. */
    static List<List<Object>> of(QueryResult result) {
        RowSchema schema = result.schema();
        List<List<Object>> rows = new ArrayList<>();
        for (Batch batch : result.batches()) {
            for (int row = 0; row < batch.rowCount(); row++) {
                List<Object> values = new ArrayList<>();
                for (int c = 0; c < schema.size(); c++) {
                    DataType type = schema.type(c);
                    Object value = ValueAccess.get(batch.vector(c), row, type);
                    values.add(value == null ? null : toJava(value, type));
                }
                rows.add(values);
            }
        }
        return rows;
    }

    private static Object toJava(Object value, DataType type) {
        return switch (type.kind()) {
            case DECIMAL -> DecimalValues.toBigDecimal(value, type.scale());
            case DATE -> LocalDate.ofEpochDay(((Number) value).longValue());
            case TIMESTAMP -> LocalDateTime.ofEpochSecond(Math.floorDiv((Long) value, 1_000_000L),
                    (int) Math.floorMod((Long) value, 1_000_000L) * 1000, ZoneOffset.UTC);
            default -> value;
        };
    }

    /**
     * A JDBC answer's rows: integers widened to Long, dates and timestamps as java.time values. A
     * script's statements run in order; the last one's rows are the answer.
     */
    static List<List<Object>> of(Connection connection, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        List<String> statements = TpchQueries.statements(sql);
        try (Statement setup = connection.createStatement()) {
            for (String statement : statements.subList(0, statements.size() - 1)) {
                setup.execute(statement);
            }
        }
        String last = statements.get(statements.size() - 1);
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(last)) {
            int columns = resultSet.getMetaData().getColumnCount();
            while (resultSet.next()) {
                List<Object> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    Object value = resultSet.getObject(c);
                    if (value instanceof Integer i) {
                        value = Long.valueOf(i);
                    } else if (value instanceof java.sql.Date date) {
                        value = date.toLocalDate();
                    } else if (value instanceof java.sql.Timestamp timestamp) {
                        value = timestamp.toLocalDateTime();
                    }
                    row.add(value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * The differences between an expected and an actual answer, in row order, at most
     * {@code limit} of them; empty when the answers are equal.
     */
    static List<String> differences(List<List<Object>> expected, List<List<Object>> actual, List<String> columns,
            int limit) {
        List<String> differences = new ArrayList<>();
        if (expected.size() != actual.size()) {
            differences.add("expected " + expected.size() + " rows, got " + actual.size());
        }
        int rows = Math.min(expected.size(), actual.size());
        for (int row = 0; row < rows && differences.size() < limit; row++) {
            for (int c = 0; c < columns.size() && differences.size() < limit; c++) {
                Object e = expected.get(row).get(c);
                Object a = actual.get(row).get(c);
                if (!same(e, a)) {
                    differences.add("row " + row + " column " + columns.get(c) + ": got " + a + ", expected " + e);
                }
            }
        }
        return differences;
    }

    static boolean same(Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof BigDecimal e && actual instanceof BigDecimal a) {
            return a.compareTo(e) == 0;
        }
        if (expected instanceof LocalDate date) {
            expected = date.atStartOfDay(); // a DATE answer equals a TIMESTAMP answer at midnight
        }
        if (actual instanceof LocalDate date) {
            actual = date.atStartOfDay();
        }
        if (expected instanceof Number || actual instanceof Number) {
            if (!(expected instanceof Number e) || !(actual instanceof Number a)) {
                return false;
            }
            double tolerance = Math.abs(e.doubleValue()) * 1e-9;
            for (Number side : List.of(e, a)) {
                if (side instanceof BigDecimal decimal) {
                    tolerance = Math.max(tolerance, 0.5 * Math.pow(10, -decimal.scale()));
                }
            }
            return Math.abs(a.doubleValue() - e.doubleValue()) <= tolerance;
        }
        return actual.toString().equals(expected.toString());
    }
}
