-- Queries checked against DuckDB by SqlSuiteTest. Each starts with "-- name: NAME" and must
-- fix its row order with ORDER BY. The table nulls has NULLs in every column (see Warehouses).

-- name: scan all types
SELECT i, b, d, m, dt, ts, s, flag, g FROM nulls ORDER BY i;

-- name: filter with NULL comparisons
SELECT i, b FROM nulls WHERE b > 100 AND d < 300 ORDER BY i;

-- name: three-valued OR and NOT
SELECT i FROM nulls WHERE NOT (b > 0 OR flag) ORDER BY i;

-- name: IS NULL and IS NOT DISTINCT FROM
SELECT i, b IS NULL AS bn, flag IS NOT TRUE AS nt, g IS NOT DISTINCT FROM NULL AS gn FROM nulls ORDER BY i;

-- name: empty filter result
SELECT i, s FROM nulls WHERE i < 0 ORDER BY i;

-- name: arithmetic with NULLs and decimals
SELECT i, b + i, b * 2 - i, m * 3, m + 1.25, d / 4, b % 7 FROM nulls ORDER BY i;

-- name: CASE with NULL branches
SELECT i, CASE WHEN b > 1000 THEN 'big' WHEN b < 0 THEN 'negative' END AS c,
       CASE g WHEN 1 THEN 10 WHEN 2 THEN 20 ELSE -1 END AS v FROM nulls ORDER BY i;

-- name: CASE guards a division by zero
-- (DuckDB divides integers into a DOUBLE; Arbalest, like PostgreSQL and Trino, keeps them integers.)
SELECT i, CASE WHEN g = 0 THEN NULL ELSE CAST(100 AS DOUBLE) / g END AS q, CASE WHEN g <> 0 THEN b % g END AS r
FROM nulls ORDER BY i;

-- name: COALESCE and NULLIF
SELECT i, COALESCE(b, g, -1) AS c, NULLIF(g, 3) AS n FROM nulls ORDER BY i;

-- name: IN list and BETWEEN
SELECT i FROM nulls WHERE g IN (1, 3, 5) AND m BETWEEN 0.5 AND 4 ORDER BY i;

-- name: NOT IN with a NULL candidate never holds
SELECT count(*) FROM nulls WHERE g NOT IN (1, NULL);

-- name: LIKE patterns
SELECT i, s FROM nulls WHERE s LIKE '%a%' AND s NOT LIKE 'B%' ORDER BY i;

-- name: string functions
SELECT i, upper(s), lower(s), trim(s), char_length(s), substring(s, 2, 3), position('a' IN s), s || '!' FROM nulls
ORDER BY i;

-- name: date parts and arithmetic
SELECT i, extract(year FROM dt), extract(month FROM dt), extract(day FROM dt), dt + INTERVAL '10' DAY,
       dt - INTERVAL '1' MONTH FROM nulls ORDER BY i;

-- name: timestamp parts
SELECT i, ts, extract(hour FROM ts), extract(minute FROM ts) FROM nulls ORDER BY i;

-- name: casts
-- (a fractional decimal to an integer truncates here, as Spark; DuckDB rounds: HiveDialectTest has those)
SELECT i, CAST(b AS DOUBLE), CAST(floor(m) AS BIGINT), CAST(ceil(m) AS INT), CAST(i AS VARCHAR), CAST(dt AS VARCHAR), CAST(d AS DECIMAL(12, 3))
FROM nulls ORDER BY i;

-- name: global aggregates skip NULLs
SELECT count(*), count(b), sum(b), min(b), max(b), avg(b), sum(m), avg(m), min(s), max(s), min(dt), max(dt), sum(d)
FROM nulls;

-- name: global aggregates over no rows
SELECT count(*), count(b), sum(b), min(s), avg(m) FROM nulls WHERE i < 0;

-- name: grouped aggregates with a NULL group
SELECT g, count(*), count(b), sum(b), avg(d), min(m), max(s) FROM nulls GROUP BY g ORDER BY g NULLS FIRST;

-- name: group by two keys with NULLs
SELECT g, flag, count(*) FROM nulls GROUP BY g, flag ORDER BY g, flag;

-- name: group by string and date keys
SELECT s, extract(year FROM dt) AS y, sum(m) FROM nulls GROUP BY s, extract(year FROM dt) ORDER BY s, y;

-- name: count distinct alone
SELECT count(DISTINCT g), count(DISTINCT s) FROM nulls;

-- name: count distinct with other aggregates
SELECT flag, count(DISTINCT g), sum(b), count(*) FROM nulls GROUP BY flag ORDER BY flag;

-- name: aggregate FILTER
SELECT g, count(*) FILTER (WHERE b > 0), sum(m) FILTER (WHERE flag) FROM nulls GROUP BY g ORDER BY g;

-- name: HAVING
SELECT g, sum(b) AS total FROM nulls GROUP BY g HAVING sum(b) > 100000 ORDER BY g;

-- name: GROUPING SETS
SELECT g, flag, count(*), sum(b) FROM nulls GROUP BY GROUPING SETS ((g), (flag), ()) ORDER BY GROUPING(g, flag), g, flag;

-- name: ROLLUP with GROUPING
SELECT g, flag, GROUPING(g, flag) AS gr, count(*) FROM nulls GROUP BY ROLLUP (g, flag) ORDER BY gr, g, flag;

-- name: CUBE
SELECT extract(year FROM dt) AS y, flag, count(*), min(s) FROM nulls GROUP BY CUBE (extract(year FROM dt), flag)
ORDER BY GROUPING(extract(year FROM dt), flag), y, flag;

-- name: SELECT DISTINCT
SELECT DISTINCT g, flag FROM nulls ORDER BY g, flag;

-- name: ORDER BY NULLS FIRST and DESC NULLS LAST
SELECT i, b, s FROM nulls ORDER BY s DESC NULLS LAST, b NULLS FIRST, i;

-- name: top-N across batches
SELECT i, d FROM nulls ORDER BY d DESC NULLS LAST, i LIMIT 25;

-- name: LIMIT and OFFSET
SELECT i FROM nulls ORDER BY i LIMIT 30 OFFSET 250;

-- name: OFFSET past the end
SELECT i FROM nulls ORDER BY i LIMIT 10 OFFSET 5000;

-- name: VALUES
SELECT * FROM (VALUES (1, 'a'), (2, NULL), (NULL, 'c')) AS t(x, y) ORDER BY x NULLS FIRST;

-- name: WITH
WITH totals AS (SELECT g, sum(b) AS total FROM nulls GROUP BY g)
SELECT g, total FROM totals WHERE total IS NOT NULL ORDER BY total DESC;

-- name: ROUND ABS FLOOR CEIL
SELECT i, round(d, 1), abs(b), floor(d), ceil(d), round(m, 1), abs(m) FROM nulls ORDER BY i;

-- name: TPC-H lineitem per ship mode and year
SELECT l_shipmode, extract(year FROM l_shipdate) AS y, count(*), sum(l_extendedprice * (1 - l_discount))
FROM lineitem WHERE l_shipdate >= DATE '1995-01-01' GROUP BY l_shipmode, extract(year FROM l_shipdate)
ORDER BY l_shipmode, y;

-- name: inner join never matches NULL keys
SELECT a.i, b.i FROM nulls a JOIN nulls b ON a.g = b.g WHERE a.i < 50 AND b.i < 60 ORDER BY 1, 2;

-- name: join on two keys of different types
SELECT a.i, b.i FROM nulls a JOIN nulls b ON a.g = b.b AND a.flag = b.flag WHERE a.i < 200 ORDER BY 1, 2;

-- name: LEFT JOIN keeps unmatched rows
SELECT a.i, a.g, b.i FROM nulls a LEFT JOIN nulls b ON a.g = b.i AND b.s IS NOT NULL WHERE a.i < 100 ORDER BY 1, 3;

-- name: RIGHT JOIN
SELECT a.i, b.i, b.g FROM (SELECT * FROM nulls WHERE i < 40) a RIGHT JOIN (SELECT * FROM nulls WHERE i < 30) b
ON a.i = b.g ORDER BY 2, 1;

-- name: FULL JOIN with a residual
SELECT a.i, b.i FROM (SELECT * FROM nulls WHERE i < 40) a FULL JOIN (SELECT * FROM nulls WHERE i BETWEEN 20 AND 60) b
ON a.i = b.i AND a.s <> b.s ORDER BY 1, 2;

-- name: non-equi join
SELECT a.i, b.i FROM nulls a JOIN nulls b ON a.i < b.i AND b.i < a.i + 3 WHERE a.i < 30 ORDER BY 1, 2;

-- name: cross join with a single-row input
SELECT i, total FROM nulls, (SELECT sum(b) AS total FROM nulls) t WHERE i < 5 ORDER BY i;

-- name: EXISTS and NOT EXISTS, correlated
SELECT n_name, EXISTS (SELECT 1 FROM supplier WHERE s_nationkey = n_nationkey AND s_acctbal > 9900) AS rich
FROM nation WHERE NOT EXISTS (SELECT 1 FROM customer WHERE c_nationkey = n_nationkey AND c_acctbal < -999)
ORDER BY n_name;

-- name: IN subquery
SELECT i FROM nulls WHERE g IN (SELECT i FROM nulls WHERE i < 5) AND i < 100 ORDER BY i;

-- name: NOT IN over a subquery with a NULL selects nothing
SELECT count(*) FROM nulls WHERE g NOT IN (SELECT g FROM nulls WHERE i < 10);

-- name: NOT IN over a subquery without NULLs
SELECT i FROM nulls WHERE g NOT IN (SELECT g FROM nulls WHERE i < 10 AND g IS NOT NULL) AND i < 100 ORDER BY i;

-- name: scalar subquery
SELECT i FROM nulls WHERE b > (SELECT avg(b) FROM nulls) + 4000 ORDER BY i;

-- name: correlated scalar subquery
SELECT i, (SELECT max(x.b) FROM nulls x WHERE x.g = n.g) AS m FROM nulls n WHERE i < 40 ORDER BY i;

-- name: join then aggregate (customers per nation with their orders)
SELECT n_name, count(DISTINCT c_custkey) AS customers, count(o_orderkey) AS orders
FROM nation LEFT JOIN customer ON c_nationkey = n_nationkey LEFT JOIN orders ON o_custkey = c_custkey
GROUP BY n_name ORDER BY n_name;

-- name: UNION removes duplicates
SELECT g FROM nulls WHERE i < 20 UNION SELECT g FROM nulls WHERE i BETWEEN 15 AND 40 ORDER BY g;

-- name: UNION ALL keeps them
SELECT g, s FROM nulls WHERE i < 20 UNION ALL SELECT g, s FROM nulls WHERE i BETWEEN 15 AND 40 ORDER BY g, s;

-- name: INTERSECT
SELECT g, flag FROM nulls WHERE i < 100 INTERSECT SELECT g, flag FROM nulls WHERE i >= 2900 ORDER BY g, flag;

-- name: EXCEPT
SELECT s FROM nulls EXCEPT SELECT s FROM nulls WHERE i < 10 ORDER BY s;

-- name: ROW_NUMBER RANK DENSE_RANK with NULL partitions and keys
SELECT i, g, row_number() OVER (PARTITION BY g ORDER BY b NULLS FIRST, i) AS rn,
       rank() OVER (PARTITION BY g ORDER BY flag) AS r, dense_rank() OVER (PARTITION BY g ORDER BY flag) AS dr
FROM nulls WHERE i < 300 ORDER BY i;

-- name: LAG and LEAD with offsets and defaults
SELECT i, lag(b) OVER (ORDER BY i) AS l1, lag(s, 3, 'none') OVER (PARTITION BY g ORDER BY i) AS l3,
       lead(m, 2) OVER (PARTITION BY flag ORDER BY i) AS n2
FROM nulls WHERE i < 300 ORDER BY i;

-- name: running and whole-partition aggregates
SELECT i, sum(b) OVER (PARTITION BY g ORDER BY i) AS run_sum, count(b) OVER (PARTITION BY g) AS n,
       min(s) OVER (PARTITION BY g ORDER BY i) AS lo, max(m) OVER (PARTITION BY g) AS hi, count(*) OVER () AS total
FROM nulls WHERE i < 500 ORDER BY i;

-- name: sliding ROWS frames
SELECT i, sum(m) OVER (ORDER BY i ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS s,
       avg(d) OVER (PARTITION BY g ORDER BY i ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS a,
       max(b) OVER (ORDER BY i ROWS BETWEEN CURRENT ROW AND 4 FOLLOWING) AS mx,
       count(d) OVER (ORDER BY i ROWS BETWEEN 5 FOLLOWING AND UNBOUNDED FOLLOWING) AS c
FROM nulls WHERE i < 400 ORDER BY i;

-- name: RANGE frame with peers
SELECT i, g, sum(b) OVER (ORDER BY g RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS s
FROM nulls WHERE i < 200 ORDER BY i;

-- name: window over an aggregate (top suppliers per nation)
SELECT n_name, s_name, total, rank() OVER (PARTITION BY n_name ORDER BY total DESC) AS place
FROM (SELECT n_name, s_name, sum(ps_supplycost * ps_availqty) AS total
      FROM partsupp JOIN supplier ON ps_suppkey = s_suppkey JOIN nation ON s_nationkey = n_nationkey
      GROUP BY n_name, s_name) t
ORDER BY n_name, place, s_name;

-- name: constant casts give the same answers as the engine's
SELECT CAST('12.345' AS DECIMAL(10, 2)) AS a, CAST('-0.125' AS DECIMAL(5, 2)) AS b, CAST(true AS VARCHAR) AS c,
       CAST(i AS VARCHAR) || '.005' AS d, CAST(CAST(i AS VARCHAR) || '.005' AS DECIMAL(10, 2)) AS e
FROM nulls WHERE i < 3 ORDER BY i;

-- name: CURRENT_DATE
SELECT count(*) FROM nulls WHERE dt < CURRENT_DATE;

-- name: ROLLUP over no rows still has its grand total
SELECT g, count(*), sum(b), GROUPING(g) AS gr FROM nulls WHERE i < 0 GROUP BY ROLLUP (g) ORDER BY g;

-- name: CUBE over no rows across partitions
SELECT l_returnflag, l_linestatus, count(*), sum(l_quantity) FROM lineitem WHERE l_quantity < 0
GROUP BY CUBE (l_returnflag, l_linestatus) ORDER BY 1, 2;

-- name: EXISTS against a larger subquery, with a condition across both sides
SELECT c_custkey, c_name FROM customer
WHERE c_nationkey = 3 AND EXISTS (SELECT 1 FROM orders WHERE o_custkey = c_custkey AND o_totalprice > c_acctbal * 20)
ORDER BY c_custkey;

-- name: NOT EXISTS against a larger subquery keeps outer rows with NULL keys
SELECT i, g FROM nulls WHERE NOT EXISTS (SELECT 1 FROM lineitem WHERE l_linenumber = nulls.g) ORDER BY i;

-- name: NOT EXISTS whose condition also tests the outer row alone
SELECT o_orderkey, o_orderstatus FROM orders
WHERE o_orderkey < 300 AND NOT EXISTS (SELECT 1 FROM lineitem WHERE l_orderkey = o_orderkey AND o_orderstatus = 'F'
                                       AND l_quantity > 45)
ORDER BY 1;

-- name: IN against a larger subquery
SELECT n_name FROM nation WHERE n_nationkey IN (SELECT c_nationkey FROM customer WHERE c_acctbal > 9000) ORDER BY 1;

-- name: LEFT JOIN with conditions on each side alone
SELECT a.i, a.g, b.i, b.d FROM nulls a LEFT JOIN nulls b ON a.g = b.i AND a.b > 0 AND b.d < 500 ORDER BY 1, 3;

-- name: aggregate joined on its grouping keys with a much smaller input
SELECT p_partkey, p_name, avg_q, n FROM part
JOIN (SELECT l_partkey, l_suppkey, AVG(l_quantity) AS avg_q, COUNT(*) AS n FROM lineitem GROUP BY l_partkey, l_suppkey) a
  ON a.l_partkey = p_partkey AND a.l_suppkey = p_size
WHERE p_brand = 'Brand#12'
ORDER BY 1;

-- name: distinct aggregate of a grouping key beside other aggregates
SELECT o_orderstatus, o_orderpriority, count(DISTINCT o_orderstatus) AS statuses, count(*) AS n,
       count(DISTINCT o_custkey) AS customers
FROM orders GROUP BY o_orderstatus, o_orderpriority ORDER BY o_orderstatus, o_orderpriority;
