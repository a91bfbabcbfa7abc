package io.arbalest.bench;

import io.arbalest.am.driver.LocalDriver;
import io.arbalest.am.driver.QueryResult;
import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.expr.ValueAccess;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * TPC-H at SF 0.01: Arbalest in local[2] and DuckDB run the same query on the same Parquet
 * files and must give the same rows (decimals exactly; where one engine answers a decimal
 * and the other a double, to within half a unit of the decimal's last digit).
 */
class TpchOracleTest {
    private static Path warehouse;
    private static LocalDriver driver;
    private static Connection duckdb;

    @BeforeAll
    static void setUp() throws Exception {
        warehouse = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "tpch-sf001");
        TpchGenerator.generate(0.01, warehouse.toString(), new Configuration(), 2);
        driver = LocalDriver.open(ArbalestConfig.defaults().with(ArbalestConfig.MASTER, "local[2]"), warehouse.toString());
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("SET autoinstall_known_extensions=false");
            for (String table : List.of("lineitem", "orders", "customer", "part", "partsupp", "supplier", "nation",
                    "region")) {
                statement.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet('"
                        + warehouse.resolve(table) + "/*.parquet')");
            }
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (driver != null) {
            assertThat(driver.allocatedBytes()).as("Arrow memory left allocated").isZero();
            driver.close();
        }
        if (duckdb != null) {
            duckdb.close();
        }
    }

    @ParameterizedTest(name = "Q{0}")
    @ValueSource(ints = {1, 6})
    void matchesDuckDb(int query) throws Exception {
        String sql = queryText(query);
        List<List<Object>> expected = duckDbRows(sql);
        List<List<Object>> actual = new ArrayList<>();
        RowSchema schema;
        try (QueryResult result = driver.execute(sql)) {
            schema = result.schema();
            for (Batch batch : result.batches()) {
                for (int row = 0; row < batch.rowCount(); row++) {
                    List<Object> values = new ArrayList<>();
                    for (int c = 0; c < schema.size(); c++) {
                        values.add(toJava(ValueAccess.get(batch.vector(c), row, schema.type(c)), schema.type(c)));
                    }
                    actual.add(values);
                }
            }
        }
        assertThat(driver.allocatedBytes()).as("Arrow memory after the result is closed").isZero();
        assertThat(actual).as("row count of Q" + query).hasSize(expected.size());
        assertThat(expected).as("DuckDB returned rows").isNotEmpty();
        for (int row = 0; row < expected.size(); row++) {
            for (int c = 0; c < schema.size(); c++) {
                assertSame(expected.get(row).get(c), actual.get(row).get(c),
                        "Q" + query + " row " + row + " column " + schema.column(c).name());
            }
        }
    }

    private static Object toJava(Object value, DataType type) {
        if (value != null && type.kind() == DataType.Kind.DECIMAL) {
            return BigDecimal.valueOf((Long) value, type.scale());
        }
        return value;
    }

    private static void assertSame(Object expected, Object actual, String where) {
        if (expected == null || actual == null) {
            assertThat(actual).as(where).isEqualTo(expected);
            return;
        }
        if (expected instanceof BigDecimal e && actual instanceof BigDecimal a) {
            assertThat(a.compareTo(e)).as(where + ": " + a + " vs DuckDB " + e).isZero();
            return;
        }
        if (expected instanceof Number || actual instanceof Number) {
            double e = ((Number) expected).doubleValue();
            double a = ((Number) actual).doubleValue();
            double tolerance = Math.abs(e) * 1e-9;
            for (Object side : List.of(expected, actual)) {
                if (side instanceof BigDecimal decimal) {
                    tolerance = Math.max(tolerance, 0.5 * Math.pow(10, -decimal.scale()));
                }
            }
            assertThat(Math.abs(a - e)).as(where + ": " + actual + " vs DuckDB " + expected).isLessThanOrEqualTo(tolerance);
            return;
        }
        assertThat(actual.toString()).as(where).isEqualTo(expected.toString());
    }

    private static List<List<Object>> duckDbRows(String sql) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = duckdb.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            int columns = resultSet.getMetaData().getColumnCount();
            while (resultSet.next()) {
                List<Object> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    Object value = resultSet.getObject(c);
                    row.add(value instanceof Integer i ? Long.valueOf(i) : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static String queryText(int query) throws IOException {
        try (InputStream in = TpchOracleTest.class.getResourceAsStream("/tpch/q" + query + ".sql")) {
            if (in == null) {
                fail("missing query text for Q" + query);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
