package io.arbalest.kotlin

import io.arbalest.sdk.Column
import io.arbalest.sdk.Functions

/* The Java SDK's aggregate functions under their Spark names, taking Columns or column names. */

fun sum(column: Column): Column = Functions.sum(column)

fun sum(column: String): Column = Functions.sum(column)

fun avg(column: Column): Column = Functions.avg(column)

fun avg(column: String): Column = Functions.avg(column)

fun min(column: Column): Column = Functions.min(column)

fun min(column: String): Column = Functions.min(column)

fun max(column: Column): Column = Functions.max(column)

fun max(column: String): Column = Functions.max(column)

/** COUNT of non-NULL values; `count("*")` counts rows. */
fun count(column: String): Column = Functions.count(column)

fun count(column: Column): Column = Functions.count(column)

fun countDistinct(column: Column, vararg more: Column): Column = Functions.countDistinct(column, *more)

fun countDistinct(column: String, vararg more: String): Column = Functions.countDistinct(column, *more)

fun substring(column: Column, position: Int, length: Int): Column = Functions.substring(column, position, length)

fun year(column: Column): Column = Functions.year(column)
