package io.arbalest.bench;

import io.arbalest.am.cli.ArbalestCli;
import io.arbalest.am.dev.DevCluster;
import io.arbalest.am.driver.QueryResult;
import io.arbalest.am.yarn.YarnDriver;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.executor.process.ExecutorMain;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.QueueMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arbalest on YARN as a user runs it: a dev cluster (MiniDFS + MiniYARN with 2 NodeManagers) on
 * loopback, TPC-H SF 0.01 on its HDFS, and clients in their own processes that submit
 * applications with {@code --master yarn}: the Java API, bin/arbalest from the checkout, and the
 * assembly jar behind the cluster's Hadoop jars (what {@code yarn jar} runs). Every classpath of
 * the cluster (containers, {@code yarn jar}) starts with the third-party jars of a Hadoop 3.3
 * installation in their older versions (target/hadoop-cluster-lib), as on a real cluster. Each
 * application must end with its final status, give every container back, and leave no staging
 * files; the ApplicationMaster's and the executors' logs are where {@code yarn logs} finds them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class YarnIT {
    private static final Pattern SUBMITTED = Pattern.compile("Submitted application (application_\\d+_\\d+)");
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(5);
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private DevCluster cluster;
    private YarnClient yarn;
    private FileSystem hdfs;
    private String warehouse;
    private Path localWarehouse;
    private Path assembly;
    private List<String> clusterJars;

    @BeforeAll
    void startCluster() throws Exception {
        Path directory = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "dev-cluster");
        try (Stream<Path> jars = Files.list(Path.of("target", "hadoop-cluster-lib"))) {
            clusterJars = jars.map(jar -> jar.toAbsolutePath().toString()).sorted().toList();
        }
        assertThat(clusterJars).as("target/hadoop-cluster-lib (pre-integration-test)").isNotEmpty();
        cluster = DevCluster.start(directory, 2, DevCluster.DEFAULT_NODE_MANAGER_MEMORY_MB, clusterJars);
        hdfs = FileSystem.get(cluster.configuration());
        warehouse = cluster.defaultFs() + "/tpch/sf0.01";
        TpchGenerator.generate(0.01, warehouse, cluster.configuration(), 2);
        localWarehouse = Warehouses.get();
        yarn = YarnClient.createYarnClient();
        yarn.init(cluster.configuration());
        yarn.start();
        try (Stream<Path> files = Files.list(REPOSITORY.resolve("application-master/target"))) {
            assembly = files.filter(f -> f.getFileName().toString().matches("arbalest-\\d.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no assembly jar: package application-master first"));
        }
    }

    @AfterAll
    void stopCluster() throws IOException {
        if (yarn != null) {
            yarn.stop();
        }
        if (hdfs != null) {
            hdfs.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void tpchFromAClientProcessMatchesDuckDb() throws Exception {
        List<String> command = java(System.getProperty("java.class.path"));
        command.addAll(List.of(YarnQueriesClient.class.getName(), localWarehouse.toString(), warehouse,
                assembly.toString()));
        Run run = run(command);

        assertThat(run.exitCode()).as("client output:\n%s", run.output()).isZero();
        assertThat(run.output()).contains(IntStream.rangeClosed(1, 22).mapToObj(q -> "OK Q" + q + "\n").toList());
        ApplicationId application = applicationId(run);
        assertEnded(application, FinalApplicationStatus.SUCCEEDED);
        assertContainersReleased();
        assertStagingRemoved(application);
        List<String> expected = List.of("ApplicationMaster ready", "Executor executor-1 serving",
                "Executor executor-2 serving");
        assertThat(aggregatedLogs(application, expected)).contains(expected);
    }

    /**
     * A DataFrame program with master("yarn") in its own JVM: one application for the whole
     * session, TPC-H as DataFrames equal to DuckDB, writes to HDFS that read back, a failed write
     * that leaves its target, and a failed query after which the session still answers.
     */
    @Test
    void dataFrameSessionIsOneApplication() throws Exception {
        List<String> command = java(System.getProperty("java.class.path"));
        command.addAll(List.of(YarnDataFrameClient.class.getName(), localWarehouse.toString(), warehouse,
                assembly.toString(), cluster.defaultFs() + "/dataframe-writes"));
        Run run = run(command);

        assertThat(run.exitCode()).as("client output:\n%s", run.output()).isZero();
        assertThat(run.output()).contains("OK Q1\n", "OK Q22\n", "OK write\n", "OK failed write\n",
                "OK usable after an error\n");
        assertThat(SUBMITTED.matcher(run.output()).results().count()).as("applications submitted").isEqualTo(1);
        ApplicationId application = applicationId(run);
        assertEnded(application, FinalApplicationStatus.SUCCEEDED);
        assertContainersReleased();
        assertStagingRemoved(application);
    }

    /** bin/arbalest from the checkout, as the README has it: the same CSV as local mode on the same files. */
    @Test
    void cliAnswersAsLocalModeDoes() throws Exception {
        Path sql = Files.writeString(Files.createTempFile("q3", ".sql"), TpchOracleTest.queryText(3));
        List<String> arguments = List.of("sql", "--warehouse", "hdfs:///tpch/sf0.01", "--format", "csv", "-f", sql.toString());
        List<String> yarnCommand = new ArrayList<>(List.of(REPOSITORY.resolve("bin/arbalest").toString()));
        yarnCommand.addAll(arguments);
        yarnCommand.addAll(List.of("--master", "yarn", "--num-executors", "2", "--executor-memory", "1g",
                "--am-memory", "1g"));
        Run onYarn = run(yarnCommand);
        List<String> localCommand = new ArrayList<>(List.of(REPOSITORY.resolve("bin/arbalest").toString()));
        localCommand.addAll(arguments);
        localCommand.addAll(List.of("--master", "local[2]"));
        Run local = run(localCommand);

        assertThat(onYarn.exitCode()).as("output:\n%s", onYarn.output()).isZero();
        assertThat(local.exitCode()).as("output:\n%s", local.output()).isZero();
        assertThat(csv(onYarn.output())).isEqualTo(csv(local.output())).hasSizeGreaterThan(5);
        ApplicationId application = applicationId(onYarn);
        assertEnded(application, FinalApplicationStatus.SUCCEEDED);
        assertContainersReleased();
        assertStagingRemoved(application);
    }

    /**
     * The assembly behind the cluster's Hadoop jars, as {@code yarn jar arbalest-VERSION.jar} runs
     * it: a query naming a missing table fails with local mode's message, and the application
     * ends FAILED with that message, without leaking containers.
     */
    @Test
    void missingTableFailsAsLocallyAndTheApplicationEndsFailed() throws Exception {
        String query = "SELECT * FROM no_such_table";
        List<String> command = java(cluster.configDirectory() + ":" + String.join(":", clusterJars) + ":"
                + String.join(":", DevCluster.hadoopClasspath()) + ":" + assembly);
        command.addAll(List.of(ArbalestCli.class.getName(), "sql", "--master", "yarn", "--executor-memory", "1g",
                "--am-memory", "1g", "--warehouse", warehouse, "-e", query));
        Run onYarn = run(command);
        StringWriter localErrors = new StringWriter();
        int localExit = ArbalestCli.run(new String[] {"sql", "--master", "local[1]", "--warehouse", warehouse, "-e", query},
                new PrintWriter(new StringWriter()), new PrintWriter(localErrors));

        assertThat(localExit).isEqualTo(1);
        String localError = localErrors.toString().strip();
        assertThat(localError).contains("no_such_table");
        assertThat(onYarn.exitCode()).as("output:\n%s", onYarn.output()).isEqualTo(1);
        assertThat(onYarn.output()).contains(localError).doesNotContain("\tat ");
        ApplicationId application = applicationId(onYarn);
        ApplicationReport report = assertEnded(application, FinalApplicationStatus.FAILED);
        assertThat(report.getDiagnostics()).contains("no_such_table");
        assertContainersReleased();
        assertStagingRemoved(application);
    }

    /**
     * An executor container killed mid-query: its task runs again on the other executor, the
     * ApplicationMaster asks YARN for a replacement, and the answer is still DuckDB's.
     */
    @Test
    void aKilledExecutorContainerIsReplacedAndItsTaskRunsAgain() throws Exception {
        // Two nested-loop tasks of several seconds each.
        String sql = "SELECT count(*), sum(a.l_quantity) FROM lineitem a JOIN orders b ON a.l_orderkey < b.o_orderkey + a.l_partkey";
        List<List<Object>> expected;
        try (Connection duckdb = Warehouses.duckdb(localWarehouse)) {
            expected = Answers.of(duckdb, sql);
        }
        ArbalestConfig config = ArbalestConfig.of(Map.of(ArbalestConfig.MASTER.name(), "yarn",
                ArbalestConfig.EXECUTOR_MEMORY.name(), "1g", ArbalestConfig.YARN_AM_MEMORY.name(), "1g",
                ArbalestConfig.YARN_JAR.name(), assembly.toString()));
        ApplicationId application;
        try (YarnDriver driver = YarnDriver.submit(config, warehouse, cluster.configuration(), message -> { })) {
            application = driver.applicationId();
            try (QueryResult warmUp = driver.execute("SELECT count(*) FROM nation")) {
                assertThat(warmUp.rowCount()).isEqualTo(1); // both executors registered: a query waits for that
            }
            CompletableFuture<List<List<Object>>> query = CompletableFuture.supplyAsync(() -> {
                try (QueryResult result = driver.execute(sql)) {
                    return Answers.of(result);
                }
            });
            ProcessHandle victim = awaitExecutorProcess("executor-1");
            Thread.sleep(2_000); // into the nested loop
            assertThat(query.isDone()).as("the query still runs when its executor is killed").isFalse();
            victim.destroyForcibly();

            assertThat(Answers.differences(expected, query.get(3, TimeUnit.MINUTES), List.of("count", "sum"), 5))
                    .isEmpty();
            assertThat(awaitExecutorProcess("executor-3").isAlive()).as("the replacement executor").isTrue();
        }
        assertEnded(application, FinalApplicationStatus.SUCCEEDED);
        assertContainersReleased();
    }

    /**
     * Stopping a client (SIGTERM; Ctrl-C's SIGINT runs the same shutdown hooks, but a process
     * started in the background of a script ignores SIGINT) kills its application, and the
     * staging files go.
     */
    @Test
    void stoppingTheClientKillsTheApplication() throws Exception {
        List<String> command = new ArrayList<>(List.of(REPOSITORY.resolve("bin/arbalest").toString(), "sql",
                "--master", "yarn", "--executor-memory", "1g", "--am-memory", "1g", "--warehouse", warehouse, "-e",
                "SELECT count(*) FROM lineitem a JOIN lineitem b ON a.l_orderkey < b.l_orderkey + a.l_partkey"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HADOOP_CONF_DIR", cluster.configDirectory().toString());
        builder.environment().put("ARBALEST_HEAP", "1g");
        Process client = builder.start();
        StringBuilder output = new StringBuilder();
        ApplicationId application = null;
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (application == null && (line = lines.readLine()) != null) {
                output.append(line).append('\n');
                Matcher matcher = SUBMITTED.matcher(line);
                if (matcher.find()) {
                    application = ApplicationId.fromString(matcher.group(1));
                }
            }
            assertThat(application).as("application id in:\n%s", output).isNotNull();
            awaitExecutorProcess("executor-2"); // the query runs
            client.destroy(); // SIGTERM
            assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("the client exits").isTrue();
        } finally {
            client.destroyForcibly();
        }
        ApplicationReport report = yarn.getApplicationReport(application);
        assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.KILLED);
        assertContainersReleased();
        assertStagingRemoved(application);
    }

    /** Executors idle for arbalest.yarn.executor.idle-timeout go back to YARN; the next query gets new ones. */
    @Test
    void idleExecutorsAreGivenBackAndTheNextQueryGetsNewOnes() throws Exception {
        ArbalestConfig config = ArbalestConfig.of(Map.of(ArbalestConfig.MASTER.name(), "yarn",
                ArbalestConfig.EXECUTOR_MEMORY.name(), "1g", ArbalestConfig.YARN_AM_MEMORY.name(), "1g",
                ArbalestConfig.YARN_EXECUTOR_IDLE_TIMEOUT.name(), "2000",
                ArbalestConfig.YARN_JAR.name(), assembly.toString()));
        QueueMetrics metrics = cluster.yarn().getResourceManager().getResourceScheduler().getRootQueueMetrics();
        ApplicationId application;
        try (YarnDriver driver = YarnDriver.submit(config, warehouse, cluster.configuration(), message -> { });
             Connection duckdb = Warehouses.duckdb(localWarehouse)) {
            application = driver.applicationId();
            Warehouses.assertSameAsDuckDb(driver, duckdb, TpchOracleTest.queryText(6), "Q6");
            assertThat(metrics.getAllocatedContainers()).as("AM and 2 executors").isEqualTo(3);

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (metrics.getAllocatedContainers() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(metrics.getAllocatedContainers()).as("only the AM's container once idle").isEqualTo(1);

            Warehouses.assertSameAsDuckDb(driver, duckdb, TpchOracleTest.queryText(3), "Q3 on new executors");
            assertThat(awaitExecutorProcess("executor-3").isAlive()).isTrue();
        }
        assertEnded(application, FinalApplicationStatus.SUCCEEDED);
        assertContainersReleased();
        assertStagingRemoved(application);
    }

    /**
     * Hive tables on YARN: a metastore beside the cluster, the TPC-H files on HDFS registered as
     * external tables by the client, the 22 queries planned by the ApplicationMaster (which reads
     * the metastore itself), and an INSERT whose partitions the ApplicationMaster registers.
     */
    @Test
    void hiveTablesOnYarnMatchDuckDb() throws Exception {
        Path directory = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "metastore");
        try (io.arbalest.am.dev.MetastoreServer metastore = io.arbalest.am.dev.MetastoreServer.start(directory,
                cluster.defaultFs() + "/user/hive/warehouse", Map.of("fs.defaultFS", cluster.defaultFs()))) {
            ArbalestConfig config = ArbalestConfig.of(Map.of(ArbalestConfig.MASTER.name(), "yarn",
                    ArbalestConfig.EXECUTOR_MEMORY.name(), "1g", ArbalestConfig.YARN_AM_MEMORY.name(), "1g",
                    ArbalestConfig.YARN_JAR.name(), assembly.toString(), ArbalestConfig.CATALOG.name(), "hive",
                    ArbalestConfig.HIVE_METASTORE_URIS.name(), metastore.uri()));
            String ddl = Files.readString(Path.of("src/main/resources/hive/tpch-tables.sql"))
                    .replace("${warehouse}", warehouse);
            ApplicationId application;
            try (YarnDriver driver = YarnDriver.submit(config, "", cluster.configuration(), message -> { });
                 Connection duckdb = Warehouses.duckdb(localWarehouse)) {
                application = driver.applicationId();
                io.arbalest.am.driver.SqlSession session = new io.arbalest.am.driver.SqlSession(driver);
                for (io.arbalest.planner.sql.SqlScript.Statement statement : io.arbalest.planner.sql.SqlScript.parse(ddl)) {
                    session.run(statement, null);
                }
                assertThat(session.database()).isEqualTo("tpch");
                for (int query = 1; query <= 22; query++) {
                    Warehouses.assertSameAsDuckDb(session, duckdb, TpchOracleTest.queryText(query), "Q" + query);
                }
                session.run(io.arbalest.planner.sql.SqlScript.statement("CREATE TABLE flags (l_orderkey BIGINT, "
                        + "l_quantity DECIMAL(15, 2)) PARTITIONED BY (l_returnflag STRING)"), null);
                session.run(io.arbalest.planner.sql.SqlScript.statement("INSERT OVERWRITE TABLE flags PARTITION "
                        + "(l_returnflag) SELECT l_orderkey, l_quantity, l_returnflag FROM lineitem"), null);
                assertThat(driver.planning().catalog().partitionNames("tpch", "flags")).hasSize(3);
                String byFlag = "SELECT l_returnflag, count(*), sum(l_quantity) FROM %s GROUP BY l_returnflag "
                        + "ORDER BY l_returnflag";
                try (QueryResult result = session.executeScript(String.format(byFlag, "flags"))) {
                    assertThat(Answers.differences(Answers.of(duckdb, String.format(byFlag, "lineitem")),
                            Answers.of(result), result.schema().names(), 5)).as("the partitioned table on HDFS").isEmpty();
                }
            }
            assertEnded(application, FinalApplicationStatus.SUCCEEDED);
            assertContainersReleased();
        }
    }

    /** The process of a running executor container (one application runs at a time here), once it started. */
    private static ProcessHandle awaitExecutorProcess(String executorId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var found = ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                    .map(line -> line.contains(ExecutorMain.class.getName()) && line.contains("--executor-id " + executorId + " "))
                    .orElse(false)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no process of " + executorId + " started; executor processes: "
                + ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                        .filter(line -> line.contains(ExecutorMain.class.getName())).toList());
    }

    private List<String> java(String classpath) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ExecutorMain.JVM_FLAGS);
        command.addAll(List.of("-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath));
        return command;
    }

    private record Run(int exitCode, String output) {
    }

    /** Runs a client process with HADOOP_CONF_DIR pointing at the dev cluster; its stdout and stderr together. */
    private Run run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HADOOP_CONF_DIR", cluster.configDirectory().toString());
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("ARBALEST_HEAP", "1g");
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        if (!process.waitFor(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
        reader.join();
        return new Run(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }

    private static List<String> csv(String output) {
        return output.lines().filter(line -> !line.startsWith("Submitted application") && !line.startsWith("[")).toList();
    }

    private static ApplicationId applicationId(Run run) {
        Matcher matcher = SUBMITTED.matcher(run.output());
        assertThat(matcher.find()).as("the client printed the application id:\n%s", run.output()).isTrue();
        assertThat(run.output()).contains("yarn logs -applicationId " + matcher.group(1));
        return ApplicationId.fromString(matcher.group(1));
    }

    private ApplicationReport assertEnded(ApplicationId application, FinalApplicationStatus status) throws Exception {
        ApplicationReport report = yarn.getApplicationReport(application);
        assertThat(report.getYarnApplicationState()).as("state of %s", application)
                .isIn(YarnApplicationState.FINISHED, YarnApplicationState.FAILED);
        assertThat(report.getFinalApplicationStatus()).as("final status of %s: %s", application, report.getDiagnostics())
                .isEqualTo(status);
        return report;
    }

    /** The ResourceManager sees no container allocated once the application ended (it learns of ends by heartbeats). */
    private void assertContainersReleased() throws InterruptedException {
        QueueMetrics metrics = cluster.yarn().getResourceManager().getResourceScheduler().getRootQueueMetrics();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (metrics.getAllocatedContainers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(metrics.getAllocatedContainers()).as("containers still allocated").isZero();
        assertThat(metrics.getAllocatedMB()).as("memory still allocated").isZero();
    }

    private void assertStagingRemoved(ApplicationId application) throws IOException {
        org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(hdfs.getHomeDirectory(),
                ".arbalest-staging/" + application);
        assertThat(hdfs.exists(staging)).as("staging directory %s exists", staging).isFalse();
    }

    /**
     * The application's logs as the NodeManagers aggregated them into HDFS, where {@code yarn logs}
     * reads them (uncompressed TFiles: the log lines are plain bytes); waits until every node's are
     * there, that is until all of {@code expected} shows.
     */
    private String aggregatedLogs(ApplicationId application, List<String> expected) throws Exception {
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(
                cluster.configuration().get("yarn.nodemanager.remote-app-log-dir", "/tmp/logs"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String logs = "";
        while (System.nanoTime() < deadline) {
            StringBuilder text = new StringBuilder();
            if (hdfs.exists(root)) {
                RemoteIterator<LocatedFileStatus> files = hdfs.listFiles(root, true);
                while (files.hasNext()) {
                    org.apache.hadoop.fs.Path file = files.next().getPath();
                    // A NodeManager uploads to NAME.tmp and renames it when done: read only finished files,
                    // and go round again if one is renamed between the listing and the reading.
                    if (file.toString().contains(application.toString()) && !file.getName().endsWith(".tmp")) {
                        try (InputStream in = hdfs.open(file)) {
                            text.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                        } catch (java.io.FileNotFoundException renamed) {
                            text.setLength(0);
                            break;
                        }
                    }
                }
            }
            logs = text.toString();
            if (expected.stream().allMatch(logs::contains)) {
                return logs;
            }
            Thread.sleep(500);
        }
        return logs;
    }
}
