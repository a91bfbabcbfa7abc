package io.arbalest.kotlin

import io.arbalest.sdk.ArbalestSession
import io.arbalest.sdk.DataFrame
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import java.math.BigDecimal
import java.sql.Connection
import java.time.LocalDate
import org.junit.jupiter.api.Assertions.assertEquals

/** TPC-H queries written in the Kotlin DSL give DuckDB's answers to the published SQL (SF 0.01, local[2]). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TpchKotlinTest {
    private lateinit var session: ArbalestSession
    private lateinit var duckdb: Connection

    @BeforeAll
    fun start() {
        session = arbalest(master = "local[2]", warehouse = TestData.warehouse.toString())
        duckdb = TestData.duckdb()
    }

    @AfterAll
    fun stop() {
        assertEquals(0, session.allocatedBytes(), "Arrow memory left")
        session.close()
        duckdb.close()
    }

    @ParameterizedTest(name = "Q{0}")
    @ValueSource(ints = [1, 3, 5, 6, 10, 13, 18])
    fun matchesDuckDb(query: Int) {
        val frame = query(query)
        TestData.assertSameRows(TestData.rows(duckdb, TestData.query(query)), frame.toList(), "Q$query")
    }

    private fun revenue() = col("l_extendedprice") * (lit(1) - col("l_discount"))

    private fun query(number: Int): DataFrame {
        val lineitem = session.table("lineitem")
        val orders = session.table("orders")
        val customer = session.table("customer")
        return when (number) {
            1 -> lineitem.filter(col("l_shipdate") le LocalDate.of(1998, 12, 1).minusDays(90))
                .groupBy("l_returnflag", "l_linestatus")
                .agg(
                    sum("l_quantity") alias "sum_qty",
                    sum("l_extendedprice") alias "sum_base_price",
                    sum(revenue()) alias "sum_disc_price",
                    sum(revenue() * (lit(1) + col("l_tax"))) alias "sum_charge",
                    avg("l_quantity") alias "avg_qty",
                    avg("l_extendedprice") alias "avg_price",
                    avg("l_discount") alias "avg_disc",
                    count("*") alias "count_order",
                )
                .orderBy("l_returnflag", "l_linestatus")
            3 -> customer.filter(col("c_mktsegment") eq "BUILDING")
                .join(orders.filter(col("o_orderdate") lt LocalDate.of(1995, 3, 15)), col("c_custkey") eq col("o_custkey"))
                .join(lineitem.filter(col("l_shipdate") gt LocalDate.of(1995, 3, 15)), col("l_orderkey") eq col("o_orderkey"))
                .groupBy("l_orderkey", "o_orderdate", "o_shippriority")
                .agg(sum(revenue()) alias "revenue")
                .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
                .orderBy(col("revenue").desc(), col("o_orderdate"))
                .limit(10)
            5 -> session.table("region").filter("r_name".col eq "ASIA")
                .join(session.table("nation"), col("r_regionkey") eq col("n_regionkey"))
                .join(customer, col("n_nationkey") eq col("c_nationkey"))
                .join(orders.filter((col("o_orderdate") ge LocalDate.of(1994, 1, 1)) and (col("o_orderdate") lt LocalDate.of(1995, 1, 1))),
                    col("c_custkey") eq col("o_custkey"))
                .join(lineitem, col("o_orderkey") eq col("l_orderkey"))
                .join(session.table("supplier"), (col("l_suppkey") eq col("s_suppkey")) and (col("c_nationkey") eq col("s_nationkey")))
                .groupBy("n_name").agg(sum(revenue()) alias "revenue")
                .orderBy(col("revenue").desc())
            6 -> lineitem.filter(
                (col("l_shipdate") ge LocalDate.of(1994, 1, 1)) and (col("l_shipdate") lt LocalDate.of(1995, 1, 1)) and
                    (col("l_discount") between (BigDecimal("0.05") to BigDecimal("0.07"))) and (col("l_quantity") lt 24),
            ).agg(sum(col("l_extendedprice") * col("l_discount")) alias "revenue")
            10 -> orders.filter((col("o_orderdate") ge LocalDate.of(1993, 10, 1)) and (col("o_orderdate") lt LocalDate.of(1994, 1, 1)))
                .join(lineitem.filter(col("l_returnflag") eq "R"), col("o_orderkey") eq col("l_orderkey"))
                .join(customer, col("o_custkey") eq col("c_custkey"))
                .join(session.table("nation"), col("c_nationkey") eq col("n_nationkey"))
                .groupBy("c_custkey", "c_name", "c_acctbal", "c_phone", "n_name", "c_address", "c_comment")
                .agg(sum(revenue()) alias "revenue")
                .select("c_custkey", "c_name", "revenue", "c_acctbal", "n_name", "c_address", "c_phone", "c_comment")
                .orderBy(col("revenue").desc())
                .limit(20)
            13 -> customer.join(orders.filter(!(col("o_comment") like "%special%requests%")), col("c_custkey") eq col("o_custkey"), "left_outer")
                .groupBy("c_custkey").agg(count("o_orderkey") alias "c_count")
                .groupBy("c_count").agg(count("*") alias "custdist")
                .orderBy(col("custdist").desc(), col("c_count").desc())
            18 -> {
                val large = lineitem.groupBy("l_orderkey").agg(sum("l_quantity") alias "quantity")
                    .filter(col("quantity") gt 300).select(col("l_orderkey") alias "large_key")
                orders.join(large, col("o_orderkey") eq col("large_key"), "left_semi")
                    .join(customer, col("o_custkey") eq col("c_custkey"))
                    .join(lineitem, col("o_orderkey") eq col("l_orderkey"))
                    .groupBy("c_name", "c_custkey", "o_orderkey", "o_orderdate", "o_totalprice")
                    .agg(sum("l_quantity"))
                    .orderBy(col("o_totalprice").desc(), col("o_orderdate"))
                    .limit(100)
            }
            else -> error("no Kotlin program for Q$number")
        }
    }
}
