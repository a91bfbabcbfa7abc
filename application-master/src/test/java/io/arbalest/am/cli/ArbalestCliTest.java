package io.arbalest.am.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI as a user runs it: exit codes, output formats, and error paragraphs without stack traces. */
class ArbalestCliTest {
    @TempDir
    Path warehouse;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ArbalestCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private void writeCsvTable() throws Exception {
        Path table = Files.createDirectories(warehouse.resolve("people"));
        Files.writeString(table.resolve("a.csv"), "name,age,born\nann,31,1990-01-02\n\"b, \"\"bob\"\"\",,1985-05-06\ncy,7,\n");
    }

    @Test
    void csvOutputQuotesAndPrintsNullAsEmpty() throws Exception {
        writeCsvTable();
        Run run = run("sql", "--master", "local[2]", "--warehouse", warehouse.toString(), "--format", "csv",
                "-e", "SELECT name, age, born FROM people ORDER BY name");
        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("name,age,born\nann,31,1990-01-02\n\"b, \"\"bob\"\"\",,1985-05-06\ncy,7,\n");
    }

    @Test
    void aggregatesWithGroupByOrdinal() throws Exception {
        writeCsvTable();
        Run run = run("sql", "--warehouse", warehouse.toString(), "--format", "json",
                "-e", "SELECT count(*) AS n, sum(age) AS total, count(age) AS known FROM people");
        assertThat(run.out()).isEqualTo("{\"n\":3,\"total\":38,\"known\":2}\n");
    }

    @Test
    void unknownColumnIsOneParagraphWithPosition() throws Exception {
        writeCsvTable();
        Run run = run("sql", "--warehouse", warehouse.toString(), "-e", "SELECT nosuch FROM people");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("SQL error: From line 1, column 8").contains("nosuch")
                .doesNotContain("\tat ");
    }

    @Test
    void aScriptRunsItsStatementsInOrderWithViews() throws Exception {
        writeCsvTable();
        Path script = warehouse.resolve("script.sql");
        Files.writeString(script, "-- a script; with comments\n"
                + "CREATE TEMPORARY VIEW adults AS SELECT name, age FROM people WHERE age >= 18;\n"
                + "SELECT count(*) AS n FROM adults;\n"
                + "SELECT 'a;b' AS `text`;\n"
                + "DROP VIEW adults;\n"
                + "DROP VIEW IF EXISTS adults;\n");
        Run run = run("sql", "--warehouse", warehouse.toString(), "--format", "csv", "-f", script.toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("n\n1\ntext\na;b\n");
    }

    @Test
    void temporaryViewsAreDescribedAndListedAsSparkDoes() throws Exception {
        writeCsvTable();
        Run run = run("sql", "--warehouse", warehouse.toString(), "--format", "csv", "-e",
                "CREATE TEMPORARY VIEW people AS SELECT name, age * 2 AS twice FROM people;"
                        + " CREATE VIEW born AS SELECT born FROM default.people; DESCRIBE people; SHOW TABLES;"
                        + " SHOW TABLES LIKE 'b*'; DROP VIEW people; DESCRIBE people");
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("col_name,data_type,comment\nname,string,\ntwice,bigint,\n"
                + "namespace,tableName,isTemporary\ndefault,people,false\n,born,true\n,people,true\n"
                + "namespace,tableName,isTemporary\n,born,true\n"
                + "col_name,data_type,comment\nname,string,\nage,bigint,\nborn,date,\n");
    }

    @Test
    void aViewOnAReplacedViewSeesTheNewOneAsSparkDoes() throws Exception {
        writeCsvTable();
        Run run = run("sql", "--warehouse", warehouse.toString(), "--format", "csv", "-e",
                "CREATE VIEW b AS SELECT 1 AS x; CREATE VIEW a AS SELECT x + 1 AS y FROM b;"
                        + " CREATE OR REPLACE VIEW b AS SELECT 10 AS x; SELECT * FROM a;"
                        + " CREATE VIEW c AS SELECT * FROM a, b; CREATE OR REPLACE VIEW a AS SELECT x * 3 AS y FROM b;"
                        + " SELECT * FROM c");
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("y\n11\ny,x\n30,10\n");
    }

    @Test
    void variablesAreReplacedInEveryFormHiveAndSparkWrite() throws Exception {
        writeCsvTable();
        Run run = run("sql", "--warehouse", warehouse.toString(), "--format", "csv", "-d", "min=18", "--hiveconf",
                "name=ann", "-e", "SELECT name FROM people WHERE age >= ${min} AND age >= ${hivevar:min}"
                        + " AND name = '${hiveconf:name}' AND name = '${var:name}'");
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("name\nann\n");
    }

    @Test
    void currentDatabaseIsTheSessions() throws Exception {
        writeCsvTable();
        Run run = run("sql", "--warehouse", warehouse.toString(), "--format", "csv", "-e",
                "USE default; SELECT current_database() AS db, current_schema() AS s");
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("db,s\ndefault,default\n");
    }

    @Test
    void aViewHidingATableHidesItsColumns() throws Exception {
        writeCsvTable();
        Run run = run("sql", "--warehouse", warehouse.toString(), "-e",
                "CREATE TEMPORARY VIEW people AS SELECT name FROM people; SELECT born FROM people");
        assertThat(run.err()).contains("Column 'born' not found").doesNotContain("Did you mean");
    }

    @Test
    void theFirstErrorStopsTheScriptAndNamesItsLine() throws Exception {
        writeCsvTable();
        Run run = run("sql", "--warehouse", warehouse.toString(), "--format", "csv", "-e",
                "SELECT 1 AS one;\nSELECT 2 AS two;\n\nSELECT\n  nosuch FROM people;\nSELECT 3 AS three;");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("one\n1\ntwo\n2\n");
        assertThat(run.err()).startsWith("SQL error: in the statement at line 4: From line 5, column 3")
                .contains("nosuch").doesNotContain("three");
    }

    @Test
    void explainOfAScriptPlansItsLastQueryWithItsViews() throws Exception {
        writeCsvTable();
        Run run = run("explain", "--warehouse", warehouse.toString(), "-e", "CREATE VIEW a AS SELECT name, age FROM people;"
                + " SELECT 1; CREATE VIEW b AS SELECT name FROM a WHERE age > 10; SELECT * FROM b;");
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("Scan people").contains("GREATER_THAN");
    }

    @Test
    void anEmptyStatementSaysSo() {
        Run run = run("sql", "--warehouse", warehouse.toString(), "-e", " ; -- nothing\n");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("the statement is empty");
    }

    /** The surefire configuration clears HADOOP_CONF_DIR and YARN_CONF_DIR for this module's tests. */
    @Test
    void yarnWithoutAClusterConfigurationSaysWhatToSet() throws Exception {
        writeCsvTable();
        Run run = run("sql", "--master", "yarn", "--warehouse", warehouse.toString(), "-e", "SELECT 1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("Configuration error: --master yarn needs the cluster's configuration: set "
                + "HADOOP_CONF_DIR").doesNotContain("\tat ");
    }

    @Test
    void tooSmallExecutorsAreAConfigurationError() throws Exception {
        writeCsvTable();
        Run run = run("sql", "--master", "yarn", "--executor-memory", "512m", "--warehouse", warehouse.toString(),
                "-e", "SELECT 1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("--executor-memory").contains("at least 768m");
    }

    /** COUNT(*) needs rows, not values: the scan decodes one column, and the count is right. */
    @Test
    void countStarReadsOneColumn() throws Exception {
        writeCsvTable();
        Run explain = run("explain", "--warehouse", warehouse.toString(), "-e", "SELECT count(*) FROM people");
        Run count = run("sql", "--warehouse", warehouse.toString(), "--format", "csv", "-e",
                "SELECT count(*) AS n FROM people");

        assertThat(explain.code()).isZero();
        assertThat(explain.out()).containsPattern("Scan people CSV columns=\\[\\w+\\] ");
        assertThat(count.out()).isEqualTo("n\n3\n");
    }

    @Test
    void unknownTableListsTheTables() throws Exception {
        writeCsvTable();
        Run run = run("sql", "--warehouse", warehouse.toString(), "-e", "SELECT * FROM nope");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("'nope' not found").contains("Tables in database 'default': people");
    }

    @Test
    void syntaxErrorNamesLineAndColumn() throws Exception {
        writeCsvTable();
        Run run = run("sql", "--warehouse", warehouse.toString(), "-e", "SELECT name\nFROM people WHERE");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("SQL syntax error: at line 2, column");
    }

    @Test
    void missingWarehouseSaysWhatToPass() {
        Run run = run("sql", "--warehouse", warehouse.resolve("absent").toString(), "-e", "SELECT 1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("Catalog error: Warehouse directory").contains("--warehouse");
    }

    @Test
    void divisionByZeroIsAnError() throws Exception {
        writeCsvTable();
        Run run = run("sql", "--warehouse", warehouse.toString(), "-e", "SELECT age / (age - age) FROM people");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("Query failed: Division by zero");
    }

    @Test
    void localClusterAnswersAsLocalMode() throws Exception {
        writeCsvTable();
        String sql = "SELECT name, age, born FROM people ORDER BY name";
        Run local = run("sql", "--master", "local[2]", "--warehouse", warehouse.toString(), "--format", "csv", "-e", sql);
        Run cluster = run("sql", "--master", "local-cluster[1,1,256]", "--warehouse", warehouse.toString(), "--format",
                "csv", "-e", sql);
        assertThat(cluster.err()).isEmpty();
        assertThat(cluster.code()).isZero();
        assertThat(cluster.out()).isEqualTo(local.out()).startsWith("name,age,born\n");
        Run failing = run("sql", "--master", "local-cluster[1,1,256]", "--warehouse", warehouse.toString(),
                "-e", "SELECT age / (age - age) FROM people");
        assertThat(failing.code()).isEqualTo(1);
        assertThat(failing.err()).startsWith("Query failed: Division by zero").doesNotContain("\tat ");
    }

    @Test
    void aBadLocalClusterSaysWhatToWrite() {
        Run run = run("sql", "--master", "local-cluster[0,1,512]", "--warehouse", warehouse.toString(), "-e", "SELECT 1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("Configuration error: local-cluster[N,cores,memoryMB] needs N and cores of "
                + "at least 1");
    }
}
