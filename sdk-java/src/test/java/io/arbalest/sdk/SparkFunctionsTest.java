package io.arbalest.sdk;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static io.arbalest.sdk.Functions.approx_count_distinct;
import static io.arbalest.sdk.Functions.bool_and;
import static io.arbalest.sdk.Functions.call_function;
import static io.arbalest.sdk.Functions.ceil;
import static io.arbalest.sdk.Functions.col;
import static io.arbalest.sdk.Functions.concat_ws;
import static io.arbalest.sdk.Functions.count;
import static io.arbalest.sdk.Functions.count_if;
import static io.arbalest.sdk.Functions.cume_dist;
import static io.arbalest.sdk.Functions.date_add;
import static io.arbalest.sdk.Functions.date_format;
import static io.arbalest.sdk.Functions.datediff;
import static io.arbalest.sdk.Functions.dayofweek;
import static io.arbalest.sdk.Functions.exp;
import static io.arbalest.sdk.Functions.first;
import static io.arbalest.sdk.Functions.first_value;
import static io.arbalest.sdk.Functions.floor;
import static io.arbalest.sdk.Functions.greatest;
import static io.arbalest.sdk.Functions.initcap;
import static io.arbalest.sdk.Functions.instr;
import static io.arbalest.sdk.Functions.last_day;
import static io.arbalest.sdk.Functions.least;
import static io.arbalest.sdk.Functions.lit;
import static io.arbalest.sdk.Functions.log;
import static io.arbalest.sdk.Functions.log10;
import static io.arbalest.sdk.Functions.lower;
import static io.arbalest.sdk.Functions.lpad;
import static io.arbalest.sdk.Functions.md5;
import static io.arbalest.sdk.Functions.min;
import static io.arbalest.sdk.Functions.month;
import static io.arbalest.sdk.Functions.nth_value;
import static io.arbalest.sdk.Functions.ntile;
import static io.arbalest.sdk.Functions.percent_rank;
import static io.arbalest.sdk.Functions.pmod;
import static io.arbalest.sdk.Functions.pow;
import static io.arbalest.sdk.Functions.quarter;
import static io.arbalest.sdk.Functions.regexp_extract;
import static io.arbalest.sdk.Functions.regexp_replace;
import static io.arbalest.sdk.Functions.repeat;
import static io.arbalest.sdk.Functions.reverse;
import static io.arbalest.sdk.Functions.sha2;
import static io.arbalest.sdk.Functions.signum;
import static io.arbalest.sdk.Functions.sqrt;
import static io.arbalest.sdk.Functions.translate;
import static io.arbalest.sdk.Functions.trunc;
import static io.arbalest.sdk.Functions.unix_timestamp;
import static io.arbalest.sdk.Functions.upper;
import static io.arbalest.sdk.Functions.weekofyear;

/** Spark's function library of the SDK ({@link Functions}) against DuckDB's equivalents. */
class SparkFunctionsTest extends AgainstDuckDb {
    @Test
    void stringDateMathAggregateAndWindowFunctions() throws Exception {
        DataFrame frame = emp().select(col("id"), concat_ws("/", col("name"), col("dept")), initcap(col("name")),
                lpad(col("name"), 6, "*"), regexp_replace(col("name"), "[0-9]+", "#"), regexp_extract(col("name"),
                "([a-z]+)", 1), instr(col("name"), "e"), reverse(col("name")), repeat(col("dept"), 2),
                translate(col("name"), "ae", "AE"), md5(col("name")), sha2(col("name"), 256),
                date_add(col("hired"), 3), datediff(col("hired"), lit(LocalDate.of(2020, 1, 1))),
                date_format(col("hired"), "yyyy/MM"), trunc(col("hired"), "MM"), last_day(col("hired")),
                weekofyear(col("hired")), quarter(col("hired")), dayofweek(col("hired")),
                unix_timestamp(col("hired").cast("timestamp")), sqrt(col("score")), exp(col("grade")), log(col("score")),
                log10(col("score")), pow(col("grade"), 2), floor(col("score")), ceil(col("score")),
                signum(col("grade").minus(2)), pmod(col("id").minus(250), 7), greatest(col("grade"), lit(2)),
                least(col("grade"), lit(2)), call_function("upper", col("dept")));
        assertUnordered(frame, "SELECT id, concat_ws('/', name, dept),"
                + " upper(name[1]) || lower(name[2:]), lpad(name, 6, '*'), regexp_replace(name, '[0-9]+', '#', 'g'),"
                + " regexp_extract(name, '([a-z]+)', 1), instr(name, 'e'), reverse(name), repeat(dept, 2),"
                + " replace(replace(name, 'a', 'A'), 'e', 'E'), md5(name), sha256(name), hired + 3,"
                + " hired - DATE '2020-01-01', strftime(hired, '%Y/%m'), CAST(date_trunc('month', hired) AS DATE),"
                + " last_day(hired), weekofyear(hired), quarter(hired), dayofweek(hired) + 1,"
                + " CAST(epoch(CAST(hired AS TIMESTAMP)) AS BIGINT), sqrt(score), exp(grade),"
                + " CASE WHEN score > 0 THEN ln(score) END, CASE WHEN score > 0 THEN log10(score) END,"
                + " CAST(power(grade, 2) AS DOUBLE), CAST(floor(score) AS BIGINT), CAST(ceil(score) AS BIGINT), CAST(sign(grade - 2) AS DOUBLE),"
                + " ((id - 250) % 7 + 7) % 7, greatest(grade, 2), least(grade, 2), upper(dept) FROM emp");
        DataFrame grouped = emp().groupBy("dept").agg(approx_count_distinct(col("grade")), first(col("id")),
                count_if(col("grade").gt(2)), bool_and(col("grade").geq(0)));
        assertUnordered(grouped, "SELECT dept, count(DISTINCT grade), min(id), count(*) FILTER (WHERE grade > 2),"
                + " bool_and(grade >= 0) FROM emp GROUP BY dept");
        WindowSpec byDept = Window.partitionBy("dept").orderBy(col("id"));
        DataFrame windows = emp().select(col("id"), ntile(3).over(byDept), percent_rank().over(byDept),
                cume_dist().over(byDept), first_value(col("name")).over(byDept), nth_value(col("name"), 2).over(byDept));
        assertUnordered(windows, "SELECT id, ntile(3) OVER w, percent_rank() OVER w, cume_dist() OVER w,"
                + " first_value(name) OVER w, nth_value(name, 2) OVER w FROM emp WINDOW w AS (PARTITION BY dept ORDER BY id)");
    }
}
