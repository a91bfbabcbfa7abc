package io.arbalest.kotlin

import io.arbalest.sdk.Functions
import io.arbalest.sdk.Row
import kotlinx.coroutines.flow.count
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.math.BigDecimal
import java.time.LocalDate
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue

/** The Kotlin operators mean the Java SDK's methods; typed results and Flows against a real session. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DslTest {
    private lateinit var session: io.arbalest.sdk.ArbalestSession

    @BeforeAll
    fun start() {
        session = arbalest {
            master = "local[2]"
            warehouse = TestData.warehouse.toString()
            conf("arbalest.batch.rows", "1024")
        }
    }

    @AfterAll
    fun stop() {
        session.close()
    }

    @Test
    fun operatorsAreTheJavaMethods() {
        val a = col("a")
        assertEquals(a.gt(1), a gt 1)
        assertEquals(a.geq(LocalDate.of(2020, 1, 1)), a ge LocalDate.of(2020, 1, 1))
        assertEquals(a.lt(2L).and(a.leq(3.5)), (a lt 2L) and (a le 3.5))
        assertEquals(a.equalTo("x").or(a.notEqual(true)), (a eq "x") or (a neq true))
        assertEquals(a.plus(1).multiply(col("b")).minus(BigDecimal("0.5")), (a + 1) * col("b") - BigDecimal("0.5"))
        assertEquals(a.divide(2).mod(3), a / 2 % 3)
        assertEquals(a.unary_minus(), -a)
        assertEquals(Functions.not(a.isNull()), !a.isNull())
        assertEquals(a.like("x%"), a like "x%")
        assertEquals(a.isin(1, 2, 3), a isIn listOf(1, 2, 3))
        assertEquals(a.between(1, 5), a between (1 to 5))
        assertEquals(a.between(1, 5), a between 1..5)
        assertEquals(Functions.sum(a).alias("s"), sum(a) alias "s")
        assertEquals(Functions.col("x"), "x".col)
        assertEquals(Functions.`when`(a.gt(1), "big").`when`(a.equalTo(1), "one").otherwise("small"),
            cases { (a gt 1) then "big"; (a eq 1) then "one"; otherwise("small") })
    }

    @Test
    fun arithmeticOperatorsKeepKotlinPrecedence() {
        val a = col("a")
        assertEquals(a.plus(col("b").multiply(2)), a + col("b") * 2)
        assertEquals(a.minus(1).divide(col("c")), (a - 1) / col("c"))
    }

    data class Nation(val nKey: Long?, val name: String?, val regionKey: Long?)

    data class Revenue(val nName: String?, val revenue: BigDecimal?, val orders: Long)

    @Test
    fun typedResults() {
        val nations = session.table("nation")
            .select(col("n_nationkey") alias "nkey", col("n_name") alias "name", col("n_regionkey") alias "REGIONKEY")
            .orderBy("nkey").collectAs<Nation>()
        assertEquals(25, nations.size)
        assertEquals(Nation(0, "ALGERIA", 0), nations[0])
        val revenue = session.table("orders").join(session.table("customer"), col("o_custkey") eq col("c_custkey"))
            .join(session.table("nation"), col("c_nationkey") eq col("n_nationkey"))
            .groupBy("n_name").agg(sum("o_totalprice") alias "revenue", count("*") alias "orders")
            .withColumnRenamed("n_name", "nname")
            .orderBy(col("revenue").desc()).limit(3).collectAs<Revenue>()
        assertEquals(3, revenue.size)
        assertTrue(revenue[0].revenue!! >= revenue[1].revenue!!)
    }

    data class WrongType(val nName: Long?)

    data class Missing(val nName: String?, val population: Long?)

    data class NotNullable(val nName: String)

    @Test
    fun typedMappingErrorsNameColumnParameterAndTypes() {
        val frame = session.table("nation").select(col("n_name") alias "nname")
        val wrong = assertThrows<IllegalArgumentException> { frame.collectAs<WrongType>() }
        assertEquals("Column 'nname' is VARCHAR (String), but parameter 'nName' of WrongType is Long.", wrong.message)
        val missing = assertThrows<IllegalArgumentException> { frame.collectAs<Missing>() }
        assertEquals("Parameter 'population' of Missing has no column; the columns are nname.", missing.message)
        val nullable = assertThrows<IllegalArgumentException> { frame.collectAs<NotNullable>() }
        assertTrue(nullable.message!!.contains("may be NULL"), nullable.message)
        assertEquals(0, session.allocatedBytes())
    }

    @Test
    fun flowsStreamAndReleaseEverythingWhenStoppedEarly() = runBlocking {
        val lineitem = session.table("lineitem")
        assertEquals(lineitem.count(), lineitem.rows().count().toLong())
        val firstRows: List<Row> = lineitem.select("l_orderkey").rows().take(5).toList()
        assertEquals(5, firstRows.size)
        assertEquals(0, session.allocatedBytes(), "Arrow memory after a Flow stopped early")
        val first = lineitem.batches().first()
        assertTrue(first.fieldVectors.size == 16)
        assertEquals(0, session.allocatedBytes(), "Arrow memory after a batch Flow stopped early")
        var rows = 0
        lineitem.select("l_quantity").batches().collect { rows += it.rowCount }
        assertEquals(lineitem.count(), rows.toLong())
        assertEquals(0, session.allocatedBytes())
    }
}
