package io.arbalest.bench;

import io.arbalest.am.driver.QueryResult;
import io.arbalest.planner.error.ArbalestException;
import io.arbalest.planner.error.QueryExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQL that Hive and Spark users write, each query against DuckDB's answer to the same
 * question in DuckDB's own words (where its dialect differs: backquotes, DIV, nvl ...).
 */
class HiveDialectTest extends SmallBatchesAgainstDuckDb {

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("NULLs first ascending and last descending where the query does not say (Spark's order)",
                        "SELECT i, b, m, s FROM nulls ORDER BY b, i LIMIT 30",
                        "SELECT i, b, m, s FROM nulls ORDER BY b ASC NULLS FIRST, i ASC NULLS FIRST LIMIT 30"),
                Arguments.of("NULLs last descending, first ascending, in one ORDER BY",
                        "SELECT i, m, s FROM nulls ORDER BY m DESC, s, i LIMIT 40",
                        "SELECT i, m, s FROM nulls ORDER BY m DESC NULLS LAST, s ASC NULLS FIRST, i ASC NULLS FIRST LIMIT 40"),
                Arguments.of("a window's ORDER BY places NULLs as a query's does",
                        "SELECT i, rank() OVER (ORDER BY b) AS r, row_number() OVER (PARTITION BY g ORDER BY s DESC, i) AS n,"
                                + " sum(i) OVER (ORDER BY dt) AS running FROM nulls ORDER BY i",
                        "SELECT i, rank() OVER (ORDER BY b NULLS FIRST),"
                                + " row_number() OVER (PARTITION BY g ORDER BY s DESC NULLS LAST, i NULLS FIRST),"
                                + " sum(i) OVER (ORDER BY dt NULLS FIRST) FROM nulls ORDER BY i"),
                Arguments.of("keywords as names",
                        "SELECT n_name AS value, n_nationkey AS year, n_regionkey AS month, n_comment AS data, "
                                + "n_nationkey AS position, n_nationkey AS result FROM nation ORDER BY year",
                        "SELECT n_name AS \"value\", n_nationkey AS \"year\", n_regionkey AS \"month\", n_comment AS \"data\", "
                                + "n_nationkey AS \"position\", n_nationkey AS \"result\" FROM nation ORDER BY 2"),
                Arguments.of("date, time and timestamp as names",
                        "SELECT date, count(*) AS n FROM (SELECT o_orderdate AS date, o_orderkey AS time, "
                                + "CAST(o_orderdate AS TIMESTAMP) AS timestamp FROM orders) t "
                                + "WHERE t.date < DATE '1992-02-01' AND time > 0 AND timestamp IS NOT NULL "
                                + "GROUP BY date ORDER BY date",
                        "SELECT \"date\", count(*) AS n FROM (SELECT o_orderdate AS \"date\" FROM orders) t "
                                + "WHERE t.\"date\" < DATE '1992-02-01' GROUP BY 1 ORDER BY 1"),
                Arguments.of("lateral column aliases, where no column has the name",
                        "SELECT o_orderkey AS k, o_totalprice * 2 AS twice, twice + k AS more, o_orderkey AS o_custkey,"
                                + " o_custkey AS c FROM orders ORDER BY k LIMIT 50",
                        "SELECT o_orderkey, o_totalprice * 2, o_totalprice * 2 + o_orderkey, o_orderkey, o_custkey"
                                + " FROM orders ORDER BY 1 LIMIT 50"),
                Arguments.of("floor and ceil are whole numbers, as in Spark",
                        "SELECT i, floor(d) AS a, ceil(d) AS b, floor(m) AS c, ceil(m) AS e, floor(-2.5e0) AS f,"
                                + " ceil(2.1e0) AS g, floor(i / 7) AS h FROM nulls ORDER BY i LIMIT 300",
                        "SELECT i, CAST(floor(d) AS BIGINT), CAST(ceil(d) AS BIGINT), floor(m), ceil(m), -3, 3,"
                                + " CAST(floor(i / 7) AS BIGINT) FROM nulls ORDER BY i LIMIT 300"),
                Arguments.of("Spark's inline tables: FROM VALUES without parentheses, columns col1, col2 without an alias",
                        "SELECT n.n_name, v.label, col2 FROM nation n JOIN VALUES (0, 'zero'), (1, 'one') AS v(k, label)"
                                + " ON v.k = n.n_regionkey, VALUES (1, 'x'), (2, 'y') WHERE col1 = 1 ORDER BY 1, 2",
                        "SELECT n.n_name, v.label, w.col2 FROM nation n JOIN (VALUES (0, 'zero'), (1, 'one')) AS v(k, label)"
                                + " ON v.k = n.n_regionkey, (VALUES (1, 'x'), (2, 'y')) w(col1, col2) WHERE w.col1 = 1 ORDER BY 1, 2"),
                Arguments.of("range(start, end[, step]) as a table of id",
                        "SELECT r.id, n.n_name, (SELECT count(*) FROM range(10, -10, -3)) AS c, (SELECT sum(id) FROM range(5)) AS s"
                                + " FROM range(0, 25, 5) r JOIN nation n ON n.n_nationkey = r.id ORDER BY 1",
                        "SELECT r.range, n.n_name, (SELECT count(*) FROM range(10, -10, -3)), (SELECT sum(range) FROM range(5))"
                                + " FROM range(0, 25, 5) r JOIN nation n ON n.n_nationkey = r.range ORDER BY 1"),
                Arguments.of("LEFT SEMI JOIN",
                        "SELECT c.c_custkey, c.c_name FROM customer c LEFT SEMI JOIN orders o"
                                + " ON o.o_custkey = c.c_custkey AND o.o_totalprice > 300000 ORDER BY 1",
                        "SELECT c.c_custkey, c.c_name FROM customer c SEMI JOIN orders o"
                                + " ON o.o_custkey = c.c_custkey AND o.o_totalprice > 300000 ORDER BY 1"),
                Arguments.of("LEFT ANTI JOIN joined further",
                        "SELECT n.n_name, count(*) AS k FROM customer c LEFT ANTI JOIN orders o ON o.o_custkey = c.c_custkey"
                                + " JOIN nation n ON n.n_nationkey = c.c_nationkey WHERE c.c_acctbal > 0 GROUP BY n.n_name ORDER BY 1",
                        "SELECT n.n_name, count(*) FROM customer c JOIN nation n ON n.n_nationkey = c.c_nationkey"
                                + " WHERE c.c_acctbal > 0 AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.o_custkey = c.c_custkey)"
                                + " GROUP BY 1 ORDER BY 1"),
                Arguments.of("<=> is equality with NULL equal to NULL",
                        "SELECT i, b <=> g AS e, s <=> 'alpha' AS f, NULL <=> NULL AS n FROM nulls ORDER BY i LIMIT 200",
                        "SELECT i, b IS NOT DISTINCT FROM g, s IS NOT DISTINCT FROM 'alpha', true FROM nulls ORDER BY i LIMIT 200"),
                Arguments.of("RLIKE and REGEXP find a match anywhere",
                        "SELECT i, s RLIKE '^[a-c]' AS a, s REGEXP 'l.?t' AS b, s NOT REGEXP 'a' AS c FROM nulls ORDER BY i LIMIT 200",
                        "SELECT i, regexp_matches(s, '^[a-c]'), regexp_matches(s, 'l.?t'), NOT regexp_matches(s, 'a')"
                                + " FROM nulls ORDER BY i LIMIT 200"),
                Arguments.of("SORT BY, DISTRIBUTE BY and CLUSTER BY, in queries and windows",
                        "SELECT n_regionkey, n_name, sum(n_nationkey) OVER (DISTRIBUTE BY n_regionkey SORT BY n_nationkey) AS r,"
                                + " count(*) OVER (CLUSTER BY n_regionkey) AS c FROM (SELECT * FROM nation CLUSTER BY n_nationkey) t"
                                + " DISTRIBUTE BY n_regionkey SORT BY n_regionkey, n_name DESC",
                        "SELECT n_regionkey, n_name, sum(n_nationkey) OVER (PARTITION BY n_regionkey ORDER BY n_nationkey),"
                                + " count(*) OVER (PARTITION BY n_regionkey ORDER BY n_regionkey) FROM nation ORDER BY 1, 2 DESC"),
                Arguments.of("GROUP BY ... WITH ROLLUP and WITH CUBE",
                        "SELECT o_orderstatus, o_orderpriority, count(*) AS c, sum(o_totalprice) AS p FROM orders"
                                + " GROUP BY o_orderstatus, o_orderpriority WITH CUBE ORDER BY 1, 2",
                        "SELECT o_orderstatus, o_orderpriority, count(*), sum(o_totalprice) FROM orders"
                                + " GROUP BY CUBE (o_orderstatus, o_orderpriority) ORDER BY 1 NULLS FIRST, 2 NULLS FIRST"),
                Arguments.of("GROUP BY ... WITH ROLLUP",
                        "SELECT n_regionkey, count(*) AS c FROM nation GROUP BY n_regionkey WITH ROLLUP ORDER BY n_regionkey",
                        "SELECT n_regionkey, count(*) FROM nation GROUP BY ROLLUP (n_regionkey) ORDER BY 1 NULLS FIRST"),
                Arguments.of("isnull, isnotnull, pmod, initcap and std",
                        "SELECT i, isnull(s) AS a, isnotnull(b) AS c, pmod(i - 50, 7) AS p, pmod(i - 50, -7) AS q,"
                                + " initcap(s) AS t, std(d) OVER (PARTITION BY g) AS sd FROM nulls ORDER BY i LIMIT 300",
                        "SELECT i, s IS NULL, b IS NOT NULL, ((i - 50) % 7 + 7) % 7,"
                                + " CASE WHEN (i - 50) % -7 < 0 THEN ((i - 50) % -7 + -7) % -7 ELSE (i - 50) % -7 END,"
                                + " array_to_string(list_transform(string_split(lower(s), ' '), lambda w: upper(w[1]) || w[2:]), ' '),"
                                + " stddev_samp(d) OVER (PARTITION BY g) FROM nulls ORDER BY i LIMIT 300"),
                Arguments.of("math functions; logarithms of what is not positive are NULL",
                        "SELECT i, ln(d) AS a, log10(d) AS b, log2(d) AS c, log(3, d) AS e, log(d) AS f, exp(d / 100) AS g,"
                                + " cbrt(d) AS h, degrees(d) AS k, radians(d) AS l, sin(d) AS m, cos(d) AS n, tan(d) AS o,"
                                + " asin(d / 1000) AS p, acos(d / 1000) AS q, atan(d) AS r, atan2(d, 3) AS s, sign(b) AS t,"
                                + " signum(m) AS u, e() AS v FROM nulls ORDER BY i LIMIT 400",
                        "SELECT i, CASE WHEN d > 0 THEN ln(d) END, CASE WHEN d > 0 THEN log10(d) END,"
                                + " CASE WHEN d > 0 THEN log2(d) END, CASE WHEN d > 0 THEN ln(d) / ln(3) END,"
                                + " CASE WHEN d > 0 THEN ln(d) END, exp(d / 100), cbrt(d), degrees(d), radians(d), sin(d), cos(d),"
                                + " tan(d), asin(d / 1000), acos(d / 1000), atan(d), atan2(d, 3), CAST(sign(b) AS DOUBLE),"
                                + " CAST(sign(m) AS DOUBLE), exp(1) FROM nulls ORDER BY i LIMIT 400"),
                Arguments.of("string functions of Spark, with NULLs",
                        "SELECT i, left(s, 3) AS a, right(s, 2) AS b, repeat(s, 2) AS c, reverse(s) AS d, replace(s, 'a', 'AA') AS e,"
                                + " replace(s, 'a') AS f, translate(s, 'ae', 'E') AS g, ascii(s) AS h, lcase(s) AS k, ucase(s) AS l,"
                                + " locate('a', s) AS m, locate('a', s, 3) AS n, md5(s) AS o, sha1(s) AS p, sha2(s, 256) AS q,"
                                + " concat('[', space(g), ']') AS r, chr(65 + g) AS t, left(s, -1) AS u FROM nulls ORDER BY i LIMIT 300",
                        "SELECT i, left(s, 3), right(s, 2), repeat(s, 2), reverse(s), replace(s, 'a', 'AA'), replace(s, 'a', ''),"
                                + " replace(translate(s, 'a', 'E'), 'e', ''), CASE WHEN s = '' THEN 0 ELSE ascii(s) END, lower(s),"
                                + " upper(s), instr(s, 'a'), CASE WHEN instr(s[3:], 'a') = 0 THEN 0 ELSE instr(s[3:], 'a') + 2 END,"
                                + " md5(s), sha1(s), sha256(s), '[' || repeat(' ', g) || ']', chr(65 + g), CASE WHEN s IS NOT NULL THEN '' END"
                                + " FROM nulls ORDER BY i LIMIT 300"),
                Arguments.of("ntile, percent_rank, cume_dist, first_value, last_value and nth_value",
                        "SELECT i, ntile(4) OVER (PARTITION BY g ORDER BY i) AS a, ntile(7) OVER (ORDER BY d, i) AS b,"
                                + " percent_rank() OVER (PARTITION BY g ORDER BY b) AS c, cume_dist() OVER (ORDER BY m) AS e,"
                                + " first_value(s) OVER (PARTITION BY g ORDER BY i) AS f,"
                                + " last_value(s) OVER (PARTITION BY g ORDER BY i ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) AS l,"
                                + " nth_value(d, 3) OVER (PARTITION BY g ORDER BY i) AS n, last_value(b) OVER (ORDER BY m, i) AS lm,"
                                + " ntile(5000) OVER (ORDER BY i) AS big FROM nulls ORDER BY i",
                        "SELECT i, ntile(4) OVER (PARTITION BY g ORDER BY i), ntile(7) OVER (ORDER BY d NULLS FIRST, i),"
                                + " percent_rank() OVER (PARTITION BY g ORDER BY b NULLS FIRST),"
                                + " cume_dist() OVER (ORDER BY m NULLS FIRST), first_value(s) OVER (PARTITION BY g ORDER BY i),"
                                + " last_value(s) OVER (PARTITION BY g ORDER BY i ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING),"
                                + " nth_value(d, 3) OVER (PARTITION BY g ORDER BY i), last_value(b) OVER (ORDER BY m NULLS FIRST, i),"
                                + " ntile(5000) OVER (ORDER BY i) FROM nulls ORDER BY i"),
                Arguments.of("count_if, and first, last and any_value as one value of the group",
                        "SELECT g, count_if(b > 0) AS a, count_if(s = 'alpha') FILTER (WHERE i > 100) AS c,"
                                + " first(i) AS f, last(i) AS l, any_value(i) AS v, std(m) AS sd FROM nulls GROUP BY g ORDER BY g",
                        "SELECT g, count(*) FILTER (WHERE b > 0), count(*) FILTER (WHERE s = 'alpha' AND i > 100), min(i),"
                                + " min(i), min(i), stddev_samp(CAST(m AS DOUBLE)) FROM nulls GROUP BY g ORDER BY g NULLS FIRST"),
                Arguments.of("Spark's cast functions",
                        "SELECT i, int(d) AS a, bigint(m) AS b, double(m) AS c, string(dt) AS e, boolean(g) AS f,"
                                + " timestamp(dt) AS h, decimal(d) AS k, float(g) AS l FROM nulls ORDER BY i LIMIT 300",
                        "SELECT i, CAST(trunc(d) AS INT), CAST(trunc(m) AS BIGINT), CAST(m AS DOUBLE), CAST(dt AS VARCHAR),"
                                + " CAST(g AS BOOLEAN), CAST(dt AS TIMESTAMP), CAST(d AS DECIMAL(10, 0)), CAST(g AS REAL)"
                                + " FROM nulls ORDER BY i LIMIT 300"),
                Arguments.of("strings CAST to BOOLEAN as Spark reads them",
                        "SELECT v, CAST(v AS BOOLEAN) AS b FROM (VALUES ('yes'), ('Y'), ('no'), ('n'), ('T'), ('false'), ('1'),"
                                + " ('0')) t(v) ORDER BY v",
                        "SELECT v, lower(v) IN ('yes', 'y', 't', 'true', '1') FROM (VALUES ('yes'), ('Y'), ('no'), ('n'), ('T'),"
                                + " ('false'), ('1'), ('0')) t(v) ORDER BY v"),
                Arguments.of("bool_and, bool_or, every and MIN/MAX of booleans",
                        "SELECT g, bool_and(flag) AS a, bool_or(flag) AS b, every(i > 5) AS c, min(flag) AS d, max(flag) AS e"
                                + " FROM nulls GROUP BY g ORDER BY g",
                        "SELECT g, bool_and(flag), bool_or(flag), bool_and(i > 5), bool_and(flag), bool_or(flag)"
                                + " FROM nulls GROUP BY g ORDER BY g NULLS FIRST"),
                Arguments.of("Spark's date and time functions",
                        "SELECT o_orderkey, weekofyear(o_orderdate) AS w, date_trunc('MONTH', CAST(o_orderdate AS TIMESTAMP)) AS m,"
                                + " date_trunc('week', o_orderdate) AS wk, date_trunc('QUARTER', o_orderdate) AS q,"
                                + " trunc(o_orderdate, 'YY') AS y, trunc(o_orderdate, 'MM') AS mm, last_day(o_orderdate) AS l,"
                                + " unix_timestamp(CAST(o_orderdate AS TIMESTAMP)) AS u,"
                                + " unix_timestamp(CAST(o_orderdate AS STRING), 'yyyy-MM-dd') AS u2,"
                                + " from_unixtime(o_orderkey * 1000) AS f, from_unixtime(o_orderkey * 100000, 'yyyy/MM/dd HH') AS f2,"
                                + " to_timestamp(concat(CAST(o_orderdate AS STRING), ' 10:30'), 'yyyy-MM-dd HH:mm') AS t,"
                                + " to_date(date_format(o_orderdate, 'dd.MM.yyyy'), 'dd.MM.yyyy') AS d,"
                                + " dayofweek(o_orderdate) AS dw, extract(DOW FROM o_orderdate) AS dw2"
                                + " FROM orders ORDER BY o_orderkey LIMIT 100",
                        "SELECT o_orderkey, weekofyear(o_orderdate), date_trunc('month', CAST(o_orderdate AS TIMESTAMP)),"
                                + " CAST(date_trunc('week', o_orderdate) AS TIMESTAMP), CAST(date_trunc('quarter', o_orderdate) AS TIMESTAMP),"
                                + " CAST(date_trunc('year', o_orderdate) AS DATE), CAST(date_trunc('month', o_orderdate) AS DATE),"
                                + " last_day(o_orderdate), CAST(epoch(CAST(o_orderdate AS TIMESTAMP)) AS BIGINT),"
                                + " CAST(epoch(CAST(o_orderdate AS TIMESTAMP)) AS BIGINT),"
                                + " strftime(TIMESTAMP '1970-01-01' + to_seconds(o_orderkey * 1000), '%Y-%m-%d %H:%M:%S'),"
                                + " strftime(TIMESTAMP '1970-01-01' + to_seconds(o_orderkey * 100000), '%Y/%m/%d %H'),"
                                + " strptime(CAST(o_orderdate AS VARCHAR) || ' 10:30', '%Y-%m-%d %H:%M'), o_orderdate,"
                                + " dayofweek(o_orderdate) + 1, dayofweek(o_orderdate) + 1"
                                + " FROM orders ORDER BY o_orderkey LIMIT 100"),
                Arguments.of("date_part, next_day and months_between",
                        "SELECT o_orderkey, date_part('year', o_orderdate) AS y, date_part('MON', o_orderdate) AS m,"
                                + " date_part('dow', o_orderdate) AS w, date_part('doy', o_orderdate) AS d,"
                                + " next_day(o_orderdate, 'Mon') AS nm, next_day(o_orderdate, 'FRIDAY') AS nf,"
                                + " months_between(o_orderdate, DATE '1995-03-15') AS mb FROM orders ORDER BY o_orderkey LIMIT 200",
                        "SELECT o_orderkey, year(o_orderdate), month(o_orderdate), dayofweek(o_orderdate) + 1,"
                                + " dayofyear(o_orderdate), o_orderdate + CAST((1 - isodow(o_orderdate) + 6) % 7 + 1 AS INTEGER),"
                                + " o_orderdate + CAST((5 - isodow(o_orderdate) + 6) % 7 + 1 AS INTEGER),"
                                + " round(CASE WHEN day(o_orderdate) = 15 THEN (year(o_orderdate) - 1995) * 12 + month(o_orderdate) - 3"
                                + " ELSE (year(o_orderdate) - 1995) * 12 + month(o_orderdate) - 3 + (day(o_orderdate) - 15) / 31.0"
                                + " END, 8) FROM orders ORDER BY o_orderkey LIMIT 200"),
                Arguments.of("tables named with their database, default",
                        "SELECT r.r_name, count(*) AS n FROM default.nation n JOIN DEFAULT.region r"
                                + " ON n.n_regionkey = r.r_regionkey GROUP BY r.r_name ORDER BY r.r_name",
                        "SELECT r.r_name, count(*) FROM nation n JOIN region r ON n.n_regionkey = r.r_regionkey"
                                + " GROUP BY 1 ORDER BY 1"),
                Arguments.of("backquoted names",
                        "SELECT `n_name`, `key of nation` FROM (SELECT n_name, n_nationkey AS `key of nation` FROM nation) "
                                + "WHERE `n_name` != 'ALGERIA' ORDER BY `key of nation`",
                        "SELECT n_name, \"key of nation\" FROM (SELECT n_name, n_nationkey AS \"key of nation\" FROM nation) "
                                + "WHERE n_name <> 'ALGERIA' ORDER BY 2"),
                Arguments.of("integer division is DOUBLE, DIV truncates",
                        "SELECT n_nationkey / 4 AS q, n_nationkey DIV 4 AS d, -n_nationkey DIV 4 AS nd, "
                                + "n_nationkey * 3 DIV 2 + 1 AS chain, sum(n_nationkey) / count(*) AS mean "
                                + "FROM nation GROUP BY n_nationkey ORDER BY n_nationkey",
                        "SELECT n_nationkey / 4, CAST(trunc(n_nationkey / 4) AS BIGINT), "
                                + "CAST(trunc(-n_nationkey / 4) AS BIGINT), CAST(trunc(n_nationkey * 3 / 2) AS BIGINT) + 1, "
                                + "sum(n_nationkey) / count(*) FROM nation GROUP BY n_nationkey ORDER BY n_nationkey"),
                Arguments.of("CAST of a decimal or a double to an integer truncates toward zero",
                        "SELECT l_orderkey, l_linenumber, CAST(l_extendedprice * 0.7 AS INT) AS a,"
                                + " CAST(-l_extendedprice * 0.7 AS BIGINT) AS b, CAST(l_discount * 15 AS INT) AS c,"
                                + " CAST(CAST(l_tax AS DOUBLE) * -100 / 3 AS INT) AS d, CAST(2.5 AS INT) AS e,"
                                + " CAST(-2.5e0 AS BIGINT) AS f FROM lineitem ORDER BY 1, 2 LIMIT 300",
                        "SELECT l_orderkey, l_linenumber, CAST(trunc(l_extendedprice * 0.7) AS INT),"
                                + " CAST(trunc(-l_extendedprice * 0.7) AS BIGINT), CAST(trunc(l_discount * 15) AS INT),"
                                + " CAST(trunc(CAST(l_tax AS DOUBLE) * -100 / 3) AS INT), 2, -2"
                                + " FROM lineitem ORDER BY 1, 2 LIMIT 300"),
                Arguments.of("average of integers is DOUBLE",
                        "SELECT l_linenumber, avg(l_linenumber * 1) AS a, avg(CAST(l_quantity AS INT)) AS q FROM lineitem "
                                + "GROUP BY l_linenumber ORDER BY l_linenumber",
                        "SELECT l_linenumber, avg(l_linenumber), avg(CAST(l_quantity AS INT)) FROM lineitem "
                                + "GROUP BY l_linenumber ORDER BY l_linenumber"),
                Arguments.of("date arithmetic in days",
                        "SELECT o_orderdate + 5 AS later, o_orderdate - 3 AS earlier, 2 + o_orderdate AS two, "
                                + "date_add(o_orderdate, 10) AS plus10, date_sub(o_orderdate, 1) AS minus1, "
                                + "datediff(o_orderdate, DATE '1995-01-01') AS since, to_date(CAST(o_orderdate AS TIMESTAMP)) AS d, "
                                + "year(o_orderdate) AS y, month(o_orderdate) AS m, dayofmonth(o_orderdate) AS dom, "
                                + "date_format(o_orderdate, 'yyyy/MM/dd') AS f FROM orders ORDER BY o_orderkey LIMIT 50",
                        "SELECT o_orderdate + 5, o_orderdate - 3, o_orderdate + 2, o_orderdate + 10, o_orderdate - 1, "
                                + "o_orderdate - DATE '1995-01-01', o_orderdate, year(o_orderdate), month(o_orderdate), "
                                + "day(o_orderdate), strftime(o_orderdate, '%Y/%m/%d') FROM orders ORDER BY o_orderkey LIMIT 50"),
                Arguments.of("approx_count_distinct (exact here)",
                        "SELECT o_orderstatus, approx_count_distinct(o_custkey) AS c FROM orders GROUP BY o_orderstatus "
                                + "ORDER BY o_orderstatus",
                        "SELECT o_orderstatus, count(DISTINCT o_custkey) FROM orders GROUP BY 1 ORDER BY 1"),
                Arguments.of("string functions, with NULLs",
                        "SELECT i, nvl(s, 'none') AS a, if(i % 2 = 0, 'even', 'odd') AS b, concat(s, '-', s, '!') AS c, "
                                + "concat_ws('/', s, s, 'x') AS d, lpad(s, 8, '*') AS e, rpad(s, 3) AS f, "
                                + "instr(s, 'a') AS g, regexp_replace(s, 'a', 'X') AS h, "
                                + "regexp_extract(s, '([a-z]+)', 1) AS k, split_part(s, 'a', 2) AS l, length(s) AS m, "
                                + "SUBSTRING(s, 2, 3) AS n, CAST(i AS STRING) AS o FROM nulls ORDER BY i LIMIT 300",
                        "SELECT i, coalesce(s, 'none'), CASE WHEN i % 2 = 0 THEN 'even' ELSE 'odd' END, s || '-' || s || '!', "
                                + "concat_ws('/', s, s, 'x'), lpad(s, 8, '*'), rpad(s, 3, ' '), instr(s, 'a'), "
                                + "regexp_replace(s, 'a', 'X', 'g'), regexp_extract(s, '([a-z]+)', 1), split_part(s, 'a', 2), "
                                + "length(s), substring(s, 2, 3), CAST(i AS VARCHAR) FROM nulls ORDER BY i LIMIT 300"),
                Arguments.of("greatest and least skip NULLs",
                        "SELECT i, greatest(b, g, 10) AS hi, least(b, g) AS lo, greatest(d, m) AS dm FROM nulls ORDER BY i",
                        "SELECT i, greatest(b, g, 10), least(b, g), greatest(d, m) FROM nulls ORDER BY i"),
                Arguments.of("expression then star",
                        "SELECT n_nationkey * 2 AS twice, * FROM nation ORDER BY n_nationkey",
                        "SELECT n_nationkey * 2, * FROM nation ORDER BY n_nationkey"),
                Arguments.of("scalar subquery of one row per outer row",
                        "SELECT n_name, (SELECT r_name FROM region WHERE r_regionkey = n_regionkey) AS region, "
                                + "(SELECT max(s_acctbal) FROM supplier WHERE s_nationkey = n_nationkey) AS richest "
                                + "FROM nation ORDER BY n_nationkey",
                        "SELECT n_name, (SELECT r_name FROM region WHERE r_regionkey = n_regionkey), "
                                + "(SELECT max(s_acctbal) FROM supplier WHERE s_nationkey = n_nationkey) "
                                + "FROM nation ORDER BY n_nationkey"),
                Arguments.of("a script: statements in order, views for the session",
                        "CREATE TEMPORARY VIEW big (k, name) AS SELECT n_nationkey, n_name FROM nation WHERE n_nationkey > 20;\n"
                                + "CREATE OR REPLACE VIEW big AS SELECT n_nationkey AS k, n_name AS name FROM nation WHERE n_nationkey > 19;\n"
                                + "SELECT count(*) FROM nation;\n"
                                + "SELECT * FROM big ORDER BY k;",
                        "SELECT n_nationkey, n_name FROM nation WHERE n_nationkey > 19 ORDER BY 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void sameAsDuckDb(String name, String sql, String duckdbSql) throws Exception {
        assertSameAsDuckDb(name, sql, duckdbSql);
    }

    @Test
    void integerOverflowIsAnErrorNotAWrappedNumber() {
        assertThatThrownBy(() -> driver.execute("SELECT CAST(9223372036854775807 AS BIGINT) + 1"))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("overflow");
        assertThatThrownBy(() -> driver.execute("SELECT o_orderkey * 9223372036854775807 FROM orders"))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("overflow");
    }

    @Test
    void badValuesTimesAndUnitsSayWhatIsWrong() {
        assertThatThrownBy(() -> driver.execute("SELECT CAST(n_name AS BOOLEAN) FROM nation"))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("of column 'n_name' to BOOLEAN: it is not a boolean");
        assertThatThrownBy(() -> driver.execute("SELECT to_date(concat(CAST(o_orderdate AS STRING), 'x'), 'yyyy-MM-dd') FROM orders"))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("with the pattern 'yyyy-MM-dd'")
                .hasMessageContaining("does not match from position 11");
        assertThatThrownBy(() -> driver.execute("SELECT to_timestamp('2020-02-30', 'yyyy-MM-dd')"))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("a field is out of range");
        assertThatThrownBy(() -> driver.execute("SELECT date_trunc('fortnight', o_orderdate) FROM orders"))
                .isInstanceOf(ArbalestException.class).hasMessageContaining("'fortnight' is not a unit of date_trunc");
        assertThatThrownBy(() -> driver.execute("SELECT n_name FROM nation LEFT SEMI JOIN supplier"
                + " ON s_nationkey = n_nationkey RIGHT JOIN region ON r_regionkey = n_regionkey"))
                .isInstanceOf(ArbalestException.class).hasMessageContaining("LEFT SEMI JOIN on the right of a join");
        assertThat(driver.allocatedBytes()).isZero();
    }

    @Test
    void aScalarSubqueryOfSeveralRowsIsAnError() {
        assertThatThrownBy(() -> driver.execute("SELECT n_name, (SELECT r_name FROM region) FROM nation"))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("more than one row");
        assertThat(driver.allocatedBytes()).isZero();
    }

    @Test
    void reservedWordHintOnlyWhereQuotingHelps() {
        assertThatThrownBy(() -> driver.execute("SELECT n_name AS order FROM nation"))
                .isInstanceOf(ArbalestException.class).hasMessageContaining("reserved word").hasMessageContaining("`order`");
        assertThatThrownBy(() -> driver.execute("CREATE TABLE t (a INT)"))
                .isInstanceOf(ArbalestException.class).hasMessageContaining("CREATE TABLE needs a catalog that keeps "
                        + "tables").hasMessageContaining("--catalog hive").hasMessageNotContaining("reserved word");
    }

    @Test
    void misspeltNamesSuggestTheClosest() {
        assertThatThrownBy(() -> driver.execute("SELECT n_nme FROM nation")).isInstanceOf(ArbalestException.class)
                .hasMessageContaining("Did you mean 'n_name'?");
        assertThatThrownBy(() -> driver.execute("SELECT * FROM nations")).isInstanceOf(ArbalestException.class)
                .hasMessageContaining("Did you mean 'nation'?");
        assertThatThrownBy(() -> driver.execute("SELECT sum(n_name) FROM nation"))
                .isInstanceOf(QueryExecutionException.class)
                .hasMessageContaining("Cannot CAST 'ALGERIA' of column 'n_name' to DOUBLE: it is not a number")
                .hasMessageNotContaining("Character");
    }

    @Test
    void resultColumnsAreNamedAsSparkNamesThem() throws Exception {
        try (QueryResult result = driver.execute("SELECT sum(n_nationkey), count(*), n_regionkey + 1, upper(n_name), "
                + "CAST(n_nationkey AS STRING) FROM nation GROUP BY n_regionkey, n_name, n_nationkey")) {
            assertThat(result.schema().names()).containsExactly("sum(n_nationkey)", "count(1)", "(n_regionkey + 1)",
                    "upper(n_name)", "CAST(n_nationkey AS STRING)");
        }
        try (QueryResult result = driver.execute("SELECT n_name IS NULL, n_name IS NOT NULL, NOT (n_nationkey > 1),"
                + " n_nationkey BETWEEN 1 AND 2, n_name LIKE 'A%', n_nationkey IN (1, 2), n_nationkey NOT IN (3),"
                + " CASE WHEN n_nationkey > 1 THEN 1 END, translate(n_name, 'A', 'a') FROM nation")) {
            assertThat(result.schema().names()).containsExactly("(n_name IS NULL)", "(n_name IS NOT NULL)",
                    "(NOT (n_nationkey > 1))", "((n_nationkey >= 1) AND (n_nationkey <= 2))", "n_name LIKE A%",
                    "(n_nationkey IN (1, 2))", "(NOT (n_nationkey IN (3)))", "CASE WHEN (n_nationkey > 1) THEN 1 END",
                    "translate(n_name, A, a)");
        }
        try (QueryResult result = driver.execute("SELECT first(n_name), last(n_name), count_if(n_nationkey > 3) FROM nation")) {
            assertThat(result.schema().names()).containsExactly("first(n_name)", "last(n_name)", "count_if((n_nationkey > 3))");
        }
    }

    @Test
    void aScriptsViewsEndWithIt() throws Exception {
        try (QueryResult result = driver.execute("CREATE VIEW v AS SELECT 1 AS one; SELECT * FROM v")) {
            assertThat(result.rowCount()).isEqualTo(1);
        }
        assertThatThrownBy(() -> driver.execute("SELECT * FROM v")).isInstanceOf(ArbalestException.class)
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> driver.execute("DROP VIEW nope; SELECT 1")).isInstanceOf(ArbalestException.class)
                .hasMessageContaining("View 'nope' does not exist");
    }
}
