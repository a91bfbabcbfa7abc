package io.arbalest.kotlin

import io.arbalest.bench.TpchGenerator
import io.arbalest.sdk.Row
import org.apache.hadoop.conf.Configuration
import java.math.BigDecimal
import java.nio.file.Files
import java.nio.file.Path
import java.sql.Connection
import java.sql.DriverManager
import kotlin.math.abs
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue

/** TPC-H SF 0.01 written once per test JVM by bench's generator, and DuckDB over the same files. */
object TestData {
    val warehouse: Path by lazy {
        val dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "kotlin-tpch")
        TpchGenerator.generate(0.01, dir.toString(), Configuration(), 2)
        dir
    }

    private val tables = listOf("lineitem", "orders", "customer", "part", "partsupp", "supplier", "nation", "region")

    fun duckdb(): Connection {
        val connection = DriverManager.getConnection("jdbc:duckdb:")
        connection.createStatement().use { statement ->
            statement.execute("SET autoinstall_known_extensions=false")
            // NULLs where a query does not place them as Spark and Arbalest do: first ascending, last descending.
            statement.execute("SET default_null_order='nulls_first_on_asc_last_on_desc'")
            for (table in tables) {
                statement.execute("CREATE VIEW $table AS SELECT * FROM read_parquet('${warehouse.resolve(table)}/*.parquet')")
            }
        }
        return connection
    }

    fun query(number: Int): String =
        String(checkNotNull(TestData::class.java.getResourceAsStream("/tpch/q$number.sql")).readAllBytes())

    fun rows(duckdb: Connection, sql: String): List<List<Any?>> = duckdb.createStatement().use { statement ->
        statement.executeQuery(sql).use { result ->
            val columns = result.metaData.columnCount
            buildList {
                while (result.next()) {
                    add((1..columns).map { result.getObject(it) })
                }
            }
        }
    }

    /** Same rows in the same order: decimals exactly, doubles to a relative 1e-9, numbers across types by value. */
    fun assertSameRows(expected: List<List<Any?>>, actual: List<Row>, label: String) {
        assertTrue(expected.isNotEmpty(), "DuckDB returned no rows for $label")
        assertEquals(expected.size, actual.size, "rows of $label")
        for ((index, row) in actual.withIndex()) {
            val want = expected[index]
            assertEquals(want.size, row.size(), "width of $label row $index")
            for (c in want.indices) {
                assertTrue(same(want[c], row.get(c)), "$label row $index column $c: got ${row.get(c)}, expected ${want[c]}")
            }
        }
    }

    private fun same(expected: Any?, actual: Any?): Boolean {
        if (expected == null || actual == null) return expected == actual
        if (expected is java.sql.Date) return same(expected.toLocalDate(), actual)
        if (expected is Number && actual is Number) {
            if (expected is BigDecimal && actual is BigDecimal) return expected.compareTo(actual) == 0
            var tolerance = abs(expected.toDouble()) * 1e-9
            for (side in listOf(expected, actual)) {
                if (side is BigDecimal) tolerance = maxOf(tolerance, 0.5 * Math.pow(10.0, -side.scale().toDouble()))
            }
            return abs(expected.toDouble() - actual.toDouble()) <= tolerance
        }
        return expected.toString() == actual.toString()
    }
}
