package example

import io.arbalest.kotlin.alias
import io.arbalest.kotlin.and
import io.arbalest.kotlin.arbalest
import io.arbalest.kotlin.col
import io.arbalest.kotlin.collectAs
import io.arbalest.kotlin.count
import io.arbalest.kotlin.eq
import io.arbalest.kotlin.ge
import io.arbalest.kotlin.lit
import io.arbalest.kotlin.lt
import io.arbalest.kotlin.minus
import io.arbalest.kotlin.rows
import io.arbalest.kotlin.sum
import io.arbalest.kotlin.times
import kotlinx.coroutines.flow.count
import kotlinx.coroutines.runBlocking
import java.math.BigDecimal
import java.time.LocalDate

/** One row of the report. */
data class Revenue(val lShipmode: String?, val revenue: BigDecimal?, val lines: Long)

/**
 * Revenue per ship mode of the lines shipped in 1995 (typed rows), and how many lines were
 * shipped by AIR that year (a Flow). Prints "revenue: MODE,AMOUNT,LINES" and "air lines: N".
 *
 * Arguments: master (local[2], local-cluster[2,1,1024], yarn), warehouse.
 */
fun main(args: Array<String>) {
    arbalest(master = args[0], warehouse = args[1], appName = "shipping-report").use { session ->
        val lineitem = session.table("lineitem")
        val shipped1995 = lineitem.filter(
            (col("l_shipdate") ge LocalDate.of(1995, 1, 1)) and (col("l_shipdate") lt LocalDate.of(1996, 1, 1)),
        )
        val report = shipped1995
            .groupBy("l_shipmode")
            .agg(
                sum(col("l_extendedprice") * (lit(1) - col("l_discount"))) alias "revenue",
                count("*") alias "lines",
            )
            .orderBy("l_shipmode")
            .collectAs<Revenue>()
        report.forEach { println("revenue: ${it.lShipmode},${it.revenue},${it.lines}") }
        val air = runBlocking { shipped1995.filter(col("l_shipmode") eq "AIR").rows().count() }
        println("air lines: $air")
    }
}
