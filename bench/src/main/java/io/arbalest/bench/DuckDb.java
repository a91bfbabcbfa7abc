package io.arbalest.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** DuckDB as the engine answers are checked against: in memory, with no extension downloads. */
public final class DuckDb {
    private DuckDb() {
    }

    /**
     * An in-memory DuckDB that places NULLs as Spark, Hive and Arbalest do where a query does not
     * say (first ascending, last descending); DuckDB's own default puts them last either way.
     */
    public static Connection open() throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET autoinstall_known_extensions=false");
            statement.execute("SET default_null_order='nulls_first_on_asc_last_on_desc'");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
