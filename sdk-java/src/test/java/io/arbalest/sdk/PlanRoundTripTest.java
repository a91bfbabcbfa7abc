package io.arbalest.sdk;

import io.arbalest.proto.logical.Expression;
import io.arbalest.proto.logical.Query;
import io.arbalest.proto.logical.Relation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.arbalest.sdk.Functions.col;
import static io.arbalest.sdk.Functions.expr;
import static io.arbalest.sdk.Functions.lit;
import static io.arbalest.sdk.Functions.row_number;
import static io.arbalest.sdk.Functions.sum;
import static io.arbalest.sdk.Functions.when;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of relation and expression a DataFrame plan holds survives the trip to the driver:
 * the plan read back from its protobuf bytes is equal, and the driver answers it as it answers
 * the plan itself. The test fails when a kind is added to logical.proto without a case here.
 */
class PlanRoundTripTest {
    private static TestWarehouse warehouse;
    private static ArbalestSession session;

    @BeforeAll
    static void setUp() throws Exception {
        warehouse = TestWarehouse.create();
        session = ArbalestSession.builder().master("local[1]").warehouse(warehouse.directory.toString()).getOrCreate();
    }

    @AfterAll
    static void tearDown() throws Exception {
        session.close();
        warehouse.close();
    }

    private static List<DataFrame> plans() {
        DataFrame emp = session.table("emp");
        DataFrame dept = session.table("dept");
        StructType schema = new StructType().add("k", DataTypes.StringType).add("v", DataTypes.createDecimalType(4, 1));
        return List.of(
                emp.select(col("id"), lit(1), lit(2L), lit(1.5), lit("s"), lit(new BigDecimal("1.25")), lit(true),
                        lit(LocalDate.of(2020, 1, 2)), lit(LocalDateTime.of(2020, 1, 2, 3, 4, 5, 6000)), lit(null),
                        col("salary").cast("double"), col("grade").plus(1).alias("next"),
                        when(col("grade").gt(2), "hi").otherwise("lo"), expr("upper(name)"),
                        row_number().over(Window.partitionBy("dept").orderBy(col("id").desc())),
                        sum("grade").over(Window.partitionBy("dept").orderBy("id").rowsBetween(-1, 1))),
                emp.filter(col("grade").isin(1, 2)).orderBy(col("id").desc_nulls_first()).limit(5).offset(1),
                emp.groupBy("dept").agg(sum("salary")),
                emp.join(dept, emp.col("dept").equalTo(dept.col("dept")), "left").select(emp.col("id"), dept.col("floor")),
                emp.select("dept").union(dept.select("dept")).intersect(dept.select("dept")),
                emp.dropDuplicates("dept").select("dept"),
                session.createDataFrame(List.of(Row.of("a", new BigDecimal("1.5"))), schema),
                emp.alias("e").select(col("e.id")),
                emp.withColumn("g2", col("grade").multiply(2)).withColumnRenamed("g2", "double_grade").drop("name"),
                session.read().parquet(warehouse.directory.resolve("dept").toString()),
                session.sql("SELECT count(*) FROM emp"),
                session.range(3));
    }

    @Test
    void everyRelationAndExpressionSurvivesItsBytes() throws Exception {
        Set<Relation.KindCase> relations = EnumSet.noneOf(Relation.KindCase.class);
        Set<Expression.KindCase> expressions = EnumSet.noneOf(Expression.KindCase.class);
        for (DataFrame frame : plans()) {
            Relation plan = frame.plan();
            Relation back = Relation.parseFrom(plan.toByteArray());
            assertThat(back).isEqualTo(plan);
            collect(back, relations, expressions);
            DataFrame reread = new DataFrame(session, back);
            assertThat(TestWarehouse.sorted(TestWarehouse.normalize(reread.collectAsList())))
                    .isEqualTo(TestWarehouse.sorted(TestWarehouse.normalize(frame.collectAsList())));
        }
        Set<Relation.KindCase> allRelations = EnumSet.allOf(Relation.KindCase.class);
        allRelations.remove(Relation.KindCase.KIND_NOT_SET);
        Set<Expression.KindCase> allExpressions = EnumSet.allOf(Expression.KindCase.class);
        allExpressions.remove(Expression.KindCase.KIND_NOT_SET);
        assertThat(relations).isEqualTo(allRelations);
        assertThat(expressions).isEqualTo(allExpressions);
        Query query = session.query(plans().get(0).plan());
        assertThat(Query.parseFrom(query.toByteArray())).isEqualTo(query);
    }

    /** The kinds of relations and expressions in a plan, walking its protobuf fields. */
    private static void collect(com.google.protobuf.Message message, Set<Relation.KindCase> relations,
            Set<Expression.KindCase> expressions) {
        if (message instanceof Relation relation) {
            relations.add(relation.getKindCase());
        }
        if (message instanceof Expression expression) {
            expressions.add(expression.getKindCase());
        }
        for (Object value : message.getAllFields().values()) {
            List<Object> values = value instanceof List<?> list ? new ArrayList<>(list) : Arrays.asList(value);
            for (Object element : values) {
                if (element instanceof com.google.protobuf.Message child) {
                    collect(child, relations, expressions);
                }
            }
        }
    }
}
