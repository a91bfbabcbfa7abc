package io.arbalest.bench;

import io.arbalest.sdk.ArbalestSession;
import io.arbalest.sdk.Column;
import io.arbalest.sdk.DataFrame;

import java.math.BigDecimal;
import java.time.LocalDate;

import static io.arbalest.sdk.Functions.avg;
import static io.arbalest.sdk.Functions.col;
import static io.arbalest.sdk.Functions.count;
import static io.arbalest.sdk.Functions.countDistinct;
import static io.arbalest.sdk.Functions.lit;
import static io.arbalest.sdk.Functions.max;
import static io.arbalest.sdk.Functions.min;
import static io.arbalest.sdk.Functions.not;
import static io.arbalest.sdk.Functions.substring;
import static io.arbalest.sdk.Functions.sum;
import static io.arbalest.sdk.Functions.when;
import static io.arbalest.sdk.Functions.year;

/**
 * The 22 TPC-H queries written with the DataFrame API (no SQL text), as a Spark user writes
 * them: subqueries become joins with aggregated DataFrames, semi and anti joins. Each answers
 * what {@code tpch/qN.sql} answers.
 */
public final class TpchDataFrames {
    private TpchDataFrames() {
    }

    /** TPC-H query {@code number} (1 to 22) over the session's warehouse. */
    public static DataFrame query(ArbalestSession session, int number) {
        Tables t = new Tables(session);
        return switch (number) {
            case 1 -> q1(t);
            case 2 -> q2(t);
            case 3 -> q3(t);
            case 4 -> q4(t);
            case 5 -> q5(t);
            case 6 -> q6(t);
            case 7 -> q7(t);
            case 8 -> q8(t);
            case 9 -> q9(t);
            case 10 -> q10(t);
            case 11 -> q11(t);
            case 12 -> q12(t);
            case 13 -> q13(t);
            case 14 -> q14(t);
            case 15 -> q15(t);
            case 16 -> q16(t);
            case 17 -> q17(t);
            case 18 -> q18(t);
            case 19 -> q19(t);
            case 20 -> q20(t);
            case 21 -> q21(t);
            case 22 -> q22(t);
            default -> throw new IllegalArgumentException("TPC-H has queries 1 to 22, not " + number + ".");
        };
    }

    private record Tables(DataFrame lineitem, DataFrame orders, DataFrame customer, DataFrame part,
            DataFrame partsupp, DataFrame supplier, DataFrame nation, DataFrame region) {
        Tables(ArbalestSession s) {
            this(s.table("lineitem"), s.table("orders"), s.table("customer"), s.table("part"), s.table("partsupp"),
                    s.table("supplier"), s.table("nation"), s.table("region"));
        }
    }

    private static Column revenue() {
        return col("l_extendedprice").multiply(lit(1).minus(col("l_discount")));
    }

    private static BigDecimal decimal(String value) {
        return new BigDecimal(value);
    }

    private static DataFrame q1(Tables t) {
        return t.lineitem()
                .filter(col("l_shipdate").leq(LocalDate.of(1998, 12, 1).minusDays(90)))
                .groupBy("l_returnflag", "l_linestatus")
                .agg(sum("l_quantity").alias("sum_qty"),
                        sum("l_extendedprice").alias("sum_base_price"),
                        sum(revenue()).alias("sum_disc_price"),
                        sum(revenue().multiply(lit(1).plus(col("l_tax")))).alias("sum_charge"),
                        avg("l_quantity").alias("avg_qty"),
                        avg("l_extendedprice").alias("avg_price"),
                        avg("l_discount").alias("avg_disc"),
                        count("*").alias("count_order"))
                .orderBy("l_returnflag", "l_linestatus");
    }

    private static DataFrame q2(Tables t) {
        DataFrame europe = t.region().filter(col("r_name").equalTo("EUROPE"))
                .join(t.nation(), col("r_regionkey").equalTo(col("n_regionkey")))
                .join(t.supplier(), col("n_nationkey").equalTo(col("s_nationkey")))
                .join(t.partsupp(), col("s_suppkey").equalTo(col("ps_suppkey")));
        DataFrame brass = t.part().filter(col("p_size").equalTo(15).and(col("p_type").like("%BRASS")))
                .join(europe, col("p_partkey").equalTo(col("ps_partkey")));
        DataFrame cheapest = brass.groupBy("ps_partkey").agg(min("ps_supplycost").alias("min_cost"))
                .withColumnRenamed("ps_partkey", "min_partkey");
        return brass.join(cheapest, col("ps_partkey").equalTo(col("min_partkey"))
                        .and(col("ps_supplycost").equalTo(col("min_cost"))))
                .select("s_acctbal", "s_name", "n_name", "p_partkey", "p_mfgr", "s_address", "s_phone", "s_comment")
                .orderBy(col("s_acctbal").desc(), col("n_name"), col("s_name"), col("p_partkey"))
                .limit(100);
    }

    private static DataFrame q3(Tables t) {
        LocalDate date = LocalDate.of(1995, 3, 15);
        return t.customer().filter(col("c_mktsegment").equalTo("BUILDING"))
                .join(t.orders().filter(col("o_orderdate").lt(date)), col("c_custkey").equalTo(col("o_custkey")))
                .join(t.lineitem().filter(col("l_shipdate").gt(date)), col("l_orderkey").equalTo(col("o_orderkey")))
                .groupBy("l_orderkey", "o_orderdate", "o_shippriority")
                .agg(sum(revenue()).alias("revenue"))
                .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
                .orderBy(col("revenue").desc(), col("o_orderdate"))
                .limit(10);
    }

    private static DataFrame q4(Tables t) {
        LocalDate start = LocalDate.of(1993, 7, 1);
        DataFrame late = t.lineitem().filter(col("l_commitdate").lt(col("l_receiptdate")));
        return t.orders().filter(col("o_orderdate").geq(start).and(col("o_orderdate").lt(start.plusMonths(3))))
                .join(late, col("o_orderkey").equalTo(col("l_orderkey")), "left_semi")
                .groupBy("o_orderpriority").agg(count("*").alias("order_count"))
                .orderBy("o_orderpriority");
    }

    private static DataFrame q5(Tables t) {
        LocalDate start = LocalDate.of(1994, 1, 1);
        return t.region().filter(col("r_name").equalTo("ASIA"))
                .join(t.nation(), col("r_regionkey").equalTo(col("n_regionkey")))
                .join(t.customer(), col("n_nationkey").equalTo(col("c_nationkey")))
                .join(t.orders().filter(col("o_orderdate").geq(start).and(col("o_orderdate").lt(start.plusYears(1)))),
                        col("c_custkey").equalTo(col("o_custkey")))
                .join(t.lineitem(), col("o_orderkey").equalTo(col("l_orderkey")))
                .join(t.supplier(), col("l_suppkey").equalTo(col("s_suppkey"))
                        .and(col("c_nationkey").equalTo(col("s_nationkey"))))
                .groupBy("n_name").agg(sum(revenue()).alias("revenue"))
                .orderBy(col("revenue").desc());
    }

    private static DataFrame q6(Tables t) {
        LocalDate start = LocalDate.of(1994, 1, 1);
        return t.lineitem()
                .filter(col("l_shipdate").geq(start).and(col("l_shipdate").lt(start.plusYears(1)))
                        .and(col("l_discount").between(decimal("0.05"), decimal("0.07")))
                        .and(col("l_quantity").lt(24)))
                .agg(sum(col("l_extendedprice").multiply(col("l_discount"))).alias("revenue"));
    }

    private static DataFrame q7(Tables t) {
        DataFrame suppliers = t.nation().select(col("n_nationkey").alias("supp_nationkey"),
                        col("n_name").alias("supp_nation"))
                .join(t.supplier(), col("supp_nationkey").equalTo(col("s_nationkey")));
        DataFrame customers = t.nation().select(col("n_nationkey").alias("cust_nationkey"),
                        col("n_name").alias("cust_nation"))
                .join(t.customer(), col("cust_nationkey").equalTo(col("c_nationkey")));
        Column pair = col("supp_nation").equalTo("FRANCE").and(col("cust_nation").equalTo("GERMANY"))
                .or(col("supp_nation").equalTo("GERMANY").and(col("cust_nation").equalTo("FRANCE")));
        return t.lineitem().filter(col("l_shipdate").between(LocalDate.of(1995, 1, 1), LocalDate.of(1996, 12, 31)))
                .join(suppliers, col("l_suppkey").equalTo(col("s_suppkey")))
                .join(t.orders(), col("l_orderkey").equalTo(col("o_orderkey")))
                .join(customers, col("o_custkey").equalTo(col("c_custkey")))
                .filter(pair)
                .select(col("supp_nation"), col("cust_nation"), year(col("l_shipdate")).alias("l_year"),
                        revenue().alias("volume"))
                .groupBy("supp_nation", "cust_nation", "l_year").agg(sum("volume").alias("revenue"))
                .orderBy("supp_nation", "cust_nation", "l_year");
    }

    private static DataFrame q8(Tables t) {
        DataFrame america = t.region().filter(col("r_name").equalTo("AMERICA"))
                .join(t.nation(), col("r_regionkey").equalTo(col("n_regionkey")))
                .join(t.customer(), col("n_nationkey").equalTo(col("c_nationkey")));
        DataFrame supplierNations = t.nation().select(col("n_nationkey").alias("supp_nationkey"),
                        col("n_name").alias("nation"))
                .join(t.supplier(), col("supp_nationkey").equalTo(col("s_nationkey")));
        return t.part().filter(col("p_type").equalTo("ECONOMY ANODIZED STEEL"))
                .join(t.lineitem(), col("p_partkey").equalTo(col("l_partkey")))
                .join(t.orders().filter(col("o_orderdate").between(LocalDate.of(1995, 1, 1), LocalDate.of(1996, 12, 31))),
                        col("l_orderkey").equalTo(col("o_orderkey")))
                .join(america, col("o_custkey").equalTo(col("c_custkey")))
                .join(supplierNations, col("l_suppkey").equalTo(col("s_suppkey")))
                .select(year(col("o_orderdate")).alias("o_year"), revenue().alias("volume"), col("nation"))
                .groupBy("o_year")
                .agg(sum(when(col("nation").equalTo("BRAZIL"), col("volume")).otherwise(0))
                        .divide(sum("volume")).alias("mkt_share"))
                .orderBy("o_year");
    }

    private static DataFrame q9(Tables t) {
        return t.part().filter(col("p_name").like("%green%"))
                .join(t.lineitem(), col("p_partkey").equalTo(col("l_partkey")))
                .join(t.supplier(), col("l_suppkey").equalTo(col("s_suppkey")))
                .join(t.partsupp(), col("ps_suppkey").equalTo(col("l_suppkey"))
                        .and(col("ps_partkey").equalTo(col("l_partkey"))))
                .join(t.orders(), col("o_orderkey").equalTo(col("l_orderkey")))
                .join(t.nation(), col("s_nationkey").equalTo(col("n_nationkey")))
                .select(col("n_name").alias("nation"), year(col("o_orderdate")).alias("o_year"),
                        revenue().minus(col("ps_supplycost").multiply(col("l_quantity"))).alias("amount"))
                .groupBy("nation", "o_year").agg(sum("amount").alias("sum_profit"))
                .orderBy(col("nation"), col("o_year").desc());
    }

    private static DataFrame q10(Tables t) {
        LocalDate start = LocalDate.of(1993, 10, 1);
        return t.orders().filter(col("o_orderdate").geq(start).and(col("o_orderdate").lt(start.plusMonths(3))))
                .join(t.lineitem().filter(col("l_returnflag").equalTo("R")), col("o_orderkey").equalTo(col("l_orderkey")))
                .join(t.customer(), col("o_custkey").equalTo(col("c_custkey")))
                .join(t.nation(), col("c_nationkey").equalTo(col("n_nationkey")))
                .groupBy("c_custkey", "c_name", "c_acctbal", "c_phone", "n_name", "c_address", "c_comment")
                .agg(sum(revenue()).alias("revenue"))
                .select("c_custkey", "c_name", "revenue", "c_acctbal", "n_name", "c_address", "c_phone", "c_comment")
                .orderBy(col("revenue").desc())
                .limit(20);
    }

    private static DataFrame q11(Tables t) {
        DataFrame german = t.nation().filter(col("n_name").equalTo("GERMANY"))
                .join(t.supplier(), col("n_nationkey").equalTo(col("s_nationkey")))
                .join(t.partsupp(), col("s_suppkey").equalTo(col("ps_suppkey")))
                .withColumn("stock_value", col("ps_supplycost").multiply(col("ps_availqty")));
        DataFrame threshold = german.agg(sum("stock_value").multiply(decimal("0.0001")).alias("threshold"));
        return german.groupBy("ps_partkey").agg(sum("stock_value").alias("value"))
                .crossJoin(threshold)
                .filter(col("value").gt(col("threshold")))
                .select("ps_partkey", "value")
                .orderBy(col("value").desc());
    }

    private static DataFrame q12(Tables t) {
        LocalDate start = LocalDate.of(1994, 1, 1);
        Column high = col("o_orderpriority").equalTo("1-URGENT").or(col("o_orderpriority").equalTo("2-HIGH"));
        return t.lineitem()
                .filter(col("l_shipmode").isin("MAIL", "SHIP")
                        .and(col("l_commitdate").lt(col("l_receiptdate")))
                        .and(col("l_shipdate").lt(col("l_commitdate")))
                        .and(col("l_receiptdate").geq(start))
                        .and(col("l_receiptdate").lt(start.plusYears(1))))
                .join(t.orders(), col("o_orderkey").equalTo(col("l_orderkey")))
                .groupBy("l_shipmode")
                .agg(sum(when(high, 1).otherwise(0)).alias("high_line_count"),
                        sum(when(not(high), 1).otherwise(0)).alias("low_line_count"))
                .orderBy("l_shipmode");
    }

    private static DataFrame q13(Tables t) {
        DataFrame orders = t.orders().filter(not(col("o_comment").like("%special%requests%")));
        return t.customer().join(orders, col("c_custkey").equalTo(col("o_custkey")), "left_outer")
                .groupBy("c_custkey").agg(count("o_orderkey").alias("c_count"))
                .groupBy("c_count").agg(count("*").alias("custdist"))
                .orderBy(col("custdist").desc(), col("c_count").desc());
    }

    private static DataFrame q14(Tables t) {
        LocalDate start = LocalDate.of(1995, 9, 1);
        return t.lineitem().filter(col("l_shipdate").geq(start).and(col("l_shipdate").lt(start.plusMonths(1))))
                .join(t.part(), col("l_partkey").equalTo(col("p_partkey")))
                .agg(lit(decimal("100.00")).multiply(sum(when(col("p_type").like("PROMO%"), revenue()).otherwise(0)))
                        .divide(sum(revenue())).alias("promo_revenue"));
    }

    private static DataFrame q15(Tables t) {
        LocalDate start = LocalDate.of(1996, 1, 1);
        DataFrame revenue = t.lineitem()
                .filter(col("l_shipdate").geq(start).and(col("l_shipdate").lt(start.plusMonths(3))))
                .groupBy(col("l_suppkey").alias("supplier_no")).agg(sum(revenue()).alias("total_revenue"));
        DataFrame best = revenue.agg(max("total_revenue").alias("max_revenue"));
        return t.supplier().join(revenue, col("s_suppkey").equalTo(col("supplier_no")))
                .join(best, col("total_revenue").equalTo(col("max_revenue")))
                .select("s_suppkey", "s_name", "s_address", "s_phone", "total_revenue")
                .orderBy("s_suppkey");
    }

    private static DataFrame q16(Tables t) {
        DataFrame complaints = t.supplier().filter(col("s_comment").like("%Customer%Complaints%"));
        return t.part()
                .filter(col("p_brand").notEqual("Brand#45")
                        .and(not(col("p_type").like("MEDIUM POLISHED%")))
                        .and(col("p_size").isin(49, 14, 23, 45, 19, 3, 36, 9)))
                .join(t.partsupp(), col("p_partkey").equalTo(col("ps_partkey")))
                .join(complaints, col("ps_suppkey").equalTo(col("s_suppkey")), "left_anti")
                .groupBy("p_brand", "p_type", "p_size").agg(countDistinct("ps_suppkey").alias("supplier_cnt"))
                .orderBy(col("supplier_cnt").desc(), col("p_brand"), col("p_type"), col("p_size"));
    }

    private static DataFrame q17(Tables t) {
        DataFrame parts = t.part().filter(col("p_brand").equalTo("Brand#23").and(col("p_container").equalTo("MED BOX")));
        DataFrame items = t.lineitem().join(parts, col("l_partkey").equalTo(col("p_partkey")));
        DataFrame averages = items.groupBy(col("l_partkey").alias("avg_partkey"))
                .agg(avg("l_quantity").multiply(decimal("0.2")).alias("small_quantity"));
        return items.join(averages, col("l_partkey").equalTo(col("avg_partkey")))
                .filter(col("l_quantity").lt(col("small_quantity")))
                .agg(sum("l_extendedprice").divide(decimal("7.0")).alias("avg_yearly"));
    }

    private static DataFrame q18(Tables t) {
        DataFrame large = t.lineitem().groupBy("l_orderkey").agg(sum("l_quantity").alias("order_quantity"))
                .filter(col("order_quantity").gt(300))
                .select(col("l_orderkey").alias("large_orderkey"));
        return t.orders().join(large, col("o_orderkey").equalTo(col("large_orderkey")), "left_semi")
                .join(t.customer(), col("o_custkey").equalTo(col("c_custkey")))
                .join(t.lineitem(), col("o_orderkey").equalTo(col("l_orderkey")))
                .groupBy("c_name", "c_custkey", "o_orderkey", "o_orderdate", "o_totalprice")
                .agg(sum("l_quantity"))
                .orderBy(col("o_totalprice").desc(), col("o_orderdate"))
                .limit(100);
    }

    private static DataFrame q19(Tables t) {
        Column shipped = col("l_shipmode").isin("AIR", "AIR REG").and(col("l_shipinstruct").equalTo("DELIVER IN PERSON"));
        Column first = col("p_brand").equalTo("Brand#12")
                .and(col("p_container").isin("SM CASE", "SM BOX", "SM PACK", "SM PKG"))
                .and(col("l_quantity").between(1, 11)).and(col("p_size").between(1, 5));
        Column second = col("p_brand").equalTo("Brand#23")
                .and(col("p_container").isin("MED BAG", "MED BOX", "MED PKG", "MED PACK"))
                .and(col("l_quantity").between(10, 20)).and(col("p_size").between(1, 10));
        Column third = col("p_brand").equalTo("Brand#34")
                .and(col("p_container").isin("LG CASE", "LG BOX", "LG PACK", "LG PKG"))
                .and(col("l_quantity").between(20, 30)).and(col("p_size").between(1, 15));
        return t.lineitem().filter(shipped)
                .join(t.part(), col("p_partkey").equalTo(col("l_partkey")))
                .filter(first.or(second).or(third))
                .agg(sum(revenue()).alias("revenue"));
    }

    private static DataFrame q20(Tables t) {
        LocalDate start = LocalDate.of(1994, 1, 1);
        DataFrame shipped = t.lineitem()
                .filter(col("l_shipdate").geq(start).and(col("l_shipdate").lt(start.plusYears(1))))
                .groupBy("l_partkey", "l_suppkey").agg(sum("l_quantity").multiply(decimal("0.5")).alias("half_quantity"));
        DataFrame forest = t.part().filter(col("p_name").like("forest%"));
        DataFrame stocked = t.partsupp().join(forest, col("ps_partkey").equalTo(col("p_partkey")), "left_semi")
                .join(shipped, col("ps_partkey").equalTo(col("l_partkey")).and(col("ps_suppkey").equalTo(col("l_suppkey"))))
                .filter(col("ps_availqty").gt(col("half_quantity")));
        return t.supplier().join(stocked, col("s_suppkey").equalTo(col("ps_suppkey")), "left_semi")
                .join(t.nation().filter(col("n_name").equalTo("CANADA")), col("s_nationkey").equalTo(col("n_nationkey")))
                .select("s_name", "s_address")
                .orderBy("s_name");
    }

    private static DataFrame q21(Tables t) {
        DataFrame l1 = t.lineitem().alias("l1");
        DataFrame l2 = t.lineitem().alias("l2");
        DataFrame l3 = t.lineitem().alias("l3").filter(col("l3.l_receiptdate").gt(col("l3.l_commitdate")));
        return l1.filter(col("l1.l_receiptdate").gt(col("l1.l_commitdate")))
                .join(t.supplier(), col("s_suppkey").equalTo(col("l1.l_suppkey")))
                .join(t.orders().filter(col("o_orderstatus").equalTo("F")), col("o_orderkey").equalTo(col("l1.l_orderkey")))
                .join(t.nation().filter(col("n_name").equalTo("SAUDI ARABIA")), col("s_nationkey").equalTo(col("n_nationkey")))
                .join(l2, col("l2.l_orderkey").equalTo(col("l1.l_orderkey"))
                        .and(col("l2.l_suppkey").notEqual(col("l1.l_suppkey"))), "left_semi")
                .join(l3, col("l3.l_orderkey").equalTo(col("l1.l_orderkey"))
                        .and(col("l3.l_suppkey").notEqual(col("l1.l_suppkey"))), "left_anti")
                .groupBy("s_name").agg(count("*").alias("numwait"))
                .orderBy(col("numwait").desc(), col("s_name"))
                .limit(100);
    }

    private static DataFrame q22(Tables t) {
        Column code = substring(col("c_phone"), 1, 2);
        Object[] codes = {"13", "31", "23", "29", "30", "18", "17"};
        DataFrame customers = t.customer().filter(code.isin(codes));
        DataFrame average = customers.filter(col("c_acctbal").gt(decimal("0.00")))
                .agg(avg("c_acctbal").alias("avg_acctbal"));
        return customers.join(t.orders(), col("c_custkey").equalTo(col("o_custkey")), "left_anti")
                .crossJoin(average)
                .filter(col("c_acctbal").gt(col("avg_acctbal")))
                .select(code.alias("cntrycode"), col("c_acctbal"))
                .groupBy("cntrycode").agg(count("*").alias("numcust"), sum("c_acctbal").alias("totacctbal"))
                .orderBy("cntrycode");
    }
}
