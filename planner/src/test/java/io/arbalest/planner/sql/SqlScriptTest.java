package io.arbalest.planner.sql;

import io.arbalest.planner.error.SqlSyntaxException;
import io.arbalest.planner.error.UnsupportedFeatureException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scripts split at their top-level ';' and the Hive forms rewritten for Calcite's grammar. */
class SqlScriptTest {
    @Test
    void splitsAtTopLevelSemicolonsOnly() {
        List<SqlScript.Statement> statements = SqlScript.parse("-- header; not a statement\n"
                + "SELECT 'a;b' AS \"x;y\", `c;d` FROM t; /* ; */\n\n"
                + "CREATE OR REPLACE TEMPORARY VIEW v (a, b) AS SELECT 1, 2;;\n"
                + "DROP VIEW IF EXISTS v;\n"
                + "EXPLAIN SELECT 1;\n"
                + "explain analyze SELECT 2");
        assertThat(statements).hasSize(5);
        assertThat(statements.get(0)).isEqualTo(new SqlScript.QueryStatement("SELECT 'a;b' AS \"x;y\", `c;d` FROM t", 2));
        SqlScript.CreateView view = (SqlScript.CreateView) statements.get(1);
        assertThat(view.name()).isEqualTo("v");
        assertThat(view.replace()).isTrue();
        assertThat(view.line()).isEqualTo(4);
        assertThat(view.sql()).isEqualTo("SELECT * FROM (SELECT 1, 2) AS \"v\" (\"a\", \"b\")");
        assertThat(statements.get(2)).isEqualTo(new SqlScript.DropView("v", true, 5));
        assertThat(statements.get(3)).isEqualTo(new SqlScript.ExplainStatement("SELECT 1", 6));
        assertThat(statements.get(4)).isEqualTo(new SqlScript.ExplainAnalyzeStatement("SELECT 2", 7));
    }

    @Test
    void emptyAndUnsupportedStatementsSaySo() {
        assertThatThrownBy(() -> SqlScript.parse(" ;\n-- only a comment\n;")).isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> SqlScript.parse("SELECT 1;\nUPDATE t SET x = 1"))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("UPDATE statements")
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> SqlScript.statement("SELECT 1; SELECT 2"))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("holds 2");
        assertThatThrownBy(() -> SqlScript.parse("CREATE VIEW db.v AS SELECT 1"))
                .isInstanceOf(SqlSyntaxException.class).hasMessageContaining("no database");
    }

    @Test
    void catalogStatementsParseInTheirHiveAndSparkForms() {
        assertThat(SqlScript.statement("USE `tpch`")).isEqualTo(new CatalogStatement.Use("tpch", 1));
        assertThat(SqlScript.statement("CREATE SCHEMA IF NOT EXISTS s LOCATION 'hdfs://nn/s' COMMENT 'c'"))
                .isEqualTo(new CatalogStatement.CreateDatabase("s", true, Optional.of("hdfs://nn/s"), "c", 1));
        assertThat(SqlScript.statement("DROP DATABASE IF EXISTS s CASCADE"))
                .isEqualTo(new CatalogStatement.DropDatabase("s", true, true, 1));
        assertThat(SqlScript.statement("SHOW TABLES IN tpch LIKE 'line*'"))
                .isEqualTo(new CatalogStatement.ShowTables(Optional.of("tpch"), Optional.of("line*"), 1));
        assertThat(SqlScript.statement("DESC FORMATTED tpch.nation")).isEqualTo(new CatalogStatement.Describe(
                new TableName(Optional.of("tpch"), "nation"), true, 1));
        CatalogStatement.CreateTable create = (CatalogStatement.CreateTable) SqlScript.statement(
                "CREATE EXTERNAL TABLE IF NOT EXISTS db.t (a DECIMAL(15, 2) COMMENT 'money', m map<string, int>, "
                        + "s STRING) COMMENT 'x' PARTITIONED BY (d DATE, h INT) ROW FORMAT DELIMITED FIELDS "
                        + "TERMINATED BY '\\001' STORED AS textfile LOCATION '/data/t' TBLPROPERTIES ('k' = 'v')");
        assertThat(create.external()).isTrue();
        assertThat(create.ifNotExists()).isTrue();
        assertThat(create.columns()).containsExactly(new CatalogStatement.ColumnDefinition("a", "DECIMAL(15, 2)", "money"),
                new CatalogStatement.ColumnDefinition("m", "map<string, int>", ""),
                new CatalogStatement.ColumnDefinition("s", "STRING", ""));
        assertThat(create.partitionColumns()).extracting(CatalogStatement.ColumnDefinition::name).containsExactly("d", "h");
        assertThat(create.format()).contains("TEXTFILE");
        assertThat(create.location()).contains("/data/t");
        assertThat(create.properties()).containsEntry("field.delim", "\u0001").containsEntry("k", "v");
        CatalogStatement.CreateTable ctas = (CatalogStatement.CreateTable) SqlScript.statement(
                "CREATE TABLE t PARTITIONED BY (flag) STORED AS PARQUET AS SELECT a, flag FROM s;");
        assertThat(ctas.partitionedBy()).containsExactly("flag");
        assertThat(ctas.query()).contains("SELECT a, flag FROM s");
        CatalogStatement.Insert insert = (CatalogStatement.Insert) SqlScript.statement(
                "INSERT OVERWRITE TABLE t PARTITION (k = 'v', d) SELECT * FROM s");
        assertThat(insert.overwrite()).isTrue();
        assertThat(insert.partition()).containsExactly(new CatalogStatement.PartitionKey("k", Optional.of("v")),
                new CatalogStatement.PartitionKey("d", Optional.empty()));
        assertThat(insert.query()).isEqualTo("SELECT * FROM s");
        CatalogStatement.AlterPartitions add = (CatalogStatement.AlterPartitions) SqlScript.statement(
                "ALTER TABLE t ADD IF NOT EXISTS PARTITION (d = '2024-01-01', h = -1) LOCATION '/x' PARTITION (d = '2024-01-02', h = 0)");
        assertThat(add.partitions()).hasSize(2);
        assertThat(add.partitions().get(0).get(1).value()).contains("-1");
        assertThat(add.locations()).containsExactly(Optional.of("/x"), Optional.empty());
        assertThat(SqlScript.statement("MSCK REPAIR TABLE db.t"))
                .isEqualTo(new CatalogStatement.RepairTable(new TableName(Optional.of("db"), "t"), 1));
        assertThatThrownBy(() -> SqlScript.statement("CREATE TABLE t PARTITIONED BY (a INT, b) AS SELECT 1"))
                .isInstanceOf(SqlSyntaxException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> SqlScript.statement("CREATE TABLE t (a INT) AS SELECT 1"))
                .isInstanceOf(SqlSyntaxException.class).hasMessageContaining("leave out the column list");
        assertThatThrownBy(() -> SqlScript.statement("CREATE TABLE t (a INT) CLUSTERED BY (a) INTO 4 BUCKETS"))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("Bucketed");
    }

    @Test
    void rewritesHiveFormsAndLeavesStringsAlone() {
        assertThat(HiveSyntax.rewrite("SELECT `a b`, date, t.date, x AS date FROM t WHERE d = DATE '2020-01-01' "
                + "AND CAST(x AS DATE) > date AND s = 'date DIV 2'"))
                .isEqualTo("SELECT \"a b\", \"date\", t.\"date\", x AS \"date\" FROM t WHERE d = DATE '2020-01-01' "
                        + "AND CAST(x AS DATE) > \"date\" AND s = 'date DIV 2'");
        assertThat(HiveSyntax.rewrite("CREATE TABLE t (d date, ts TIMESTAMP)")).isEqualTo("CREATE TABLE t (d date, ts TIMESTAMP)");
        assertThat(HiveSyntax.rewrite("SELECT a * b DIV c + 1, -x DIV 2, f(y) DIV (z + 1), t.k DIV 3 FROM t"))
                .isEqualTo("SELECT DIV(a * b, c) + 1, DIV(-x, 2), DIV(f(y), (z + 1)), DIV(t.k, 3) FROM t");
        assertThat(HiveSyntax.rewrite("SELECT a DIV b DIV c")).isEqualTo("SELECT DIV(DIV(a, b), c)");
        assertThat(HiveSyntax.rewrite("SELECT div FROM t")).isEqualTo("SELECT div FROM t");
        assertThat(HiveSyntax.rewrite("SELECT datediff(a, b)")).isEqualTo("SELECT \"datediff\"(a, b)");
        String once = HiveSyntax.rewrite("SELECT `x`, date, a DIV b");
        assertThat(HiveSyntax.rewrite(once)).isEqualTo(once);
    }
}
