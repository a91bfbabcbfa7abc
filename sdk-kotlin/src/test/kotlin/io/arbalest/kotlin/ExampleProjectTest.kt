package io.arbalest.kotlin

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import java.math.BigDecimal
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * The example Kotlin project (bench/examples/kotlin): its pom depends on arbalest-sdk-kotlin and
 * kotlinx-coroutines alone; its program (compiled with this module's tests) run in its own JVM
 * in local[2] and local-cluster[2,1,1024] prints DuckDB's answers.
 */
class ExampleProjectTest {
    private val project = Path.of("..", "bench", "examples", "kotlin").toAbsolutePath().normalize()

    @ParameterizedTest
    @ValueSource(strings = ["local[2]", "local-cluster[2,1,1024]"])
    fun printsDuckDbsAnswers(master: String) {
        val dependencies = Regex("<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>")
            .findAll(Files.readString(project.resolve("pom.xml"))).map { "${it.groupValues[1]}:${it.groupValues[2]}" }.toList()
        assertEquals(listOf("io.arbalest:arbalest-sdk-kotlin", "org.jetbrains.kotlinx:kotlinx-coroutines-core"), dependencies)

        val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
        val command = listOf(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), "example.ShippingReportKt", master, TestData.warehouse.toString())
        val process = ProcessBuilder(command).redirectErrorStream(true).start()
        val output = String(process.inputStream.readAllBytes())
        assertTrue(process.waitFor(5, TimeUnit.MINUTES))
        assertEquals(0, process.exitValue(), output)

        TestData.duckdb().use { duckdb ->
            val window = "l_shipdate >= DATE '1995-01-01' AND l_shipdate < DATE '1996-01-01'"
            val expected = TestData.rows(duckdb, "SELECT l_shipmode, sum(l_extendedprice * (1 - l_discount)), count(*) " +
                "FROM lineitem WHERE $window GROUP BY 1 ORDER BY 1")
            val printed = output.lines().filter { it.startsWith("revenue: ") }.map { it.removePrefix("revenue: ").split(",") }
            assertEquals(expected.size, printed.size, output)
            for ((row, values) in printed.withIndex()) {
                assertEquals(expected[row][0], values[0])
                assertEquals(0, (expected[row][1] as BigDecimal).compareTo(BigDecimal(values[1])), output)
                assertEquals((expected[row][2] as Number).toLong(), values[2].toLong())
            }
            val air = TestData.rows(duckdb, "SELECT count(*) FROM lineitem WHERE $window AND l_shipmode = 'AIR'")[0][0]
            assertTrue(output.lines().contains("air lines: $air"), output)
        }
    }
}
