package example;

import io.arbalest.sdk.ArbalestSession;
import io.arbalest.sdk.DataFrame;
import io.arbalest.sdk.Row;
import io.arbalest.sdk.Window;

import java.time.LocalDate;

import static io.arbalest.sdk.Functions.col;
import static io.arbalest.sdk.Functions.lit;
import static io.arbalest.sdk.Functions.rank;
import static io.arbalest.sdk.Functions.sum;

/**
 * A DataFrame program over the TPC-H tables: the ten customers with the most revenue in 1995,
 * each nation's rank by revenue within its region, and the revenue per nation written as
 * Parquet partitioned by region, then read back. Prints each answer as "name: v1,v2,...".
 *
 * <p>Arguments: master (local[2], local-cluster[2,1,1024], yarn), warehouse, output directory.
 */
public final class TopCustomers {
    public static void main(String[] args) {
        try (ArbalestSession session = ArbalestSession.builder().master(args[0]).warehouse(args[1])
                .appName("top-customers").getOrCreate()) {
            DataFrame customers = session.table("customer");
            DataFrame orders = session.table("orders")
                    .filter(col("o_orderdate").between(LocalDate.of(1995, 1, 1), LocalDate.of(1995, 12, 31)));
            DataFrame lineitem = session.table("lineitem");
            DataFrame revenue = customers
                    .join(orders, customers.col("c_custkey").equalTo(orders.col("o_custkey")))
                    .join(lineitem, col("o_orderkey").equalTo(col("l_orderkey")))
                    .withColumn("revenue", col("l_extendedprice").multiply(lit(1).minus(col("l_discount"))));

            DataFrame top = revenue.groupBy("c_custkey", "c_name")
                    .agg(sum("revenue").alias("revenue"))
                    .orderBy(col("revenue").desc(), col("c_custkey"))
                    .limit(10);
            top.collectAsList().forEach(row -> print("top", row));

            DataFrame nations = session.table("nation")
                    .join(session.table("region"), col("n_regionkey").equalTo(col("r_regionkey")));
            DataFrame byNation = revenue.join(nations, col("c_nationkey").equalTo(col("n_nationkey")))
                    .groupBy("r_name", "n_name").agg(sum("revenue").alias("revenue"));
            byNation.withColumn("place", rank().over(Window.partitionBy("r_name").orderBy(col("revenue").desc())))
                    .filter(col("place").leq(2))
                    .orderBy("r_name", "place")
                    .collectAsList().forEach(row -> print("rank", row));

            byNation.write().mode("overwrite").partitionBy("r_name").parquet(args[2]);
            DataFrame back = session.read().parquet(args[2]);
            back.groupBy("r_name").count().orderBy("r_name").collectAsList().forEach(row -> print("written", row));
        }
    }

    private static void print(String name, Row row) {
        System.out.println(name + ": " + row);
    }
}
