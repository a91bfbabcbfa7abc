package io.arbalest.sdk;

import io.arbalest.planner.error.ArbalestException;
import io.arbalest.planner.error.SqlValidationException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static io.arbalest.sdk.Functions.abs;
import static io.arbalest.sdk.Functions.avg;
import static io.arbalest.sdk.Functions.coalesce;
import static io.arbalest.sdk.Functions.col;
import static io.arbalest.sdk.Functions.concat;
import static io.arbalest.sdk.Functions.count;
import static io.arbalest.sdk.Functions.countDistinct;
import static io.arbalest.sdk.Functions.dayofmonth;
import static io.arbalest.sdk.Functions.dense_rank;
import static io.arbalest.sdk.Functions.expr;
import static io.arbalest.sdk.Functions.first;
import static io.arbalest.sdk.Functions.floor;
import static io.arbalest.sdk.Functions.lag;
import static io.arbalest.sdk.Functions.lead;
import static io.arbalest.sdk.Functions.length;
import static io.arbalest.sdk.Functions.lit;
import static io.arbalest.sdk.Functions.lower;
import static io.arbalest.sdk.Functions.max;
import static io.arbalest.sdk.Functions.min;
import static io.arbalest.sdk.Functions.month;
import static io.arbalest.sdk.Functions.not;
import static io.arbalest.sdk.Functions.rank;
import static io.arbalest.sdk.Functions.round;
import static io.arbalest.sdk.Functions.row_number;
import static io.arbalest.sdk.Functions.substring;
import static io.arbalest.sdk.Functions.sum;
import static io.arbalest.sdk.Functions.trim;
import static io.arbalest.sdk.Functions.upper;
import static io.arbalest.sdk.Functions.when;
import static io.arbalest.sdk.Functions.year;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The DataFrame API in local[2] against DuckDB running the equivalent SQL on the same files:
 * each transformation, join type, set operation and window of the SDK, and its core functions
 * (Spark's wider function library: {@link SparkFunctionsTest}).
 */
class DataFrameTest extends AgainstDuckDb {
    @Test
    void selectFilterWithColumnRenameDrop() throws Exception {
        DataFrame frame = emp().filter(col("grade").geq(2))
                .withColumn("bonus", col("salary").multiply(new BigDecimal("0.1")))
                .withColumnRenamed("name", "who")
                .drop("hired", "score");
        assertThat(frame.columns()).containsExactly("id", "who", "dept", "salary", "grade", "bonus");
        assertUnordered(frame, "SELECT id, name, dept, salary, grade, salary * 0.1 FROM emp WHERE grade >= 2");
    }

    @Test
    void withColumnReplacesInPlace() throws Exception {
        DataFrame frame = emp().select("id", "grade", "dept").withColumn("grade", col("grade").plus(10));
        assertThat(frame.columns()).containsExactly("id", "grade", "dept");
        assertUnordered(frame, "SELECT id, grade + 10, dept FROM emp");
    }

    @Test
    void columnNamesAsSparkPrintsThem() {
        DataFrame frame = emp().groupBy("dept").agg(sum("salary"), count("*"), avg(col("grade")),
                countDistinct("grade"), max(col("score").plus(1)));
        assertThat(frame.columns()).containsExactly("dept", "sum(salary)", "count(1)", "avg(grade)",
                "count(DISTINCT grade)", "max((score + 1))");
        assertThat(emp().groupBy("dept").count().columns()).containsExactly("dept", "count");
    }

    @Test
    void aggregatesSortedWithSparkNullOrder() throws Exception {
        DataFrame frame = emp().groupBy("dept")
                .agg(count("*").alias("n"), sum("salary").alias("total"), min("hired").alias("first"),
                        max("score").alias("best"), countDistinct("grade").alias("grades"))
                .orderBy("dept");
        assertOrdered(frame, "SELECT dept, count(*), sum(salary), min(hired), max(score), count(DISTINCT grade) "
                + "FROM emp GROUP BY dept ORDER BY dept ASC NULLS FIRST");
        assertOrdered(emp().select("dept", "id").orderBy(col("dept").desc(), col("id")).limit(30),
                "SELECT dept, id FROM emp ORDER BY dept DESC NULLS LAST, id LIMIT 30");
        assertOrdered(emp().select("salary", "id").orderBy(col("salary").asc_nulls_last(), col("id")).offset(480),
                "SELECT salary, id FROM emp ORDER BY salary ASC NULLS LAST, id OFFSET 480");
        assertThat(emp().agg(sum("grade")).first().getLong(0)).isEqualTo(
                ((Number) warehouse.duckdb("SELECT sum(grade) FROM emp").get(0).get(0)).longValue());
        assertThat(emp().count()).isEqualTo(500);
    }

    @Test
    void statisticalAggregates() throws Exception {
        DataFrame frame = emp().groupBy("dept").agg(Functions.stddev(col("score")), Functions.stddev_pop(col("score")),
                Functions.variance(col("score")), Functions.var_pop(col("grade")), Functions.stddev("salary"));
        assertThat(frame.columns()).containsExactly("dept", "stddev(score)", "stddev_pop(score)", "var_samp(score)",
                "var_pop(grade)", "stddev(salary)");
        List<List<Object>> expected = TestWarehouse.sorted(warehouse.duckdb("SELECT dept, stddev_samp(score), "
                + "stddev_pop(score), var_samp(score), var_pop(grade), stddev_samp(salary) FROM emp GROUP BY dept"));
        List<List<Object>> actual = TestWarehouse.sorted(TestWarehouse.normalize(frame.collectAsList()));
        assertThat(actual).hasSameSizeAs(expected);
        for (int row = 0; row < expected.size(); row++) {
            for (int c = 1; c < 6; c++) {
                double e = ((Number) expected.get(row).get(c)).doubleValue();
                assertThat(((Number) actual.get(row).get(c)).doubleValue()).as("row " + row + " column " + c)
                        .isCloseTo(e, org.assertj.core.data.Offset.offset(Math.abs(e) * 1e-9));
            }
        }
    }

    @Test
    void joinsOfEveryType() throws Exception {
        DataFrame emp = emp().select("id", "dept");
        DataFrame dept = dept();
        String[] types = {"inner", "left", "left_outer", "right", "full", "full_outer", "outer"};
        String[] sql = {"INNER", "LEFT", "LEFT", "RIGHT", "FULL", "FULL", "FULL"};
        for (int i = 0; i < types.length; i++) {
            assertUnordered(emp.join(dept, emp.col("dept").equalTo(dept.col("dept")), types[i]),
                    "SELECT e.id, e.dept, d.* FROM emp e " + sql[i] + " JOIN dept d ON e.dept = d.dept");
        }
        assertUnordered(emp.join(dept, emp.col("dept").equalTo(dept.col("dept")), "left_semi"),
                "SELECT id, dept FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.dept = e.dept)");
        assertUnordered(emp.join(dept, emp.col("dept").equalTo(dept.col("dept")), "left_anti"),
                "SELECT id, dept FROM emp e WHERE NOT EXISTS (SELECT 1 FROM dept d WHERE d.dept = e.dept)");
        assertUnordered(emp.join(dept, "dept"),
                "SELECT dept, id, floor, head FROM emp JOIN dept USING (dept)");
        assertUnordered(emp.filter(col("id").lt(5)).crossJoin(dept.select("floor")),
                "SELECT id, emp.dept, floor FROM emp, dept WHERE id < 5");
    }

    @Test
    void selfJoinWithAliasesAndBoundColumns() throws Exception {
        DataFrame a = emp().alias("a");
        DataFrame b = emp().alias("b");
        DataFrame frame = a.join(b, col("a.id").plus(1).equalTo(col("b.id")))
                .filter(col("a.grade").gt(col("b.grade")))
                .select(col("a.id"), col("b.name").alias("next_name"));
        assertUnordered(frame, "SELECT a.id, b.name FROM emp a JOIN emp b ON a.id + 1 = b.id WHERE a.grade > b.grade");
        DataFrame emp = emp();
        DataFrame dept = dept();
        DataFrame joined = emp.join(dept, emp.col("dept").equalTo(dept.col("dept")))
                .select(emp.col("id"), dept.col("dept"), dept.col("floor"));
        assertUnordered(joined, "SELECT e.id, d.dept, d.floor FROM emp e JOIN dept d ON e.dept = d.dept");
    }

    @Test
    void setOperationsAndDuplicates() throws Exception {
        DataFrame low = emp().filter(col("grade").leq(2)).select("dept", "grade");
        DataFrame high = emp().filter(col("grade").geq(2)).select("dept", "grade");
        assertUnordered(low.union(high), "SELECT dept, grade FROM emp WHERE grade <= 2 UNION ALL "
                + "SELECT dept, grade FROM emp WHERE grade >= 2");
        assertUnordered(low.unionByName(high.select("grade", "dept")), "SELECT dept, grade FROM emp WHERE grade <= 2 "
                + "UNION ALL SELECT dept, grade FROM emp WHERE grade >= 2");
        assertUnordered(low.intersect(high), "SELECT dept, grade FROM emp WHERE grade <= 2 INTERSECT "
                + "SELECT dept, grade FROM emp WHERE grade >= 2");
        assertUnordered(low.except(high), "SELECT dept, grade FROM emp WHERE grade <= 2 EXCEPT "
                + "SELECT dept, grade FROM emp WHERE grade >= 2");
        assertUnordered(low.distinct(), "SELECT DISTINCT dept, grade FROM emp WHERE grade <= 2");
        List<Row> oneEach = emp().dropDuplicates("dept").collectAsList();
        assertThat(oneEach).hasSize(5);
        assertThat(oneEach.get(0).size()).isEqualTo(7);
        assertThat(oneEach.stream().map(r -> String.valueOf(r.getString("dept"))).distinct()).hasSize(5);
        assertThatThrownBy(() -> low.unionByName(high.select("grade")).collectAsList())
                .isInstanceOf(SqlValidationException.class).hasMessageContaining("unionByName");
    }

    @Test
    void windowFunctions() throws Exception {
        WindowSpec byDept = Window.partitionBy("dept").orderBy(col("salary").desc(), col("id"));
        DataFrame frame = emp().select(col("id"), col("dept"), col("salary"),
                row_number().over(byDept).alias("rn"), rank().over(byDept).alias("rk"),
                dense_rank().over(byDept).alias("drk"), lag(col("id"), 1).over(byDept).alias("prev"),
                lead("id", 2).over(byDept).alias("next2"),
                sum("grade").over(Window.partitionBy("dept").orderBy("id").rowsBetween(-2, Window.currentRow))
                        .alias("running"));
        assertUnordered(frame, "SELECT id, dept, salary,"
                + " row_number() OVER (PARTITION BY dept ORDER BY salary DESC NULLS LAST, id),"
                + " rank() OVER (PARTITION BY dept ORDER BY salary DESC NULLS LAST, id),"
                + " dense_rank() OVER (PARTITION BY dept ORDER BY salary DESC NULLS LAST, id),"
                + " lag(id, 1) OVER (PARTITION BY dept ORDER BY salary DESC NULLS LAST, id),"
                + " lead(id, 2) OVER (PARTITION BY dept ORDER BY salary DESC NULLS LAST, id),"
                + " sum(grade) OVER (PARTITION BY dept ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)"
                + " FROM emp");
        DataFrame top = emp().withColumn("rn", row_number().over(byDept)).filter(col("rn").leq(2))
                .select("dept", "id", "rn");
        assertUnordered(top, "SELECT dept, id, rn FROM (SELECT dept, id, row_number() OVER (PARTITION BY dept "
                + "ORDER BY salary DESC NULLS LAST, id) AS rn FROM emp) WHERE rn <= 2");
    }

    @Test
    void scalarFunctions() throws Exception {
        DataFrame frame = emp().select(col("id"),
                when(col("grade").equalTo(0), "none").when(col("grade").lt(3), "some").otherwise("many"),
                col("dept").isin("eng", "ops"), col("grade").between(1, 3), col("name").like("a%"),
                col("salary").cast("double"), col("grade").cast("string"), coalesce(col("dept"), lit("?")),
                concat(col("name"), lit("-"), col("dept")), upper(col("name")), lower(lit("AbC")),
                trim(lit("  x  ")), length(col("name")), substring(col("name"), 2, 3),
                year(col("hired")), month(col("hired")), dayofmonth(col("hired")),
                round(col("score"), 2), abs(col("grade").minus(2)), col("dept").isNull(), col("salary").isNotNull(),
                not(col("grade").gt(2)), col("grade").mod(3), col("id").divide(lit(4.0)),
                col("hired").geq(LocalDate.of(2021, 1, 1)));
        assertUnordered(frame, "SELECT id, CASE WHEN grade = 0 THEN 'none' WHEN grade < 3 THEN 'some' ELSE 'many' END,"
                + " dept IN ('eng', 'ops'), grade BETWEEN 1 AND 3, name LIKE 'a%', CAST(salary AS DOUBLE),"
                + " CAST(grade AS VARCHAR), coalesce(dept, '?'), name || '-' || dept, upper(name), lower('AbC'),"
                + " trim('  x  '), length(name), substring(name, 2, 3), year(hired), month(hired), day(hired),"
                + " round(score, 2), abs(grade - 2), dept IS NULL, salary IS NOT NULL, NOT (grade > 2), grade % 3,"
                + " id / 4.0, hired >= DATE '2021-01-01' FROM emp");
    }

    @Test
    void sqlExpressionsAndText() throws Exception {
        DataFrame frame = emp().selectExpr("id", "salary * 2 AS double_salary", "upper(dept)")
                .where("id % 10 = 3").filter(expr("double_salary > 500"));
        assertThat(frame.columns()).containsExactly("id", "double_salary", "upper(dept)");
        assertUnordered(frame, "SELECT id, salary * 2, upper(dept) FROM emp WHERE id % 10 = 3 AND salary * 2 > 500");
        assertOrdered(session.sql("SELECT dept, count(*) AS n FROM emp GROUP BY dept ORDER BY n DESC, dept;")
                        .limit(3),
                "SELECT dept, count(*) AS n FROM emp GROUP BY dept ORDER BY n DESC, dept NULLS FIRST LIMIT 3");
    }

    @Test
    void temporaryViews() throws Exception {
        emp().filter(col("grade").equalTo(4)).select("id", "dept").createOrReplaceTempView("top_grade");
        session.sql("SELECT dept, count(*) AS n FROM top_grade GROUP BY dept").createOrReplaceTempView("per_dept");
        assertUnordered(session.sql("SELECT * FROM per_dept WHERE n > 10"),
                "SELECT dept, count(*) FROM emp WHERE grade = 4 GROUP BY dept HAVING count(*) > 10");
        assertUnordered(session.table("top_grade").join(dept(), "dept"),
                "SELECT dept, id, floor, head FROM emp JOIN dept USING (dept) WHERE grade = 4");
        emp().filter(col("grade").equalTo(3)).select("id", "dept").createOrReplaceTempView("top_grade");
        assertUnordered(session.sql("SELECT count(*) FROM top_grade"), "SELECT count(*) FROM emp WHERE grade = 3");
        assertThatThrownBy(() -> emp().createTempView("top_grade")).isInstanceOf(io.arbalest.planner.error.CatalogException.class)
                .hasMessageContaining("already exists");
        // SQL's own view statements, as in Spark: they run at once and give an empty DataFrame.
        assertThat(session.sql("CREATE OR REPLACE TEMPORARY VIEW sql_view (d, n) AS "
                + "SELECT dept, count(*) FROM emp GROUP BY dept;").count()).isZero();
        assertUnordered(session.table("sql_view").filter(col("n").gt(10)),
                "SELECT dept, count(*) FROM emp GROUP BY dept HAVING count(*) > 10");
        session.sql("DROP VIEW sql_view");
        assertThatThrownBy(() -> session.sql("DROP VIEW sql_view")).isInstanceOf(io.arbalest.planner.error.CatalogException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> session.sql("SELECT 1; SELECT 2")).hasMessageContaining("one statement");
    }

    @Test
    void ranges() throws Exception {
        assertThat(session.range(10).columns()).containsExactly("id");
        assertOrdered(session.range(5).orderBy("id"), "SELECT range AS id FROM range(5) ORDER BY 1");
        assertUnordered(session.range(-20, 100, 7).select(col("id"), col("id").mod(3)),
                "SELECT range, range % 3 FROM range(-20, 100, 7)");
        assertUnordered(session.range(10, -10, -3), "SELECT range FROM range(10, -10, -3)");
        assertThat(session.range(5, 5).count()).isZero();
        assertThat(session.range(3_000_000).agg(sum("id")).first().getLong(0)).isEqualTo(2_999_999L * 3_000_000 / 2);
        assertThat(session.range(1_000_000).count()).isEqualTo(1_000_000);
        DataFrame emp = emp();
        DataFrame ids = session.range(0, 500, 50);
        assertUnordered(ids.join(emp, ids.col("id").equalTo(emp.col("id"))).select(emp.col("id"), col("name")),
                "SELECT id, name FROM emp WHERE id % 50 = 0");
        assertThatThrownBy(() -> session.range(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createDataFrameAndFiles() throws Exception {
        StructType schema = new StructType().add("k", DataTypes.StringType).add("v", DataTypes.LongType)
                .add("d", DataTypes.createDecimalType(5, 2)).add("day", DataTypes.DateType);
        DataFrame local = session.createDataFrame(List.of(Row.of("eng", 1L, new BigDecimal("1.50"), LocalDate.of(2020, 1, 2)),
                Row.of("ops", null, null, null), Row.of("x", 3L, new BigDecimal("-2.25"), LocalDate.of(1999, 12, 31))),
                schema);
        assertThat(local.schema().fields().stream().map(StructField::dataType).toList()).containsExactly(
                DataTypes.StringType, DataTypes.LongType, DataTypes.createDecimalType(5, 2), DataTypes.DateType);
        assertThat(local.columns()).containsExactly("k", "v", "d", "day");
        assertUnordered(local.join(dept(), col("k").equalTo(col("dept")), "left").select("k", "v", "d", "day", "floor"),
                "SELECT k, v, d, day, floor FROM (VALUES ('eng', 1, 1.50::DECIMAL(5,2), DATE '2020-01-02'), "
                        + "('ops', NULL, NULL, NULL), ('x', 3, -2.25, DATE '1999-12-31')) t(k, v, d, day) "
                        + "LEFT JOIN dept ON k = dept");
        assertThat(session.createDataFrame(List.of(), schema).count()).isZero();
        assertThatThrownBy(() -> session.createDataFrame(List.of(Row.of("a", "b", null, null)), schema))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'v' is BIGINT");
        DataFrame files = session.read().parquet(warehouse.directory.resolve("emp").toString());
        assertUnordered(files.groupBy("grade").count(), "SELECT grade, count(*) FROM emp GROUP BY grade");
        assertThatThrownBy(() -> session.read().parquet("/no/such/path").count())
                .isInstanceOf(ArbalestException.class).hasMessageContaining("/no/such/path");
    }

    @Test
    void errorsNameWhatToChangeAndLeaveTheSessionUsable() {
        assertThatThrownBy(() -> emp().select("nmae").collectAsList()).isInstanceOf(SqlValidationException.class)
                .hasMessageContaining("Column 'nmae' does not exist").hasMessageContaining("Did you mean 'name'?")
                .hasMessageNotContaining("line 1");
        assertThatThrownBy(() -> emp().groupBy("dept").agg(sum("salry")).columns())
                .hasMessageContaining("'salry'").hasMessageContaining("salary");
        assertThatThrownBy(() -> session.table("empp").count()).isInstanceOf(SqlValidationException.class)
                .hasMessageContaining("empp").hasMessageContaining("emp");
        assertThatThrownBy(() -> emp().join(dept(), col("id").equalTo(col("floor")), "sideways").count())
                .isInstanceOf(SqlValidationException.class).hasMessageContaining("Supported join types");
        assertThatThrownBy(() -> emp().select(col("name").multiply(col("hired"))).collectAsList())
                .isInstanceOf(ArbalestException.class).hasMessageContaining("*");
        assertThatThrownBy(() -> emp().selectExpr("id +").collectAsList()).isInstanceOf(ArbalestException.class)
                .hasMessageContaining("id +");
        DataFrame other = dept();
        assertThatThrownBy(() -> emp().select(other.col("floor")).collectAsList())
                .isInstanceOf(SqlValidationException.class).hasMessageContaining("not an input");
        assertThat(emp().count()).isEqualTo(500);
    }

    @Test
    void schemaExplainAndShow() {
        DataFrame frame = emp().select("id", "name", "salary", "hired").orderBy("id").limit(3);
        assertThat(frame.schema().treeString()).isEqualTo("root\n |-- id: bigint (nullable = true)\n"
                + " |-- name: string (nullable = true)\n |-- salary: decimal(10,2) (nullable = true)\n"
                + " |-- hired: date (nullable = true)\n");
        assertThat(frame.explainString(false)).contains("== Physical plan ==").contains("Scan emp");
        assertThat(frame.explainString(true)).contains("== SQL ==").contains("== Logical plan ==");
        assertThat(frame.showString(2, true)).isEqualTo(
                "+---+----+------+----------+\n"
                + "| id|name|salary|     hired|\n"
                + "+---+----+------+----------+\n"
                + "|  0|ann0|  NULL|      NULL|\n"
                + "|  1|bob1|137.00|2020-01-04|\n"
                + "+---+----+------+----------+\n"
                + "only showing top 2 rows\n");
    }

    @Test
    void rowsAsJavaValues() {
        Row row = emp().filter(col("id").equalTo(1)).select("id", "name", "salary", "grade", "hired", "score")
                .first();
        assertThat(row.getLong(0)).isEqualTo(1L);
        assertThat(row.getString("name")).isEqualTo("bob1");
        assertThat(row.getDecimal(2)).isEqualByComparingTo("137.00");
        assertThat(row.getInt(3)).isEqualTo(1);
        assertThat(row.getDate("hired")).isEqualTo(LocalDate.of(2020, 1, 4));
        assertThat(row.getDouble(5)).isEqualTo(1 / 7.0);
        assertThat(row.schema().fieldNames()).containsExactly("id", "name", "salary", "grade", "hired", "score");
        Row nulls = emp().filter(col("id").equalTo(0)).select("salary").first();
        assertThat(nulls.isNullAt(0)).isTrue();
        assertThatThrownBy(() -> row.getString(0)).isInstanceOf(ClassCastException.class).hasMessageContaining("'id'");
        assertThat(emp().filter(col("id").lt(0)).isEmpty()).isTrue();
    }

    @Test
    void iteratorStreamsLargeResultsWithoutHoldingThem() {
        // 500 x 500 x 4 = 1,000,000 rows of two BIGINTs: 16 MB of Arrow memory if held whole.
        DataFrame large = emp().select(col("id").alias("a")).crossJoin(emp().select(col("id").alias("b")))
                .crossJoin(dept().select("floor")).select("a", "b");
        long rows = 0;
        long peak = 0;
        try (DataFrame.CloseableIterator<Row> iterator = large.toLocalIterator()) {
            while (iterator.hasNext()) {
                iterator.next();
                if (++rows % 50_000 == 0) {
                    peak = Math.max(peak, session.allocatedBytes());
                }
            }
        }
        assertThat(rows).isEqualTo(1_000_000);
        assertThat(peak).as("Arrow memory held while iterating").isLessThan(4L << 20);
        try (DataFrame.CloseableIterator<Row> early = large.toLocalIterator()) {
            assertThat(early.next().size()).isEqualTo(2);
        }
        assertThat(session.allocatedBytes()).as("after closing an iterator early").isZero();
    }

    @Test
    void iteratorAndArrowBatches() throws Exception {
        long seen = 0;
        try (DataFrame.CloseableIterator<Row> rows = emp().select("id").toLocalIterator()) {
            while (rows.hasNext()) {
                seen += rows.next().getLong(0);
            }
        }
        assertThat(seen).isEqualTo(499L * 500 / 2);
        try (DataFrame.CloseableIterator<Row> rows = emp().toLocalIterator()) {
            assertThat(rows.next().size()).isEqualTo(7);
        }
        BigDecimal total = BigDecimal.ZERO;
        try (org.apache.arrow.vector.ipc.ArrowReader reader = emp().select("salary").arrowBatches()) {
            while (reader.loadNextBatch()) {
                var vector = (org.apache.arrow.vector.DecimalVector) reader.getVectorSchemaRoot().getVector(0);
                for (int i = 0; i < vector.getValueCount(); i++) {
                    if (!vector.isNull(i)) {
                        total = total.add(vector.getObject(i));
                    }
                }
            }
        }
        assertThat(total).isEqualByComparingTo((BigDecimal) warehouse.duckdb("SELECT sum(salary) FROM emp").get(0).get(0));
    }
}
