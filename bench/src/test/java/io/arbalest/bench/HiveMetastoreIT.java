package io.arbalest.bench;

import io.arbalest.am.cli.ArbalestCli;
import io.arbalest.am.dev.MetastoreServer;
import io.arbalest.am.driver.LocalDriver;
import io.arbalest.am.driver.QueryResult;
import io.arbalest.am.driver.SqlSession;
import io.arbalest.planner.catalog.Catalogs;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.error.ArbalestException;
import io.arbalest.planner.error.CatalogException;
import io.arbalest.planner.error.UnsupportedFeatureException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hive tables through a real Hive Metastore (hive-standalone-metastore-server with embedded
 * Derby, in its own JVM): the TPC-H files registered as external tables by the DDL script users
 * run, all 22 queries against DuckDB on the same files; a partitioned table written with dynamic
 * partitions and read with pruning; CTAS, INSERT INTO and OVERWRITE; DDL; the errors of an
 * unsupported table format and of an unreachable metastore.
 */
class HiveMetastoreIT {
    private static Path directory;
    private static Path tpch;
    private static MetastoreServer metastore;
    private static ArbalestConfig config;
    private static LocalDriver driver;
    private static Connection duckdb;

    @BeforeAll
    static void start() throws Exception {
        tpch = Warehouses.get();
        directory = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "hive");
        metastore = MetastoreServer.start(directory.resolve("metastore"), directory.resolve("managed").toUri().toString(),
                Map.of());
        config = ArbalestConfig.defaults().with(ArbalestConfig.MASTER, "local[2]")
                .with(ArbalestConfig.CATALOG, "hive").with(ArbalestConfig.HIVE_METASTORE_URIS, metastore.uri());
        // The DDL script as a user runs it: the CLI, its ${warehouse} given with -d.
        String script = Path.of("src/main/resources/hive/tpch-tables.sql").toAbsolutePath().toString();
        assertThat(cli("sql", "--master", "local[1]", "--catalog", "hive", "--conf",
                "arbalest.hive.metastore.uris=" + metastore.uri(), "-d", "warehouse=" + tpch.toUri(), "-f", script))
                .isEqualTo("");
        driver = LocalDriver.open(config, null);
        duckdb = Warehouses.duckdb();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            Warehouses.close(driver, duckdb);
        } finally {
            if (metastore != null) {
                metastore.close();
            }
        }
    }

    private static SqlSession tpchSession() {
        return new SqlSession(driver, "tpch");
    }

    @ParameterizedTest(name = "Q{0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
    void tpchOverExternalTables(int query) throws Exception {
        Warehouses.assertSameAsDuckDb(tpchSession(), duckdb, TpchOracleTest.queryText(query), "Q" + query);
    }

    @Test
    void catalogStatementsAnswerAsSparkPrintsThem() {
        assertThat(cli("sql", "--catalog", "hive", "--conf", "arbalest.hive.metastore.uris=" + metastore.uri(),
                "--format", "csv", "-e", "SHOW DATABASES; SHOW TABLES IN tpch LIKE 'line*|nation'"))
                .isEqualTo("namespace\ndefault\ntpch\nnamespace,tableName,isTemporary\ntpch,lineitem,false\n"
                        + "tpch,nation,false\n");
        assertThat(cli("sql", "--catalog", "hive", "--conf", "arbalest.hive.metastore.uris=" + metastore.uri(),
                "--database", "tpch", "--format", "csv", "-e", "DESCRIBE region"))
                .isEqualTo("col_name,data_type,comment\nr_regionkey,bigint,\nr_name,string,\nr_comment,string,\n");
        assertThat(cli("sql", "--catalog", "hive", "--conf", "arbalest.hive.metastore.uris=" + metastore.uri(),
                "--format", "csv", "-e", "USE tpch; SELECT count(*) AS n FROM region"))
                .isEqualTo("n\n5\n");
    }

    @Test
    void dynamicPartitionsWrittenTwiceAndReadWithPruning() throws Exception {
        SqlSession session = tpchSession();
        run(session, "CREATE TABLE flags (l_orderkey BIGINT, l_quantity DECIMAL(15, 2), l_extendedprice DECIMAL(15, 2), "
                + "l_linestatus STRING, l_shipdate DATE) PARTITIONED BY (l_returnflag STRING) STORED AS PARQUET");
        String insert = "INSERT OVERWRITE TABLE flags PARTITION (l_returnflag) SELECT l_orderkey, l_quantity, "
                + "l_extendedprice, l_linestatus, l_shipdate, l_returnflag FROM lineitem";
        run(session, insert);
        run(session, insert + " DISTRIBUTE BY l_returnflag"); // replaces the partitions it writes: no row twice
        String byFlag = "SELECT l_returnflag, l_linestatus, count(*) AS n, sum(l_quantity) AS q, "
                + "sum(l_extendedprice) AS p, min(l_shipdate) AS d FROM %s GROUP BY l_returnflag, l_linestatus";
        assertSame(session, String.format(byFlag, "flags"), String.format(byFlag, "lineitem"));
        assertThat(rows(session, "SHOW PARTITIONS flags"))
                .containsExactly(List.of("l_returnflag=A"), List.of("l_returnflag=N"), List.of("l_returnflag=R"));
        String oneFlag = "SELECT count(*) AS n, sum(l_quantity) AS q FROM %s WHERE l_returnflag = 'R'";
        assertThat(driver.planning().explain(String.format(oneFlag, "flags"), "tpch")).contains("partitions=1/3");
        assertThat(driver.planning().explain("SELECT count(*) FROM flags WHERE l_returnflag IN ('A', 'N') "
                + "AND l_quantity > 10", "tpch")).contains("partitions=2/3");
        assertThat(driver.planning().explain("SELECT count(*) FROM flags", "tpch")).contains("partitions=3/3");
        assertSame(session, String.format(oneFlag, "flags"), String.format(oneFlag, "lineitem"));

        // A static partition: only it is replaced.
        run(session, "INSERT OVERWRITE TABLE flags PARTITION (l_returnflag = 'R') SELECT l_orderkey, l_quantity, "
                + "l_extendedprice, l_linestatus, l_shipdate FROM lineitem WHERE l_returnflag = 'R' AND l_orderkey < 1000");
        assertSame(session, "SELECT l_returnflag, count(*) AS n FROM flags GROUP BY l_returnflag",
                "SELECT l_returnflag, count(*) AS n FROM lineitem WHERE l_returnflag <> 'R' OR l_orderkey < 1000 "
                        + "GROUP BY l_returnflag");

        // A failing INSERT OVERWRITE leaves the table as it was.
        assertThatThrownBy(() -> run(session, "INSERT OVERWRITE TABLE flags PARTITION (l_returnflag) SELECT "
                + "CAST(l_linestatus AS BIGINT), l_quantity, l_extendedprice, l_linestatus, l_shipdate, l_returnflag "
                + "FROM lineitem"))
                .isInstanceOf(ArbalestException.class);
        assertSame(session, "SELECT l_returnflag, count(*) AS n FROM flags GROUP BY l_returnflag",
                "SELECT l_returnflag, count(*) AS n FROM lineitem WHERE l_returnflag <> 'R' OR l_orderkey < 1000 "
                        + "GROUP BY l_returnflag");
        assertThat(rows(session, "SHOW PARTITIONS flags")).hasSize(3);
        run(session, "DROP TABLE flags");
    }

    @Test
    void createTableAsSelectThenInsertInto() throws Exception {
        SqlSession session = tpchSession();
        run(session, "CREATE TABLE big_orders STORED AS PARQUET AS SELECT o_orderkey, o_custkey, o_totalprice, "
                + "o_orderdate FROM orders WHERE o_totalprice > 300000");
        long big = (Long) Answers.of(duckdb, "SELECT count(*) FROM orders WHERE o_totalprice > 300000").get(0).get(0);
        assertThat(describeDetail(session, "big_orders", "Table Properties")).contains("numRows=" + big + ",");
        run(session, "INSERT INTO big_orders SELECT o_orderkey, o_custkey, o_totalprice, o_orderdate FROM orders "
                + "WHERE o_totalprice < 2000");
        long small = (Long) Answers.of(duckdb, "SELECT count(*) FROM orders WHERE o_totalprice < 2000").get(0).get(0);
        assertThat(describeDetail(session, "big_orders", "Table Properties")).contains("numRows=" + (big + small) + ",");
        String summary = "SELECT count(*) AS n, sum(o_totalprice) AS total, min(o_orderdate) AS first, "
                + "max(o_custkey) AS c FROM %s";
        assertSame(session, String.format(summary, "big_orders"),
                String.format(summary, "(SELECT * FROM orders WHERE o_totalprice > 300000 OR o_totalprice < 2000)"));
        assertThatThrownBy(() -> run(session, "CREATE TABLE big_orders AS SELECT 1 AS x"))
                .isInstanceOf(CatalogException.class).hasMessageContaining("already exists");
        run(session, "CREATE TABLE IF NOT EXISTS big_orders AS SELECT 1 AS x");

        // A CTAS that fails leaves no table behind.
        assertThatThrownBy(() -> run(session, "CREATE TABLE broken AS SELECT CAST(o_comment AS INT) AS x FROM orders"))
                .isInstanceOf(ArbalestException.class);
        assertThat(rows(session, "SHOW TABLES LIKE 'broken'")).isEmpty();

        // A managed table's DROP removes its files; an external table's keeps them.
        String location = describeDetail(session, "big_orders", "Location");
        Path files = Path.of(URI.create(location.replaceFirst("^file:/+", "file:///")));
        assertThat(files).isDirectory();
        run(session, "DROP TABLE big_orders");
        assertThat(files).doesNotExist();
        run(session, "CREATE EXTERNAL TABLE region_again (r_regionkey BIGINT, r_name STRING, r_comment STRING) "
                + "STORED AS PARQUET LOCATION '" + tpch.resolve("region").toUri() + "'");
        run(session, "DROP TABLE region_again");
        assertThat(tpch.resolve("region")).isDirectory();
        try (java.util.stream.Stream<Path> left = Files.list(tpch.resolve("region"))) {
            assertThat(left.filter(f -> f.toString().endsWith(".parquet")).count()).isPositive();
        }
    }

    @Test
    void partitionsAddedByStatementAndByRepair() throws Exception {
        SqlSession session = tpchSession();
        Path root = directory.resolve("by_region");
        run(session, "CREATE EXTERNAL TABLE nations_by_region (n_nationkey BIGINT, n_name STRING) "
                + "PARTITIONED BY (region INT) STORED AS PARQUET LOCATION '" + root.toUri() + "'");
        run(session, "INSERT INTO nations_by_region PARTITION (region) SELECT n_nationkey, n_name, n_regionkey "
                + "FROM nation WHERE n_regionkey < 2");
        run(session, "ALTER TABLE nations_by_region DROP PARTITION (region = 1)");
        assertThat(rows(session, "SHOW PARTITIONS nations_by_region")).containsExactly(List.of("region=0"));
        assertThat(root.resolve("region=1")).isDirectory(); // an external table's files stay
        assertThat(rows(session, "MSCK REPAIR TABLE nations_by_region")).containsExactly(List.of("1"));
        assertSame(session, "SELECT region, count(*) AS n FROM nations_by_region GROUP BY region",
                "SELECT n_regionkey AS region, count(*) AS n FROM nation WHERE n_regionkey < 2 GROUP BY n_regionkey");
        run(session, "ALTER TABLE nations_by_region ADD IF NOT EXISTS PARTITION (region = 4) LOCATION '"
                + directory.resolve("elsewhere").toUri() + "'");
        assertThat(rows(session, "SHOW PARTITIONS nations_by_region")).hasSize(3);
        assertThat(driver.planning().explain("SELECT count(*) FROM nations_by_region WHERE region >= 1", "tpch"))
                .contains("partitions=2/3");
        run(session, "DROP TABLE nations_by_region");
    }

    /** The DataFrame SDK as a Spark user writes it: enableHiveSupport(), spark.table("db.t"), sql(DDL), sql(SHOW). */
    @Test
    void dataFrameSessionReadsAndWritesHiveTables() throws Exception {
        try (io.arbalest.sdk.ArbalestSession spark = io.arbalest.sdk.ArbalestSession.builder().master("local[2]")
                .enableHiveSupport().config(ArbalestConfig.HIVE_METASTORE_URIS.name(), metastore.uri()).getOrCreate()) {
            long nations = spark.table("tpch.nation").filter(io.arbalest.sdk.Functions.col("n_regionkey").equalTo(1))
                    .count();
            assertThat(nations).isEqualTo((Long) Answers.of(duckdb, "SELECT count(*) FROM nation WHERE n_regionkey = 1")
                    .get(0).get(0));
            spark.sql("USE tpch");
            assertThat(spark.currentDatabase()).isEqualTo("tpch");
            assertThat(spark.sql("SHOW TABLES LIKE 'region'").collectAsList())
                    .extracting(row -> row.getString(1)).containsExactly("region");
            spark.sql("CREATE TABLE regions_copy AS SELECT r_regionkey, r_name FROM region");
            assertThat(spark.table("regions_copy").count()).isEqualTo(5);
            assertThat(spark.sql("DESCRIBE regions_copy").collectAsList()).extracting(row -> row.getString(0))
                    .containsExactly("r_regionkey", "r_name");
            spark.sql("DROP TABLE regions_copy");
            assertThat(spark.allocatedBytes()).isZero();
        }
    }

    @Test
    void databasesAreCreatedUsedAndDropped() throws Exception {
        SqlSession session = new SqlSession(driver);
        run(session, "CREATE DATABASE IF NOT EXISTS scratch COMMENT 'for a test'");
        run(session, "USE scratch");
        run(session, "CREATE TABLE t (x INT, s STRING)");
        run(session, "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        run(session, "INSERT INTO t (s) VALUES ('c')"); // a column list: the others are NULL
        assertThat(rows(session, "SELECT sum(x) AS total, count(*) AS n, count(x) AS xs, max(s) AS m FROM scratch.t"))
                .containsExactly(List.of("3", "3", "2", "c"));
        assertThatThrownBy(() -> run(session, "INSERT INTO t (s, nope) VALUES ('c', 1)"))
                .isInstanceOf(CatalogException.class).hasMessageContaining("'nope' is not one of its columns");
        assertThatThrownBy(() -> run(session, "DROP DATABASE scratch"))
                .isInstanceOf(CatalogException.class).hasMessageContaining("CASCADE");
        run(session, "USE default");
        run(session, "DROP DATABASE scratch CASCADE");
        assertThatThrownBy(() -> run(session, "USE scratch")).isInstanceOf(CatalogException.class)
                .hasMessageContaining("Database 'scratch' does not exist");
        assertThatThrownBy(() -> run(session, "SELECT * FROM tpch.no_such_table"))
                .isInstanceOf(ArbalestException.class).hasMessageContaining("no_such_table");
    }

    /**
     * Text tables as Hive writes them: \001 between fields (or ROW FORMAT's delimiter), \N for
     * NULL, no header; partitioned too. Their rows equal DuckDB's of the Parquet they were made from.
     */
    @Test
    void textTablesReadAsHiveWritesThem() throws Exception {
        String rows = "SELECT n_nationkey AS k, n_name AS name, CASE WHEN n_nationkey % 5 = 0 THEN NULL "
                + "ELSE n_regionkey END AS r, CASE WHEN n_nationkey % 3 = 0 THEN NULL ELSE n_comment END AS c "
                + "FROM nation ORDER BY n_nationkey";
        List<List<Object>> nation = Answers.of(duckdb, rows);
        writeText(directory.resolve("text_default/data.txt"), nation, '\u0001');
        writeText(directory.resolve("text_pipes/region=7/data.txt"), nation, '|');
        SqlSession session = tpchSession();
        run(session, "CREATE EXTERNAL TABLE text_default (k BIGINT, name STRING, r INT, c STRING) STORED AS TEXTFILE "
                + "LOCATION '" + directory.resolve("text_default").toUri() + "'");
        run(session, "CREATE EXTERNAL TABLE text_pipes (k BIGINT, name STRING, r INT, c STRING) PARTITIONED BY "
                + "(region INT) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' STORED AS TEXTFILE LOCATION '"
                + directory.resolve("text_pipes").toUri() + "'");
        run(session, "MSCK REPAIR TABLE text_pipes");
        String summary = "SELECT count(*) AS n, count(r) AS rs, count(c) AS cs, sum(k) AS ks, max(name) AS m, "
                + "min(c) AS mc FROM %s";
        assertSame(session, String.format(summary, "text_default"), String.format(summary, "(" + rows + ")"));
        assertSame(session, String.format(summary, "text_pipes") + " WHERE region = 7",
                String.format(summary, "(" + rows + ")"));
        assertSame(session, "SELECT region, k, name FROM text_pipes WHERE k < 3",
                "SELECT 7 AS region, n_nationkey, n_name FROM nation WHERE n_nationkey < 3");
        assertThatThrownBy(() -> run(session, "INSERT INTO text_default SELECT 1, 'x', 1, 'y'"))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("Parquet tables only");
        run(session, "DROP TABLE text_default");
        run(session, "DROP TABLE text_pipes");
    }

    private static void writeText(Path file, List<List<Object>> rows, char delimiter) throws Exception {
        Files.createDirectories(file.getParent());
        StringBuilder text = new StringBuilder();
        for (List<Object> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                text.append(c == 0 ? "" : String.valueOf(delimiter)).append(row.get(c) == null ? "\\N" : row.get(c));
            }
            text.append('\n');
        }
        Files.writeString(file, text);
    }

    /**
     * The metastore's numRows orders joins (the smaller side builds the hash table) in place of
     * the Parquet footers, which planning then does not open: a table whose statistics say
     * otherwise gets the other plan, and a file that is not Parquet fails only when read.
     */
    @Test
    void metastoreStatisticsOrderJoinsWithoutOpeningFooters() throws Exception {
        SqlSession session = tpchSession();
        String columnsOfOrders = "(o_orderkey BIGINT, o_custkey BIGINT, o_orderstatus STRING, o_totalprice DECIMAL(15, 2), "
                + "o_orderdate DATE, o_orderpriority STRING, o_clerk STRING, o_shippriority INT, o_comment STRING)";
        String columnsOfCustomer = "(c_custkey BIGINT, c_name STRING, c_address STRING, c_nationkey BIGINT, "
                + "c_phone STRING, c_acctbal DECIMAL(15, 2), c_mktsegment STRING, c_comment STRING)";
        // As numbered: orders has 15,000 rows and customer 1,500; the claims below tell the planner the opposite.
        run(session, "CREATE EXTERNAL TABLE orders_stats " + columnsOfOrders + " STORED AS PARQUET LOCATION '"
                + tpch.resolve("orders").toUri() + "' TBLPROPERTIES ('numRows' = '150')");
        run(session, "CREATE EXTERNAL TABLE customer_stats " + columnsOfCustomer + " STORED AS PARQUET LOCATION '"
                + tpch.resolve("customer").toUri() + "' TBLPROPERTIES ('numRows' = '150000')");
        String join = "SELECT c_mktsegment, count(*) AS n, sum(o_totalprice) AS total FROM %s JOIN %s "
                + "ON o_custkey = c_custkey GROUP BY c_mktsegment";
        String withStatistics = String.format(join, "orders_stats", "customer_stats");
        assertGolden("join-order-by-statistics", physical(driver.planning().explain(withStatistics, "tpch")));
        assertGolden("join-order-by-footers", physical(driver.planning().explain(String.format(join, "orders",
                "customer"), "tpch")));
        assertSame(session, withStatistics, String.format(join, "orders", "customer"));

        Path broken = directory.resolve("not_parquet");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("part-0.parquet"), "these bytes are not a Parquet file");
        run(session, "CREATE EXTERNAL TABLE counted (x INT) STORED AS PARQUET LOCATION '" + broken.toUri()
                + "' TBLPROPERTIES ('numRows' = '10')");
        run(session, "CREATE EXTERNAL TABLE uncounted (x INT) STORED AS PARQUET LOCATION '" + broken.toUri() + "'");
        assertThat(driver.planning().explain("SELECT sum(x) FROM counted", "tpch")).contains("Scan tpch.counted");
        assertThatThrownBy(() -> driver.planning().explain("SELECT sum(x) FROM uncounted", "tpch"))
                .isInstanceOf(CatalogException.class).hasMessageContaining("Cannot read the Parquet footer");
        assertThatThrownBy(() -> run(session, "SELECT sum(x) FROM counted")).isInstanceOf(ArbalestException.class)
                .hasMessageContaining("part-0.parquet");
        for (String table : List.of("orders_stats", "customer_stats", "counted", "uncounted")) {
            run(session, "DROP TABLE " + table);
        }
    }

    private static String physical(String explain) {
        return explain.substring(explain.indexOf("== Physical plan =="));
    }

    /** {@code text} equals src/test/resources/hive/NAME.txt (regenerate with -Darbalest.golden.update=true). */
    private static void assertGolden(String name, String text) throws Exception {
        Path file = Path.of("src/test/resources/hive", name + ".txt");
        if (Boolean.getBoolean("arbalest.golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        }
        assertThat(file).as("golden plan " + name + " (regenerate with -Darbalest.golden.update=true)").exists();
        assertThat(text).as("plan " + name).isEqualTo(Files.readString(file));
    }

    @Test
    void aTableOfAnotherFormatFailsNamingIt() throws Exception {
        URI uri = URI.create(metastore.uri());
        try (TSocket socket = new TSocket(uri.getHost(), uri.getPort(), 10_000)) {
            socket.open();
            ThriftHiveMetastore.Client client = new ThriftHiveMetastore.Client(new TBinaryProtocol(socket));
            StorageDescriptor sd = new StorageDescriptor();
            sd.setCols(List.of(new FieldSchema("x", "int", null)));
            sd.setLocation(directory.resolve("orc_table").toUri().toString());
            sd.setInputFormat("org.apache.hadoop.hive.ql.io.orc.OrcInputFormat");
            sd.setOutputFormat("org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat");
            sd.setSerdeInfo(new SerDeInfo(null, "org.apache.hadoop.hive.ql.io.orc.OrcSerde", new HashMap<>()));
            Table table = new Table();
            table.setDbName("tpch");
            table.setTableName("orc_table");
            table.setTableType("EXTERNAL_TABLE");
            table.setParameters(new HashMap<>(Map.of("EXTERNAL", "TRUE")));
            table.setSd(sd);
            table.setPartitionKeys(List.of());
            client.create_table(table);
        }
        assertThatThrownBy(() -> run(tpchSession(), "SELECT * FROM orc_table"))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("'tpch.orc_table' is stored as ORC");
        assertThat(cli("sql", "--catalog", "hive", "--conf", "arbalest.hive.metastore.uris=" + metastore.uri(),
                "--database", "tpch", "-e", "SELECT * FROM orc_table"))
                .contains("stored as ORC").doesNotContain("Exception");
        run(tpchSession(), "DROP TABLE orc_table");
    }

    @Test
    void anUnreachableMetastoreIsOneClearError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ArbalestConfig unreachable = config.with(ArbalestConfig.HIVE_METASTORE_URIS, "thrift://127.0.0.1:" + port)
                .with(ArbalestConfig.HIVE_METASTORE_ATTEMPTS, "2");
        assertThatThrownBy(() -> Catalogs.open(unreachable, "", new Configuration()).databases())
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("Cannot reach the Hive Metastore at thrift://127.0.0.1:" + port)
                .hasMessageContaining("connection refused")
                .hasMessageContaining("hive.metastore.uris");
        String printed = cli("sql", "--catalog", "hive", "--conf", "arbalest.hive.metastore.uris=thrift://127.0.0.1:"
                + port, "--conf", "arbalest.hive.metastore.attempts=1", "-e", "SHOW DATABASES");
        assertThat(printed).contains("Cannot reach the Hive Metastore")
                .doesNotContain("Exception").hasLineCount(1);
    }

    private static void run(SqlSession session, String statement) {
        session.run(io.arbalest.planner.sql.SqlScript.statement(statement), new SqlSession.Output() {
            @Override
            public void rows(QueryResult result) {
            }

            @Override
            public void text(String text) {
            }
        });
    }

    /** The rows a statement prints, as text. */
    private static List<List<String>> rows(SqlSession session, String statement) {
        List<List<String>> rows = new java.util.ArrayList<>();
        session.run(io.arbalest.planner.sql.SqlScript.statement(statement), new SqlSession.Output() {
            @Override
            public void rows(QueryResult result) {
                for (List<Object> row : Answers.of(result)) {
                    rows.add(row.stream().map(String::valueOf).toList());
                }
            }

            @Override
            public void text(String text) {
            }
        });
        return rows;
    }

    private static String describeDetail(SqlSession session, String table, String key) {
        return rows(session, "DESCRIBE EXTENDED " + table).stream().filter(r -> r.get(0).equals(key))
                .findFirst().orElseThrow().get(1);
    }

    /** Arbalest's answer to {@code sql} in the session equals DuckDB's to {@code duckdbSql} over the TPC-H files. */
    private static void assertSame(SqlSession session, String sql, String duckdbSql) throws Exception {
        List<List<Object>> expected = Answers.of(duckdb, duckdbSql);
        List<List<Object>> actual;
        List<String> columns;
        try (QueryResult result = session.executeScript(sql)) {
            actual = Answers.of(result);
            columns = result.schema().names();
        }
        assertThat(expected).as("DuckDB's rows of " + duckdbSql).isNotEmpty();
        expected = sorted(expected);
        actual = sorted(actual);
        assertThat(Answers.differences(expected, actual, columns, 20)).as(sql).isEmpty();
        assertThat(driver.allocatedBytes()).as("Arrow memory after " + sql).isZero();
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new java.util.ArrayList<>(rows);
        copy.sort(java.util.Comparator.comparing(Object::toString));
        return copy;
    }

    /** What the CLI prints (stdout, then stderr). */
    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ArbalestCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return out + err.toString();
    }
}
