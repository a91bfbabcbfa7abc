package io.arbalest.sdk;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A small warehouse written by DuckDB (tables emp and dept, NULLs in most columns), and DuckDB
 * itself over the same files as the oracle the DataFrame tests compare with.
 */
final class TestWarehouse implements AutoCloseable {
    final Path directory;
    final Connection duckdb;

    private TestWarehouse(Path directory, Connection duckdb) {
        this.directory = directory;
        this.duckdb = duckdb;
    }

    static TestWarehouse create() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "sdk-warehouse");
        Files.createDirectories(dir.resolve("emp"));
        Files.createDirectories(dir.resolve("dept"));
        Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("SET autoinstall_known_extensions=false");
            // NULLs where a query does not place them as Spark and Arbalest do: first ascending, last descending.
            statement.execute("SET default_null_order='nulls_first_on_asc_last_on_desc'");
            statement.execute("COPY (SELECT i::BIGINT AS id,"
                    + " ['ann', 'bob', 'cy', 'dee', 'ed', 'flo', 'gus'][i % 7 + 1] || i::VARCHAR AS name,"
                    + " CASE WHEN i % 9 = 0 THEN NULL ELSE ['eng', 'ops', 'sales', 'hr'][i % 4 + 1] END AS dept,"
                    + " CASE WHEN i % 11 = 0 THEN NULL ELSE ((i * 37) % 900 + 100)::DECIMAL(10, 2) END AS salary,"
                    + " (i % 5)::INTEGER AS grade,"
                    + " CASE WHEN i % 13 = 0 THEN NULL ELSE DATE '2020-01-01' + (i * 3)::INTEGER END AS hired,"
                    + " CASE WHEN i % 6 = 0 THEN NULL ELSE i / 7.0 END::DOUBLE AS score"
                    + " FROM range(0, 500) r(i)) TO '" + dir.resolve("emp/data.parquet") + "' (FORMAT parquet)");
            statement.execute("COPY (SELECT * FROM (VALUES ('eng', 1, 'Ada'), ('ops', 2, 'Bea'), ('sales', 2, NULL),"
                    + " ('legal', 3, 'Cal')) t(dept, floor, head)) TO '" + dir.resolve("dept/data.parquet")
                    + "' (FORMAT parquet)");
            for (String table : List.of("emp", "dept")) {
                statement.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet('" + dir.resolve(table)
                        + "/*.parquet')");
            }
        }
        return new TestWarehouse(dir, duckdb);
    }

    /** DuckDB's rows for {@code sql}: integers as Long, dates and timestamps as java.time values. */
    List<List<Object>> duckdb(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = duckdb.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    row.add(normalize(result.getObject(c)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Rows as comparable values: integers as Long, decimals without trailing zeros, SQL dates as java.time. */
    static List<List<Object>> normalize(List<Row> rows) {
        return rows.stream().map(row -> row.toList().stream().map(TestWarehouse::normalize).toList()).toList();
    }

    static Object normalize(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof java.math.BigInteger big) {
            return big.longValueExact();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return value;
    }

    /** The rows in a fixed order, for answers of queries without ORDER BY. */
    static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }

    @Override
    public void close() throws SQLException {
        duckdb.close();
    }
}
