package io.arbalest.kotlin

import io.arbalest.sdk.DataFrame
import io.arbalest.sdk.DataType
import io.arbalest.sdk.DataTypes
import io.arbalest.sdk.Row
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import org.apache.arrow.vector.VectorSchemaRoot
import java.math.BigDecimal
import java.time.LocalDate
import java.time.LocalDateTime
import kotlin.reflect.KClass
import kotlin.reflect.KParameter
import kotlin.reflect.full.primaryConstructor
import kotlin.reflect.jvm.jvmErasure

/** Every row, held in this JVM. */
fun DataFrame.toList(): List<Row> = collectAsList()

/**
 * The rows as instances of data class [T]: columns matched to its primary constructor's
 * parameters by name (case-insensitively; a snake_case column also matches the camelCase
 * parameter, `l_shipmode` to `lShipmode`), SQL types to Kotlin types (BIGINT Long, INT Int,
 * DOUBLE Double, FLOAT Float, DECIMAL BigDecimal, DATE LocalDate, TIMESTAMP LocalDateTime,
 * STRING String, BOOLEAN Boolean); a nullable column needs a nullable parameter. A mismatch is
 * an [IllegalArgumentException] naming the column, the parameter and both types, raised before
 * any row is read.
 */
inline fun <reified T : Any> DataFrame.collectAs(): List<T> = collectAs(T::class)

fun <T : Any> DataFrame.collectAs(type: KClass<T>): List<T> {
    val mapping = RowMapping.of(type, this)
    return collectAsList().map(mapping::map)
}

/**
 * The rows as a Flow that reads the result a batch at a time, on the IO dispatcher. When the
 * collector stops early (take, first, an exception, cancellation), the result is closed: the
 * query stops and its Arrow memory is freed.
 */
fun DataFrame.rows(): Flow<Row> = flow {
    toLocalIterator().use { rows ->
        while (rows.hasNext()) {
            emit(rows.next())
        }
    }
}.flowOn(Dispatchers.IO)

/**
 * The result as Arrow batches. Each emitted root is valid only while the collector handles it
 * (the next batch reuses it, and the Flow closes it at the end): copy what you keep. The Flow
 * closes the reader, freeing the result's memory, however collection ends.
 */
fun DataFrame.batches(): Flow<VectorSchemaRoot> = flow {
    arrowBatches().use { reader ->
        while (reader.loadNextBatch()) {
            emit(reader.vectorSchemaRoot)
        }
    }
}

/** How a result's columns become a data class's constructor arguments. */
class RowMapping<T : Any> private constructor(
    private val constructor: kotlin.reflect.KFunction<T>,
    private val columns: IntArray,
) {
    fun map(row: Row): T = constructor.call(*Array(columns.size) { row.get(columns[it]) })

    companion object {
        private val KOTLIN_TYPES: Map<String, KClass<*>> = mapOf(
            DataTypes.BooleanType.sqlName() to Boolean::class,
            DataTypes.IntegerType.sqlName() to Int::class,
            DataTypes.LongType.sqlName() to Long::class,
            DataTypes.FloatType.sqlName() to Float::class,
            DataTypes.DoubleType.sqlName() to Double::class,
            DataTypes.StringType.sqlName() to String::class,
            DataTypes.DateType.sqlName() to LocalDate::class,
            DataTypes.TimestampType.sqlName() to LocalDateTime::class,
        )

        private fun kotlinType(type: DataType): KClass<*>? =
            if (type.sqlName().startsWith("DECIMAL")) BigDecimal::class else KOTLIN_TYPES[type.sqlName()]

        fun <T : Any> of(type: KClass<T>, frame: DataFrame): RowMapping<T> {
            val constructor = requireNotNull(type.primaryConstructor) {
                "${type.simpleName} has no primary constructor to build rows with; use a data class."
            }
            val schema = frame.schema()
            val columns = constructor.parameters.map { parameter -> column(parameter, schema, type) }
            return RowMapping(constructor, columns.toIntArray())
        }

        private fun column(parameter: KParameter, schema: io.arbalest.sdk.StructType, type: KClass<*>): Int {
            val name = parameter.name ?: error("A constructor parameter of ${type.simpleName} has no name")
            // Exact (case-insensitive) first; then snake_case columns to camelCase parameters (l_shipmode ~ lShipmode).
            val index = schema.fields().indexOfFirst { it.name().equals(name, ignoreCase = true) }
                .takeIf { it >= 0 }
                ?: schema.fields().indexOfFirst { it.name().replace("_", "").equals(name, ignoreCase = true) }
            require(index >= 0) {
                "Parameter '$name' of ${type.simpleName} has no column; the columns are " +
                    schema.fields().joinToString(", ") { it.name() } + "."
            }
            val field = schema.fields()[index]
            val wanted = parameter.type.jvmErasure
            val given = kotlinType(field.dataType())
            require(given == wanted) {
                "Column '${field.name()}' is ${field.dataType()} (${given?.simpleName}), but parameter '$name' of " +
                    "${type.simpleName} is ${wanted.simpleName}."
            }
            require(!field.nullable() || parameter.type.isMarkedNullable) {
                "Column '${field.name()}' (${field.dataType()}) may be NULL, but parameter '$name' of " +
                    "${type.simpleName} is ${wanted.simpleName}, not ${wanted.simpleName}?."
            }
            return index
        }
    }
}
