package io.arbalest.am.yarn;

import io.arbalest.am.cluster.DriverClient;
import io.arbalest.am.driver.Driver;
import io.arbalest.am.driver.Master;
import io.arbalest.am.driver.QueryPlanning;
import io.arbalest.am.driver.QueryResult;
import io.arbalest.am.driver.ResultStream;
import io.arbalest.executor.process.ContainerFiles;
import io.arbalest.planner.catalog.Catalog;
import io.arbalest.planner.catalog.Catalogs;
import io.arbalest.planner.catalog.WarehouseCatalog;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.error.ConfigException;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.serde.PlanSerde;
import io.arbalest.planner.types.RowSchema;
import io.arbalest.proto.logical.Query;
import io.arbalest.proto.logical.Write;
import io.arbalest.proto.scheduler.AnalyzeRequest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code --master yarn}, the client side: submits an Arbalest application (its
 * ApplicationMaster runs the driver) to the ResourceManager of HADOOP_CONF_DIR / YARN_CONF_DIR,
 * runs queries on it over gRPC and reads their results from the executors over Flight. Closing
 * it ends the application; so does a Ctrl-C of this JVM, which kills it.
 */
public final class YarnDriver implements Driver {
    private static final Logger LOG = LoggerFactory.getLogger(YarnDriver.class);
    private static final long REPORT_INTERVAL_MS = 250;
    private static final long END_TIMEOUT_MS = 60_000;
    private static final long KEEP_ALIVE_INTERVAL_MS = 5_000;
    private static final long RESOURCE_MANAGER_WAIT_MS = 60_000;
    private static final Set<YarnApplicationState> ENDED = EnumSet.of(YarnApplicationState.FINISHED,
            YarnApplicationState.FAILED, YarnApplicationState.KILLED);

    private static final int KILL_HOOK_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 10;

    private final ArbalestConfig config;
    /** The warehouse as the cluster's containers name it (qualified). */
    private final String warehouse;
    private final Configuration conf;
    private final YarnClient yarn;
    private final FileSystem fs;
    private final ApplicationId applicationId;
    private final Path staging;
    private final Consumer<String> messages;
    /** Ctrl-C: runs before Hadoop closes its cached file systems, so that the staging files can still go. */
    private final Runnable killOnExit = this::kill;
    /** EXPLAIN on the client, with the catalog opened at submission. */
    private final QueryPlanning planning;
    private DriverClient client;
    private boolean closed;

    private YarnDriver(ArbalestConfig config, Catalog catalog, Master master, Configuration conf,
            YarnClient yarn, FileSystem fs, ApplicationId applicationId, Path staging, Consumer<String> messages) {
        this.config = config;
        this.warehouse = catalog instanceof WarehouseCatalog directory ? directory.location() : "";
        this.planning = new QueryPlanning(catalog, config, master);
        this.conf = conf;
        this.yarn = yarn;
        this.fs = fs;
        this.applicationId = applicationId;
        this.staging = staging;
        this.messages = messages;
    }

    /**
     * Submits the application, waits until its driver serves, and returns the client of it;
     * {@code messages} receives what a user should see (the application id, where its logs are).
     */
    public static YarnDriver submit(ArbalestConfig config, String warehouse, Configuration hadoopConf,
            Consumer<String> messages) {
        Master master = Master.of(config);
        Configuration conf = clientConfiguration(hadoopConf);
        java.nio.file.Path assembly = Staging.assembly(config);
        // Opened here, a wrong warehouse fails before anything is submitted; the ApplicationMaster opens the
        // same catalog (the settings it gets name the metastore when hive-site.xml did here).
        config = Catalogs.resolve(config, warehouse, conf);
        Catalog catalog = Catalogs.open(config, warehouse, conf);
        YarnClient yarn = YarnClient.createYarnClient();
        yarn.init(submitterConfiguration(conf));
        yarn.start();
        try {
            FileSystem fs = FileSystem.get(conf);
            YarnClientApplication application = yarn.createApplication();
            ApplicationId id = application.getNewApplicationResponse().getApplicationId();
            checkFits(config, master, application.getNewApplicationResponse().getMaximumResourceCapability());
            Path jar = Staging.uploadAssembly(fs, assembly, config.get(ArbalestConfig.YARN_JARS_DIRECTORY));
            Path staging = Staging.create(fs, config, conf, id.toString());
            YarnDriver driver = new YarnDriver(config, catalog, master, conf, yarn, fs, id, staging, messages);
            ShutdownHookManager.get().addShutdownHook(driver.killOnExit, KILL_HOOK_PRIORITY);
            try {
                yarn.submitApplication(driver.submissionContext(application.getApplicationSubmissionContext(), jar));
                messages.accept("Submitted application " + id + " to queue " + config.get(ArbalestConfig.YARN_QUEUE)
                        + "; its logs: yarn logs -applicationId " + id);
                driver.connect();
                return driver;
            } catch (RuntimeException | YarnException | IOException e) {
                driver.close();
                throw e;
            }
        } catch (YarnException | IOException e) {
            yarn.stop();
            throw new QueryExecutionException("Could not submit the application to YARN: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            yarn.stop();
            throw e;
        }
    }

    /**
     * Hadoop's configuration with HADOOP_CONF_DIR's and YARN_CONF_DIR's files on top (yarn jar puts
     * them on the classpath too). Without any, there is no cluster to submit to: say so, rather
     * than retry 0.0.0.0:8032 for 15 minutes.
     */
    private static Configuration clientConfiguration(Configuration base) {
        Configuration conf = new YarnConfiguration(base);
        if (conf.getResource("yarn-site.xml") == null && isBlank(System.getenv("HADOOP_CONF_DIR"))
                && isBlank(System.getenv("YARN_CONF_DIR"))
                && conf.get(YarnConfiguration.RM_ADDRESS).equals(YarnConfiguration.DEFAULT_RM_ADDRESS)) {
            throw new ConfigException("--master yarn needs the cluster's configuration: set HADOOP_CONF_DIR (or "
                    + "YARN_CONF_DIR) to the directory holding its core-site.xml and yarn-site.xml.");
        }

        for (String variable : List.of("HADOOP_CONF_DIR", "YARN_CONF_DIR")) {
            String directory = System.getenv(variable);
            if (directory == null || directory.isBlank()) {
                continue;
            }
            for (String file : List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml")) {
                java.nio.file.Path path = java.nio.file.Path.of(directory, file);
                if (java.nio.file.Files.isRegularFile(path)) {
                    conf.addResource(new Path(path.toUri()));
                }
            }
        }
        return conf;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * The client's own: a ResourceManager that does not answer fails the submission after a minute
     * (not Hadoop's 15) unless the cluster's configuration says otherwise. Containers do not get it.
     */
    private static Configuration submitterConfiguration(Configuration conf) {
        Configuration submitter = new YarnConfiguration(conf);
        String[] sources = conf.getPropertySources(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS);
        if (sources == null || List.of(sources).equals(List.of("yarn-default.xml"))) {
            submitter.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, RESOURCE_MANAGER_WAIT_MS);
        }
        return submitter;
    }

    private static void checkFits(ArbalestConfig config, Master master, Resource maximum) {
        long amMb = config.getLong(ArbalestConfig.YARN_AM_MEMORY) >> 20;
        if (amMb > maximum.getMemorySize() || amMb < ContainerMemory.MIN_OVERHEAD_MB * 2L) {
            throw new ConfigException(ArbalestConfig.YARN_AM_MEMORY.name() + " (--am-memory) is " + amMb
                    + " MB; it must be between " + ContainerMemory.MIN_OVERHEAD_MB * 2 + " MB and the cluster's largest "
                    + "container, " + maximum.getMemorySize() + " MB.");
        }
        if (master.executorMemoryMb() > maximum.getMemorySize()) {
            throw new ConfigException(ArbalestConfig.EXECUTOR_MEMORY.name() + " (--executor-memory) is "
                    + master.executorMemoryMb() + " MB, more than the cluster's largest container, "
                    + maximum.getMemorySize() + " MB.");
        }
        if (master.executorCores() > maximum.getVirtualCores()) {
            throw new ConfigException(ArbalestConfig.EXECUTOR_CORES.name() + " (--executor-cores) is "
                    + master.executorCores() + ", more than the cluster's largest container, "
                    + maximum.getVirtualCores() + " vcores.");
        }
    }

    private ApplicationSubmissionContext submissionContext(ApplicationSubmissionContext context, Path jar)
            throws IOException {
        Map<String, LocalResource> resources = new HashMap<>();
        resources.put(ContainerFiles.JAR, Containers.resource(fs, jar, LocalResourceVisibility.PUBLIC));
        for (String file : List.of(ContainerFiles.HADOOP_CONFIGURATION, ContainerFiles.SETTINGS)) {
            resources.put(file, Containers.resource(fs, new Path(staging, file), LocalResourceVisibility.APPLICATION));
        }
        Map<String, String> environment = new HashMap<>(Containers.environment(conf,
                config.get(ArbalestConfig.YARN_JAVA_HOME)));
        environment.put(Containers.JAR_PATH_ENV, jar.toString());
        environment.put(Containers.STAGING_DIR_ENV, staging.toString());
        int amMb = (int) (config.getLong(ArbalestConfig.YARN_AM_MEMORY) >> 20);
        List<String> command = Containers.javaCommand(ContainerMemory.applicationMaster(amMb), ApplicationMaster.class,
                warehouse.isEmpty() ? List.of() : List.of("--warehouse", warehouse));
        context.setAMContainerSpec(ContainerLaunchContext.newInstance(resources, environment, command,
                new HashMap<String, ByteBuffer>(), null, null));
        context.setApplicationName(config.get(ArbalestConfig.YARN_APPLICATION_NAME));
        context.setApplicationType("ARBALEST");
        context.setQueue(config.get(ArbalestConfig.YARN_QUEUE));
        context.setResource(Resource.newInstance(amMb, 1));
        context.setMaxAppAttempts(config.getInt(ArbalestConfig.YARN_MAX_APP_ATTEMPTS));
        return context;
    }

    /** Waits until the ApplicationMaster registered its driver's address, and connects to it. */
    private void connect() throws YarnException, IOException {
        YarnApplicationState last = null;
        while (true) {
            ApplicationReport report = yarn.getApplicationReport(applicationId);
            YarnApplicationState state = report.getYarnApplicationState();
            if (state == YarnApplicationState.RUNNING && report.getRpcPort() > 0) {
                client = new DriverClient(report.getHost(), report.getRpcPort());
                client.keepAlive(KEEP_ALIVE_INTERVAL_MS);
                LOG.info("Application {} serves at {}:{}", applicationId, report.getHost(), report.getRpcPort());
                return;
            }
            if (ENDED.contains(state)) {
                throw ended(report);
            }
            if (state != last) {
                LOG.info("Application {} is {}", applicationId, state);
                last = state;
            }
            sleep(REPORT_INTERVAL_MS);
        }
    }

    private QueryExecutionException ended(ApplicationReport report) {
        return new QueryExecutionException("YARN application " + applicationId + " ended ("
                + report.getFinalApplicationStatus() + "): " + report.getDiagnostics().trim()
                + " Its logs: yarn logs -applicationId " + applicationId);
    }

    @Override
    public QueryPlanning planning() {
        return planning;
    }

    @Override
    public QueryResult execute(Query query) {
        return onDriver(() -> client.execute(query, Map.of()));
    }

    @Override
    public ResultStream stream(Query query) {
        return onDriver(() -> client.stream(query, Map.of()));
    }

    @Override
    public void write(Query query, Write spec) {
        onDriver(() -> {
            client.write(query, spec, Map.of());
            return null;
        });
    }

    /** The schema, resolved by the ApplicationMaster (the driver), as every query of the session is. */
    @Override
    public RowSchema schema(Query query) {
        return onDriver(() -> PlanSerde.fromProto(client.analyze(query, Map.of(), AnalyzeRequest.Explain.NONE).getSchema()));
    }

    @Override
    public String explain(Query query, boolean extended) {
        return onDriver(() -> client.analyze(query, Map.of(),
                extended ? AnalyzeRequest.Explain.EXTENDED : AnalyzeRequest.Explain.PHYSICAL).getExplain());
    }

    @Override
    public String explainAnalyze(Query query) {
        return onDriver(() -> client.explainAnalyze(query, Map.of()));
    }

    private <T> T onDriver(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (QueryExecutionException e) {
            // The driver may be gone with its application: its diagnostic says why.
            ApplicationReport report = report();
            if (report != null && ENDED.contains(report.getYarnApplicationState())) {
                throw ended(report);
            }
            throw e;
        }
    }

    public ApplicationId applicationId() {
        return applicationId;
    }

    @Override
    public long allocatedBytes() {
        return client == null ? 0 : client.allocatedBytes();
    }

    /** Ends the application: the driver stops its executors and unregisters; waits for that, then cleans up. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            ShutdownHookManager.get().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran
        }
        try {
            if (client != null) {
                client.finish();
            }
            if (!awaitEnd(END_TIMEOUT_MS)) {
                LOG.warn("Application {} did not end within {} ms; killing it", applicationId, END_TIMEOUT_MS);
                kill();
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not end application {} cleanly ({}); killing it", applicationId, e.toString());
            kill();
        } finally {
            if (client != null) {
                client.close();
            }
            planning.catalog().close();
            removeStaging();
            yarn.stop();
        }
    }

    private boolean awaitEnd(long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            ApplicationReport report = report();
            if (report == null || ENDED.contains(report.getYarnApplicationState())) {
                return true;
            }
            sleep(REPORT_INTERVAL_MS);
        }
        return false;
    }

    /** Kills the application (Ctrl-C, or a driver that does not end) and removes its staging files. */
    private void kill() {
        try {
            ApplicationReport report = report();
            if (report != null && !ENDED.contains(report.getYarnApplicationState())) {
                yarn.killApplication(applicationId);
                messages.accept("Killed application " + applicationId);
            }
        } catch (YarnException | IOException | RuntimeException e) {
            LOG.warn("Could not kill application {}: {}", applicationId, e.toString());
        }
        removeStaging();
    }

    private void removeStaging() {
        try {
            fs.delete(staging, true);
        } catch (IOException e) {
            LOG.warn("Could not remove the staging directory {}: {}", staging, e.toString());
        }
    }

    private ApplicationReport report() {
        try {
            return yarn.getApplicationReport(applicationId);
        } catch (YarnException | IOException | RuntimeException e) {
            return null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryExecutionException("Interrupted while waiting for the YARN application", e);
        }
    }
}
