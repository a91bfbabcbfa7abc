package io.arbalest.sdk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A local[2] session over {@link TestWarehouse}'s tables, and DataFrames checked against DuckDB
 * running the equivalent SQL on the same files; Arrow memory is back to zero after each test.
 */
abstract class AgainstDuckDb {
    static TestWarehouse warehouse;
    static ArbalestSession session;

    @BeforeAll
    static void setUp() throws Exception {
        warehouse = TestWarehouse.create();
        session = ArbalestSession.builder().master("local[2]").warehouse(warehouse.directory.toString()).getOrCreate();
    }

    @AfterAll
    static void tearDown() throws Exception {
        session.close();
        warehouse.close();
    }

    @AfterEach
    void noArrowMemoryLeft() {
        assertThat(session.allocatedBytes()).as("Arrow memory after the test").isZero();
    }

    static DataFrame emp() {
        return session.table("emp");
    }

    static DataFrame dept() {
        return session.table("dept");
    }

    /** Same rows in the same order (ORDER BY on both sides). */
    static void assertOrdered(DataFrame frame, String sql) throws Exception {
        assertSame(warehouse.duckdb(sql), TestWarehouse.normalize(frame.collectAsList()), sql);
    }

    /** Same rows in any order. */
    static void assertUnordered(DataFrame frame, String sql) throws Exception {
        assertSame(TestWarehouse.sorted(warehouse.duckdb(sql)),
                TestWarehouse.sorted(TestWarehouse.normalize(frame.collectAsList())), sql);
    }

    private static void assertSame(List<List<Object>> expected, List<List<Object>> actual, String sql) {
        assertThat(actual).as("rows of " + sql).hasSameSizeAs(expected);
        for (int row = 0; row < expected.size(); row++) {
            List<Object> e = expected.get(row);
            List<Object> a = actual.get(row);
            assertThat(a).as("row " + row + " of " + sql).hasSameSizeAs(e);
            for (int c = 0; c < e.size(); c++) {
                if (e.get(c) instanceof Double d && a.get(c) instanceof Double g) {
                    assertThat(g).as("row " + row + " column " + c + " of " + sql)
                            .isCloseTo(d, org.assertj.core.data.Offset.offset(Math.abs(d) * 1e-9 + 1e-12));
                } else {
                    assertThat(a.get(c)).as("row " + row + " column " + c + " of " + sql).isEqualTo(e.get(c));
                }
            }
        }
    }
}
