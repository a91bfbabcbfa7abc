package io.arbalest.kotlin

import io.arbalest.sdk.Column
import io.arbalest.sdk.Functions

/*
 * Kotlin operators on the Java SDK's Column. Every comparison and arithmetic operator takes a
 * Column or a plain value on the right (Int, Long, Double, BigDecimal, String, Boolean,
 * LocalDate, LocalDateTime), which becomes a literal of its type.
 */

infix fun Column.eq(other: Any?): Column = equalTo(other)

infix fun Column.neq(other: Any?): Column = notEqual(other)

/** Equality that holds for two NULLs (SQL's IS NOT DISTINCT FROM). */
infix fun Column.eqNullSafe(other: Any?): Column = this.eqNullSafe(other)

infix fun Column.gt(other: Any?): Column = this.gt(other)

infix fun Column.ge(other: Any?): Column = geq(other)

infix fun Column.lt(other: Any?): Column = this.lt(other)

infix fun Column.le(other: Any?): Column = leq(other)

infix fun Column.and(other: Column): Column = this.and(other)

infix fun Column.or(other: Column): Column = this.or(other)

/** SQL LIKE: `%` any characters, `_` one. */
infix fun Column.like(pattern: String): Column = this.like(pattern)

infix fun Column.isIn(values: Collection<Any?>): Column = isin(*values.toTypedArray())

/** `col("x") between (1 to 10)`: lower <= x <= upper. */
infix fun Column.between(range: Pair<Any?, Any?>): Column = this.between(range.first, range.second)

/** `col("x") between 1..10`. */
infix fun Column.between(range: ClosedRange<*>): Column = this.between(range.start, range.endInclusive)

infix fun Column.alias(name: String): Column = this.alias(name)

operator fun Column.plus(other: Any): Column = this.plus(other)

operator fun Column.minus(other: Any): Column = this.minus(other)

operator fun Column.times(other: Any): Column = multiply(other)

operator fun Column.div(other: Any): Column = divide(other)

operator fun Column.rem(other: Any): Column = mod(other)

operator fun Column.unaryMinus(): Column = unary_minus()

operator fun Column.not(): Column = Functions.not(this)

/** `"l_quantity".col` is `col("l_quantity")`. */
val String.col: Column
    get() = Functions.col(this)

/** The column of this name: the Java SDK's Functions.col. */
fun col(name: String): Column = Functions.col(name)

fun lit(value: Any?): Column = Functions.lit(value)

/** A SQL expression, resolved as SQL text is. */
fun expr(sql: String): Column = Functions.expr(sql)

/**
 * CASE WHEN as a block: `cases { (col("a") gt 1) then "big"; (col("a") eq 1) then "one"; otherwise("small") }`.
 * Without `otherwise` the value is NULL where no condition holds.
 */
fun cases(branches: CaseBuilder.() -> Unit): Column = CaseBuilder().apply(branches).build()

class CaseBuilder internal constructor() {
    private var column: Column? = null
    private var closed = false

    /** The value where this condition holds (the first condition that holds wins). */
    infix fun Column.then(value: Any?) {
        check(!closed) { "then(...) after otherwise(...): otherwise is the last branch" }
        column = column?.`when`(this, value) ?: Functions.`when`(this, value)
    }

    /** The value where no condition holds. */
    fun otherwise(value: Any?) {
        val current = checkNotNull(column) { "cases { ... } needs a branch (condition then value) before otherwise" }
        column = current.otherwise(value)
        closed = true
    }

    internal fun build(): Column = checkNotNull(column) { "cases { ... } needs at least one branch: condition then value" }
}
