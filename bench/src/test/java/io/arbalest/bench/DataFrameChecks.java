package io.arbalest.bench;

import io.arbalest.planner.error.ArbalestException;
import io.arbalest.sdk.ArbalestSession;
import io.arbalest.sdk.DataFrame;
import io.arbalest.sdk.Row;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import static io.arbalest.sdk.Functions.col;
import static io.arbalest.sdk.Functions.lit;

/**
 * What a DataFrame program does on any master, checked against DuckDB: the 22 TPC-H programs,
 * a temporary view queried with SQL, a write that reads back (plain and partitioned), a write
 * that fails and leaves its target as it was, and a failed query after which the session
 * still answers. Returns the failures, one line each; prints "OK name" per passed check.
 */
final class DataFrameChecks {
    private DataFrameChecks() {
    }

    static List<String> run(ArbalestSession session, Connection duckdb, String writeDirectory) throws Exception {
        List<String> failures = new ArrayList<>();
        for (int query = 1; query <= 22; query++) {
            int number = query;
            check(failures, "Q" + query, () -> {
                List<List<Object>> expected = Answers.of(duckdb, TpchOracleTest.queryText(number));
                DataFrame frame = TpchDataFrames.query(session, number);
                List<List<Object>> actual = frame.collectAsList().stream().map(Row::toList).toList();
                return Answers.differences(expected, actual, List.of(frame.columns()), 5);
            });
        }
        check(failures, "range", () -> {
            List<List<Object>> expected = Answers.of(duckdb, "SELECT range % 7, count(*), sum(range) FROM range(-5, 300000, 3) "
                    + "GROUP BY 1 ORDER BY 1");
            List<List<Object>> actual = session.range(-5, 300_000, 3).groupBy(col("id").mod(7))
                    .agg(io.arbalest.sdk.Functions.count("*"), io.arbalest.sdk.Functions.sum("id"))
                    .orderBy(col("(id % 7)")).collectAsList().stream().map(Row::toList).toList();
            return Answers.differences(expected, actual, List.of("mod", "count", "sum"), 5);
        });
        check(failures, "view", () -> {
            session.table("lineitem").filter(col("l_quantity").gt(45)).createOrReplaceTempView("big_items");
            List<List<Object>> expected = Answers.of(duckdb,
                    "SELECT l_returnflag, count(*) FROM lineitem WHERE l_quantity > 45 GROUP BY 1 ORDER BY 1");
            List<List<Object>> actual = session.sql("SELECT l_returnflag, count(*) FROM big_items GROUP BY l_returnflag "
                    + "ORDER BY l_returnflag").collectAsList().stream().map(Row::toList).toList();
            return Answers.differences(expected, actual, List.of("flag", "count"), 5);
        });
        check(failures, "write", () -> {
            String target = writeDirectory + "/orders_by_priority";
            session.table("orders").write().mode("overwrite").partitionBy("o_orderpriority").parquet(target);
            DataFrame back = session.read().parquet(target);
            List<List<Object>> expected = Answers.of(duckdb,
                    "SELECT o_orderpriority, count(*), sum(o_totalprice) FROM orders GROUP BY 1 ORDER BY 1");
            List<List<Object>> actual = back.groupBy("o_orderpriority")
                    .agg(io.arbalest.sdk.Functions.count("*"), io.arbalest.sdk.Functions.sum("o_totalprice"))
                    .orderBy("o_orderpriority").collectAsList().stream().map(Row::toList).toList();
            return Answers.differences(expected, actual, List.of("priority", "count", "sum"), 5);
        });
        check(failures, "failed write", () -> {
            String target = writeDirectory + "/nations";
            session.table("nation").write().mode("overwrite").parquet(target);
            try {
                session.table("nation").select(col("n_nationkey"), lit(1).divide(col("n_regionkey")).alias("x"))
                        .write().mode("overwrite").parquet(target);
                return List.of("a write dividing by zero succeeded");
            } catch (ArbalestException expected) {
                DataFrame back = session.read().parquet(target);
                return back.count() == 25 && back.columns().length == 4 ? List.of()
                        : List.of("the failed overwrite changed the target: " + List.of(back.columns()));
            }
        });
        check(failures, "usable after an error", () -> {
            try {
                session.table("nation").select("n_nam").collectAsList();
                return List.of("an unknown column did not fail");
            } catch (ArbalestException expected) {
                return session.table("region").count() == 5 ? List.of() : List.of("region has no 5 rows");
            }
        });
        return failures;
    }

    private interface Check {
        List<String> differences() throws Exception;
    }

    private static void check(List<String> failures, String name, Check check) {
        try {
            List<String> differences = check.differences();
            if (differences.isEmpty()) {
                System.out.println("OK " + name);
            } else {
                failures.add(name + ": " + differences);
            }
        } catch (Exception | AssertionError e) {
            failures.add(name + ": " + e);
        }
    }
}
