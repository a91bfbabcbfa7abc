package io.arbalest.am.cli;

import io.arbalest.am.dev.DevCluster;
import io.arbalest.am.dev.MetastoreServer;
import io.arbalest.planner.error.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * `arbalest dev-cluster`: HDFS and YARN on loopback until SIGINT/SIGTERM, for trying
 * {@code --master yarn} on one machine. Needs the mini-cluster jars, which bin/arbalest adds for
 * this command from a built checkout; the assembly shipped to clusters does not hold them.
 */
@Command(name = "dev-cluster", mixinStandardHelpOptions = true,
        description = "Run HDFS, YARN (2 NodeManagers) and a Hive Metastore on loopback until interrupted; prints "
                + "'ready: HADOOP_CONF_DIR=DIR/conf fs.defaultFS=... hive.metastore.uris=...' when up.")
final class DevClusterCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "Directory for the cluster's files and its conf/.")
    Path directory;

    @Option(names = "--node-managers", defaultValue = "2", description = "NodeManagers (default: ${DEFAULT-VALUE}).")
    int nodeManagers;

    @Option(names = "--node-manager-memory", defaultValue = "4096",
            description = "Megabytes each NodeManager offers containers (default: ${DEFAULT-VALUE}).")
    int nodeManagerMemoryMb;

    @Option(names = "--metastore", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also run a Hive Metastore (embedded Derby under DIR/metastore, managed tables in "
                    + "hdfs:///user/hive/warehouse) and write DIR/conf/hive-site.xml; --no-metastore leaves it out.")
    boolean metastore;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        try {
            Class.forName("org.apache.hadoop.yarn.server.MiniYARNCluster", false, getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException("dev-cluster needs the Hadoop mini-cluster jars, which the assembly does not "
                    + "ship: run it from a built checkout with bin/arbalest (they are in application-master/target/dev-lib).");
        }
        PrintWriter out = spec.commandLine().getOut();
        // Jersey's per-request INFO lines (java.util.logging) would bury the ready line.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        if (nodeManagers < 1 || nodeManagerMemoryMb < 1024) {
            throw new ConfigException("dev-cluster needs at least 1 NodeManager (--node-managers) of at least 1024 MB "
                    + "(--node-manager-memory).");
        }
        DevCluster cluster = DevCluster.start(directory.toAbsolutePath(), nodeManagers, nodeManagerMemoryMb);
        MetastoreServer hive = null;
        if (metastore) {
            try {
                hive = MetastoreServer.start(directory.toAbsolutePath().resolve("metastore"),
                        cluster.defaultFs() + "/user/hive/warehouse", java.util.Map.of("fs.defaultFS", cluster.defaultFs()));
                hive.writeHiveSite(cluster.configDirectory());
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        }
        MetastoreServer started = hive;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (started != null) {
                    started.close();
                }
            } finally {
                cluster.close();
                stopped.countDown();
            }
        }, "dev-cluster-stop"));
        out.println("ready: HADOOP_CONF_DIR=" + cluster.configDirectory() + " fs.defaultFS=" + cluster.defaultFs()
                + (started == null ? "" : " hive.metastore.uris=" + started.uri()));
        out.flush();
        stopped.await();
        return 0;
    }
}
