package io.arbalest.bench;

import io.arbalest.sdk.ArbalestSession;
import io.arbalest.sdk.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 22 TPC-H queries as DataFrame programs ({@link TpchDataFrames}) in local[2] give the rows
 * DuckDB gives for the published SQL text on the same files (SF 0.01).
 */
class TpchDataFramesTest {
    private static ArbalestSession session;
    private static Connection duckdb;

    @BeforeAll
    static void setUp() throws Exception {
        session = ArbalestSession.builder().master("local[2]").warehouse(Warehouses.get().toString()).getOrCreate();
        duckdb = Warehouses.duckdb();
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            assertThat(session.allocatedBytes()).as("Arrow memory left allocated").isZero();
            session.close();
        } finally {
            duckdb.close();
        }
    }

    @ParameterizedTest(name = "Q{0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
    void matchesDuckDb(int query) throws Exception {
        List<List<Object>> expected = Answers.of(duckdb, TpchOracleTest.queryText(query));
        assertThat(expected).as("DuckDB returned rows").isNotEmpty();
        var frame = TpchDataFrames.query(session, query);
        List<String> columns = List.of(frame.columns());
        List<List<Object>> actual = frame.collectAsList().stream().map(Row::toList).toList();
        assertThat(session.allocatedBytes()).as("Arrow memory after Q" + query).isZero();
        assertThat(columns).as("columns of Q" + query).hasSize(expected.get(0).size());
        assertThat(Answers.differences(expected, actual, columns, 20)).as("Q" + query + " against DuckDB").isEmpty();
    }
}
