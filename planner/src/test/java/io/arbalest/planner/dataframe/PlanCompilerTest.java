package io.arbalest.planner.dataframe;

import io.arbalest.planner.catalog.WarehouseCatalog;
import io.arbalest.planner.error.SqlValidationException;
import io.arbalest.planner.sql.SqlFrontEnd;
import io.arbalest.proto.logical.Call;
import io.arbalest.proto.logical.ColumnReference;
import io.arbalest.proto.logical.Expression;
import io.arbalest.proto.logical.Filter;
import io.arbalest.proto.logical.Join;
import io.arbalest.proto.logical.Limit;
import io.arbalest.proto.logical.Literal;
import io.arbalest.proto.logical.Project;
import io.arbalest.proto.logical.Query;
import io.arbalest.proto.logical.ReadTable;
import io.arbalest.proto.logical.Relation;
import io.arbalest.proto.logical.Sort;
import io.arbalest.proto.logical.View;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQL a DataFrame plan compiles to: an operation joins the block it follows when SQL's
 * clause order keeps the program's meaning, and becomes a derived table of a new block when
 * not; bound columns take their DataFrame's qualifier; views become a WITH clause when named.
 */
class PlanCompilerTest {
    private static WarehouseCatalog catalog;
    private long ids;

    @BeforeAll
    static void warehouse() throws Exception {
        java.nio.file.Path dir = Files.createTempDirectory(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")),
                "compiler");
        write(dir.resolve("t/data.parquet"), "message t { optional int64 a; optional binary b (STRING); }");
        write(dir.resolve("u/data.parquet"), "message u { optional int64 a; optional double c; }");
        catalog = WarehouseCatalog.open(dir.toString(), new Configuration());
    }

    private static void write(java.nio.file.Path file, String schema) throws Exception {
        MessageType type = MessageTypeParser.parseMessageType(schema);
        try (ParquetWriter<org.apache.parquet.example.data.Group> writer = ExampleParquetWriter
                .builder(new Path(file.toUri())).withType(type).withConf(new Configuration()).build()) {
            writer.write(new SimpleGroupFactory(type).newGroup().append("a", 1L));
        }
    }

    private Relation.Builder relation() {
        return Relation.newBuilder().setPlanId(++ids);
    }

    private Relation table(String name) {
        return relation().setReadTable(ReadTable.newBuilder().setName(name)).build();
    }

    private static Expression column(String name) {
        return Expression.newBuilder().setColumn(ColumnReference.newBuilder().setName(name)).build();
    }

    private static Expression column(Relation of, String name) {
        return Expression.newBuilder().setColumn(ColumnReference.newBuilder().setName(name).setPlanId(of.getPlanId()))
                .build();
    }

    private static Expression greaterThanOne(Expression input) {
        return Expression.newBuilder().setCall(Call.newBuilder().setFunction(">").addArguments(input)
                .addArguments(Expression.newBuilder().setLiteral(Literal.newBuilder().setType("BIGINT")
                        .setLongValue(1)))).build();
    }

    private Relation filter(Relation input, Expression condition) {
        return relation().setFilter(Filter.newBuilder().setInput(input).setCondition(condition)).build();
    }

    private Relation select(Relation input, Expression... expressions) {
        return relation().setProject(Project.newBuilder().setInput(input).addAllExpressions(java.util.List.of(expressions)))
                .build();
    }

    private static String sql(Relation plan, View... views) {
        return new SqlFrontEnd(catalog).sql(Query.newBuilder().setPlan(plan).addAllViews(java.util.List.of(views)).build());
    }

    @Test
    void aFilterThenASelectAreOneBlock() {
        assertThat(sql(select(filter(table("t"), greaterThanOne(column("a"))), column("b"))))
                .isEqualTo("SELECT \"b\" FROM \"t\" AS \"t1\" WHERE (\"a\" > CAST(1 AS BIGINT))");
    }

    @Test
    void aFilterAfterASelectFiltersItsOutput() {
        assertThat(sql(filter(select(table("t"), column("a")), greaterThanOne(column("a")))))
                .isEqualTo("SELECT * FROM (SELECT \"a\" FROM \"t\" AS \"t1\") AS \"t2\" WHERE (\"a\" > CAST(1 AS BIGINT))");
    }

    @Test
    void aSortThenALimitAreOneBlockButALimitThenASortAreNot() {
        Relation sorted = relation().setSort(Sort.newBuilder().setInput(table("t")).addOrder(column("a"))).build();
        Relation limited = relation().setLimit(Limit.newBuilder().setInput(sorted).setLimit(3)).build();
        assertThat(sql(limited)).isEqualTo(
                "SELECT * FROM \"t\" AS \"t1\" ORDER BY \"a\" ASC NULLS FIRST FETCH NEXT 3 ROWS ONLY");
        Relation first = relation().setLimit(Limit.newBuilder().setInput(table("t")).setLimit(3)).build();
        Relation thenSorted = relation().setSort(Sort.newBuilder().setInput(first).addOrder(column("a"))).build();
        assertThat(sql(thenSorted)).isEqualTo("SELECT * FROM (SELECT * FROM \"t\" AS \"t1\" FETCH NEXT 3 ROWS ONLY) "
                + "AS \"t2\" ORDER BY \"a\" ASC NULLS FIRST");
    }

    @Test
    void boundColumnsTakeTheirSidesQualifierAfterAJoin() {
        Relation t = table("t");
        Relation u = table("u");
        Expression on = Expression.newBuilder().setCall(Call.newBuilder().setFunction("=")
                .addArguments(column(t, "a")).addArguments(column(u, "a"))).build();
        Relation joined = relation().setJoin(Join.newBuilder().setLeft(t).setRight(u).setJoinType("inner")
                .setCondition(on)).build();
        assertThat(sql(select(filter(joined, greaterThanOne(column(u, "a"))), column(t, "b"))))
                .isEqualTo("SELECT \"t1\".\"b\" FROM \"t\" AS \"t1\" INNER JOIN \"u\" AS \"t2\" ON (\"t1\".\"a\" = "
                        + "\"t2\".\"a\") WHERE (\"t2\".\"a\" > CAST(1 AS BIGINT))");
        assertThatThrownBy(() -> sql(select(t, column(u, "c")))).isInstanceOf(SqlValidationException.class)
                .hasMessageContaining("not an input of this operation");
    }

    @Test
    void viewsBecomeAWithClauseOnlyWhenNamed() {
        View view = View.newBuilder().setName("small").setPlan(filter(table("t"), greaterThanOne(column("a")))).build();
        assertThat(sql(select(table("small"), column("b")), view)).isEqualTo("WITH \"small\" AS (SELECT * FROM \"t\" "
                + "AS \"t2\" WHERE (\"a\" > CAST(1 AS BIGINT))) SELECT \"b\" FROM \"small\" AS \"t1\"");
        assertThat(sql(select(table("u"), column("c")), view)).doesNotContain("WITH");
    }

    @Test
    void anUnknownColumnNamesTheInputsColumns() {
        assertThatThrownBy(() -> new SqlFrontEnd(catalog).plan(Query.newBuilder()
                .setPlan(select(filter(table("u"), greaterThanOne(column("a"))), column("cc"))).build()))
                .isInstanceOf(SqlValidationException.class)
                .hasMessage("Column 'cc' does not exist. The input has the columns a, c. Did you mean 'c'?");
    }
}
