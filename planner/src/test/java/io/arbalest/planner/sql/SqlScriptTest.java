package io.arbalest.planner.sql;

import io.arbalest.planner.error.SqlSyntaxException;
import io.arbalest.planner.error.UnsupportedFeatureException;
import org.junit.jupiter.api.Test;

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
                + "EXPLAIN SELECT 1");
        assertThat(statements).hasSize(4);
        assertThat(statements.get(0)).isEqualTo(new SqlScript.QueryStatement("SELECT 'a;b' AS \"x;y\", `c;d` FROM t", 2));
        SqlScript.CreateView view = (SqlScript.CreateView) statements.get(1);
        assertThat(view.name()).isEqualTo("v");
        assertThat(view.replace()).isTrue();
        assertThat(view.line()).isEqualTo(4);
        assertThat(view.sql()).isEqualTo("SELECT * FROM (SELECT 1, 2) AS \"v\" (\"a\", \"b\")");
        assertThat(statements.get(2)).isEqualTo(new SqlScript.DropView("v", true, 5));
        assertThat(statements.get(3)).isEqualTo(new SqlScript.ExplainStatement("SELECT 1", 6));
    }

    @Test
    void emptyAndUnsupportedStatementsSaySo() {
        assertThatThrownBy(() -> SqlScript.parse(" ;\n-- only a comment\n;")).isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> SqlScript.parse("SELECT 1;\nINSERT INTO t SELECT 1"))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("INSERT statements")
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> SqlScript.statement("SELECT 1; SELECT 2"))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("holds 2");
        assertThatThrownBy(() -> SqlScript.parse("CREATE VIEW db.v AS SELECT 1"))
                .isInstanceOf(SqlSyntaxException.class).hasMessageContaining("no database");
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
