package io.arbalest.am.dev;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * HDFS and YARN on loopback in this JVM (MiniDFSCluster with one DataNode, MiniYARNCluster with
 * NodeManagers), for trying {@code --master yarn} on one machine and for the YARN tests. It
 * writes core-site.xml, hdfs-site.xml and yarn-site.xml into {@code DIR/conf}, so that
 * {@code HADOOP_CONF_DIR=DIR/conf} points clients at it.
 *
 * <p>Containers see the Hadoop jars this JVM has (the shaded client) as the cluster's
 * {@code yarn.application.classpath}, as a real cluster puts its own jars there, and this
 * JVM's Java as their JAVA_HOME.
 */
public final class DevCluster implements AutoCloseable {
    /** Memory each NodeManager offers containers, unless said otherwise. */
    public static final int DEFAULT_NODE_MANAGER_MEMORY_MB = 4096;
    private static final int NODE_MANAGER_VCORES = 4;
    /** Classes whose jars make up the Hadoop classpath of containers; logging included, as a cluster has it. */
    private static final List<String> HADOOP_CLASSPATH_CLASSES = List.of(
            "org.apache.hadoop.conf.Configuration",                              // hadoop-client-api
            "org.apache.hadoop.shaded.com.google.common.base.Preconditions",     // hadoop-client-runtime
            "org.apache.commons.logging.LogFactory",
            "org.slf4j.Logger",
            "org.slf4j.simple.SimpleLogger");

    private final MiniDFSCluster hdfs;
    private final MiniYARNCluster yarn;
    private final Path configDirectory;
    private final Configuration configuration;

    private DevCluster(MiniDFSCluster hdfs, MiniYARNCluster yarn, Path configDirectory, Configuration configuration) {
        this.hdfs = hdfs;
        this.yarn = yarn;
        this.configDirectory = configDirectory;
        this.configuration = configuration;
    }

    /** Starts HDFS and YARN with {@code nodeManagers} NodeManagers, keeping their files under {@code directory}. */
    public static DevCluster start(Path directory, int nodeManagers) {
        return start(directory, nodeManagers, DEFAULT_NODE_MANAGER_MEMORY_MB);
    }

    /** As {@link #start(Path, int)}, each NodeManager offering {@code nodeManagerMemoryMb} to containers. */
    public static DevCluster start(Path directory, int nodeManagers, int nodeManagerMemoryMb) {
        return start(directory, nodeManagers, nodeManagerMemoryMb, List.of());
    }

    /**
     * As {@link #start(Path, int, int)}, with {@code clusterJars} first on the containers'
     * classpath, before the Hadoop client: the jars a real cluster's classpath holds.
     */
    public static DevCluster start(Path directory, int nodeManagers, int nodeManagerMemoryMb, List<String> clusterJars) {
        try {
            Files.createDirectories(directory);
            Configuration hdfsConf = new Configuration();
            hdfsConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, directory.resolve("hdfs").toAbsolutePath().toString());
            hdfsConf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
            hdfsConf.set("dfs.namenode.http-address", "127.0.0.1:0");
            hdfsConf.set("dfs.datanode.address", "127.0.0.1:0");
            hdfsConf.set("dfs.datanode.http.address", "127.0.0.1:0");
            hdfsConf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
            hdfsConf.setBoolean("dfs.permissions.enabled", true);
            MiniDFSCluster hdfs = new MiniDFSCluster.Builder(hdfsConf).numDataNodes(1).build();
            try {
                hdfs.waitActive();
                Path confDirectory = directory.resolve("conf").toAbsolutePath();
                writeLogConfiguration(confDirectory);
                Configuration conf = new YarnConfiguration(hdfs.getConfiguration(0));
                configureYarn(conf, nodeManagerMemoryMb, confDirectory, clusterJars);
                // MiniYARNCluster keeps its NodeManagers' directories under this (relative to the working directory otherwise).
                System.setProperty("test.build.data", directory.resolve("yarn").toAbsolutePath().toString());
                MiniYARNCluster yarn = new MiniYARNCluster("arbalest-dev", nodeManagers, 1, 1);
                yarn.init(conf);
                yarn.start();
                Configuration clusterConf = new YarnConfiguration(yarn.getConfig());
                clusterConf.set("fs.defaultFS", "hdfs://127.0.0.1:" + hdfs.getNameNodePort());
                writeConfiguration(clusterConf, confDirectory);
                return new DevCluster(hdfs, yarn, confDirectory, clusterConf);
            } catch (RuntimeException | IOException e) {
                hdfs.shutdown();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the dev cluster in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a real AM and its containers need on a mini cluster: the capacity scheduler's default
     * queue at 100%, NodeManager memory set through yarn.minicluster.*, a small minimum allocation,
     * a lenient disk-health check, fast heartbeats, and log aggregation (without it each
     * NodeManager takes 12-17 s to stop).
     */
    private static void configureYarn(Configuration conf, int nodeManagerMemoryMb, Path confDirectory,
            List<String> clusterJars) {
        conf.set("yarn.resourcemanager.hostname", "127.0.0.1");
        conf.set("yarn.nodemanager.hostname", "127.0.0.1");
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
        conf.setInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", nodeManagerMemoryMb);
        conf.setInt(YarnConfiguration.NM_VCORES, NODE_MANAGER_VCORES);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 64);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, nodeManagerMemoryMb);
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.0f);
        conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 100);
        conf.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, true);
        conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 2);
        // A JDK 17 JVM reserves gigabytes of address space; the virtual memory check would kill it.
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.YARN_MINICLUSTER_FIXED_PORTS, false);
        // As a cluster's: its configuration directory (log4j.properties) first, then its jars.
        List<String> classpath = new ArrayList<>(List.of(confDirectory.toString()));
        classpath.addAll(clusterJars);
        classpath.addAll(hadoopClasspath());
        conf.set(YarnConfiguration.YARN_APPLICATION_CLASSPATH, String.join(",", classpath));
        conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + System.getProperty("java.home"));
    }

    /** The jars of this JVM that hold Hadoop's client and logging: what containers get as the cluster's jars. */
    public static Set<String> hadoopClasspath() {
        Set<String> jars = new LinkedHashSet<>();
        for (String name : HADOOP_CLASSPATH_CLASSES) {
            try {
                CodeSource source = Class.forName(name, false, DevCluster.class.getClassLoader())
                        .getProtectionDomain().getCodeSource();
                if (source == null) {
                    throw new IllegalStateException("The dev cluster needs " + name + " in a jar on its classpath");
                }
                jars.add(Path.of(source.getLocation().toURI()).toString());
            } catch (ClassNotFoundException | URISyntaxException e) {
                throw new IllegalStateException("The dev cluster needs " + name + " on its classpath", e);
            }
        }
        return jars;
    }

    /** What a cluster's HADOOP_CONF_DIR has for containers whose classpath binds SLF4J to log4j: INFO to stderr. */
    private static void writeLogConfiguration(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("log4j.properties"), String.join("\n",
                "log4j.rootLogger=INFO,console",
                "log4j.appender.console=org.apache.log4j.ConsoleAppender",
                "log4j.appender.console.target=System.err",
                "log4j.appender.console.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.console.layout.ConversionPattern=%d{ISO8601} %p %c{2}: %m%n", ""));
    }

    private static void writeConfiguration(Configuration conf, Path directory) throws IOException {
        Files.createDirectories(directory);
        // The mini cluster's topology script class is not on a client's classpath.
        conf.unset("net.topology.node.switch.mapping.impl");
        // Every file holds every setting: a client that reads any of them sees the whole cluster.
        for (String file : List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml")) {
            try (OutputStream out = Files.newOutputStream(directory.resolve(file))) {
                conf.writeXml(out);
            }
        }
    }

    /** The cluster's client configuration (HDFS and the ResourceManager), as written to {@link #configDirectory}. */
    public Configuration configuration() {
        return new Configuration(configuration);
    }

    public Path configDirectory() {
        return configDirectory;
    }

    public String defaultFs() {
        return configuration.get("fs.defaultFS");
    }

    /** The mini YARN cluster, for tests that inspect the ResourceManager and NodeManagers. */
    public MiniYARNCluster yarn() {
        return yarn;
    }

    @Override
    public void close() {
        try {
            yarn.stop();
        } finally {
            hdfs.shutdown();
        }
    }
}
