package io.arbalest.am.yarn;

import io.arbalest.am.cluster.ClusterDriver;
import io.arbalest.executor.process.ContainerFiles;
import io.arbalest.planner.catalog.Catalogs;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.error.ArbalestException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The main class of the ApplicationMaster container: runs the driver ({@link ClusterDriver}) with
 * executors in YARN containers, serves the submitting client until it says it is done (or is
 * not heard from for arbalest.yarn.client-timeout), then stops the executors and unregisters,
 * FAILED with the client's last query error as the diagnostic when that query failed.
 */
public final class ApplicationMaster {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationMaster.class);
    private static final long CLIENT_CHECK_INTERVAL_MS = 1_000;

    private ApplicationMaster() {
    }

    /** {@code [--warehouse W]}: without one, queries read files by path only (a DataFrame session). */
    public static void main(String[] args) throws IOException {
        if (args.length != 0 && (args.length != 2 || !args[0].equals("--warehouse"))) {
            throw new IllegalArgumentException("usage: ApplicationMaster [--warehouse WAREHOUSE]");
        }
        String warehouse = args.length == 0 ? "" : args[1];
        Configuration conf = new YarnConfiguration(ContainerFiles.hadoopConfiguration());
        ArbalestConfig config = ArbalestConfig.of(settings());
        String host = ContainerFiles.nodeManagerHost("127.0.0.1");
        FileSystem fs = FileSystem.get(conf);
        AtomicReference<ClusterDriver> running = new AtomicReference<>();
        YarnExecutorLauncher launcher = new YarnExecutorLauncher(conf, executorSpec(fs, conf, config, warehouse),
                config.getInt(ArbalestConfig.YARN_MAX_EXECUTOR_FAILURES), () -> {
                    ClusterDriver driver = running.get();
                    if (driver != null) {
                        driver.session().finish();
                    }
                });
        FinalApplicationStatus status = FinalApplicationStatus.FAILED;
        String diagnostics;
        try {
            ClusterDriver driver = ClusterDriver.start(config, Catalogs.open(config, warehouse, conf), conf, host,
                    (directory, port, onExit) -> {
                        launcher.register(host, port, onExit);
                        return launcher;
                    });
            running.set(driver);
            LOG.info("ApplicationMaster ready: driver at {}:{}", host, driver.port());
            try {
                diagnostics = serve(driver, config.getLong(ArbalestConfig.YARN_CLIENT_TIMEOUT),
                        config.getLong(ArbalestConfig.YARN_EXECUTOR_IDLE_TIMEOUT));
                if (diagnostics.isEmpty()) {
                    status = FinalApplicationStatus.SUCCEEDED;
                }
            } finally {
                driver.close();
            }
        } catch (ArbalestException e) {
            diagnostics = e.describe();
            LOG.error("The application failed: {}", diagnostics);
        } catch (RuntimeException | InterruptedException e) {
            diagnostics = "Internal error: " + e;
            LOG.error("The application failed", e);
        }
        LOG.info("Unregistering with final status {}{}", status, diagnostics.isEmpty() ? "" : ": " + diagnostics);
        try {
            launcher.finish(status, diagnostics);
        } finally {
            removeStagingDirectory(fs);
        }
        System.exit(0);
    }

    /** Waits for the client to finish, giving idle executors back meanwhile; the diagnostic of a failure, or empty. */
    private static String serve(ClusterDriver driver, long clientTimeoutMs, long idleTimeoutMs)
            throws InterruptedException {
        while (!driver.session().awaitFinish(CLIENT_CHECK_INTERVAL_MS)) {
            if (idleTimeoutMs > 0) {
                int released = driver.releaseIdleExecutors(idleTimeoutMs);
                if (released > 0) {
                    LOG.info("Gave back {} executors idle for {} ms", released, idleTimeoutMs);
                }
            }
            if (driver.session().millisSinceContact() > clientTimeoutMs && driver.busyExecutors().isEmpty()) {
                return "The client was not heard from for " + clientTimeoutMs + " ms ("
                        + ArbalestConfig.YARN_CLIENT_TIMEOUT.name() + "); it may have died.";
            }
        }
        return driver.session().lastFailure().orElse("");
    }

    private static Map<String, String> settings() throws IOException {
        Properties properties = new Properties();
        java.nio.file.Path file = java.nio.file.Path.of(ContainerFiles.SETTINGS);
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }

    /** The executors get the same assembly (cached by NodeManagers) and Hadoop configuration as this container. */
    private static YarnExecutorLauncher.ContainerSpec executorSpec(FileSystem fs, Configuration conf,
            ArbalestConfig config, String warehouse) throws IOException {
        Map<String, LocalResource> resources = new HashMap<>();
        resources.put(ContainerFiles.JAR, Containers.resource(fs, new Path(requiredEnv(Containers.JAR_PATH_ENV)),
                LocalResourceVisibility.PUBLIC));
        Path staging = new Path(requiredEnv(Containers.STAGING_DIR_ENV));
        resources.put(ContainerFiles.HADOOP_CONFIGURATION, Containers.resource(fs,
                new Path(staging, ContainerFiles.HADOOP_CONFIGURATION), LocalResourceVisibility.APPLICATION));
        List<String> hosts;
        try {
            hosts = warehouse.isEmpty() ? List.of()
                    : BlockHosts.of(warehouse, conf, config.getInt(ArbalestConfig.EXECUTOR_INSTANCES));
        } catch (IOException | RuntimeException e) {
            LOG.warn("No block locations for {}: {}; executors go anywhere", warehouse, e.toString());
            hosts = List.of();
        }
        LOG.info("Preferred executor hosts (most warehouse bytes): {}", hosts);
        return new YarnExecutorLauncher.ContainerSpec(resources,
                Containers.environment(conf, config.get(ArbalestConfig.YARN_JAVA_HOME)),
                hosts.isEmpty() ? null : hosts.toArray(String[]::new));
    }

    private static void removeStagingDirectory(FileSystem fs) {
        String staging = System.getenv(Containers.STAGING_DIR_ENV);
        try {
            if (staging != null) {
                fs.delete(new Path(staging), true);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove the staging directory {}: {}", staging, e.toString());
        }
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("The ApplicationMaster's environment lacks " + name
                    + "; it is started by the Arbalest client (--master yarn), not by hand.");
        }
        return value;
    }
}
