package io.arbalest.am.dev;

import io.arbalest.planner.catalog.Catalogs;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.error.ConfigException;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Hive Metastore (hive-standalone-metastore-server, embedded Derby) in a JVM of its own on
 * loopback, for the dev cluster and the tests. Its own JVM because its libraries (an old gRPC and
 * Jackson, Hadoop 3.3) would break Arrow Flight in ours, and because it has no clean stop:
 * {@link #close} ends the process. Its jars are application-master/metastore/target/lib, found
 * through the system property {@value #LIB_PROPERTY} or next to this checkout's build.
 */
public final class MetastoreServer implements AutoCloseable {
    public static final String LIB_PROPERTY = "arbalest.metastore.lib";
    private static final long START_TIMEOUT_MS = 120_000;

    private final Process process;
    private final String uri;
    private final Path log;

    private MetastoreServer(Process process, String uri, Path log) {
        this.process = process;
        this.uri = uri;
        this.log = log;
    }

    /**
     * Starts a metastore whose Derby database and log are under {@code directory} and whose managed
     * tables go under {@code warehouse} (a file:// or hdfs:// URI); {@code hadoop} are settings its
     * file system access needs (fs.defaultFS of the dev cluster). Waits until it answers calls.
     */
    public static MetastoreServer start(Path directory, String warehouse, Map<String, String> hadoop) {
        Path lib = lib();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RuntimeException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                return launch(directory, warehouse, hadoop, lib, port);
            } catch (PortTakenException e) {
                last = e; // another process took the port between our check and its bind: try another
            }
        }
        throw last;
    }

    private static MetastoreServer launch(Path directory, String warehouse, Map<String, String> hadoop, Path lib,
            int port) {
        Path log = directory.resolve("metastore.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m",
                "-Dderby.stream.error.file=" + directory.resolve("derby.log"),
                "-cp", lib.resolve("*").toString(),
                "org.apache.hadoop.hive.metastore.HiveMetaStore", "-p", String.valueOf(port)));
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("javax.jdo.option.ConnectionURL",
                "jdbc:derby:;databaseName=" + directory.resolve("metastore_db").toAbsolutePath() + ";create=true");
        settings.put("datanucleus.schema.autoCreateAll", "true");
        settings.put("metastore.schema.verification", "false");
        settings.put("metastore.warehouse.dir", warehouse);
        settings.put("metastore.warehouse.external.dir", warehouse);
        settings.put("metastore.thrift.bind.host", "127.0.0.1");
        settings.put("hive.metastore.event.db.notification.api.auth", "false");
        settings.putAll(hadoop);
        settings.forEach((key, value) -> {
            command.add("--hiveconf");
            command.add(key + "=" + value);
        });
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Hive Metastore: " + e.getMessage(), e);
        }
        MetastoreServer server = new MetastoreServer(process, "thrift://127.0.0.1:" + port, log);
        try {
            server.awaitReady();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Polls with a real call until the metastore answers, its process ends, or the timeout passes. */
    private void awaitReady() {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        ArbalestConfig config = ArbalestConfig.defaults().with(ArbalestConfig.CATALOG, "hive")
                .with(ArbalestConfig.HIVE_METASTORE_URIS, uri).with(ArbalestConfig.HIVE_METASTORE_ATTEMPTS, "1")
                .with(ArbalestConfig.HIVE_METASTORE_TIMEOUT, "10000");
        while (true) {
            if (!process.isAlive()) {
                String tail = tail();
                if (tail.contains("Address already in use")) {
                    throw new PortTakenException();
                }
                throw new IllegalStateException("The Hive Metastore stopped while starting (exit " + process.exitValue()
                        + "); the end of its log " + log + ":\n" + tail);
            }
            try (io.arbalest.planner.catalog.Catalog catalog = Catalogs.open(config, "", new Configuration())) {
                catalog.databases();
                return;
            } catch (RuntimeException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("The Hive Metastore did not answer within " + START_TIMEOUT_MS / 1000
                            + " s; its log: " + log, notYet);
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the Hive Metastore started", e);
            }
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The metastore's address, for hive.metastore.uris. */
    public String uri() {
        return uri;
    }

    /** Writes {@code hive-site.xml} naming this metastore into a client configuration directory. */
    public void writeHiveSite(Path configDirectory) {
        Configuration site = new Configuration(false);
        site.set(Catalogs.HIVE_METASTORE_URIS, uri);
        try (OutputStream out = Files.newOutputStream(configDirectory.resolve("hive-site.xml"))) {
            site.writeXml(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The metastore server's jars: {@value #LIB_PROPERTY}, else application-master/metastore/target/lib of this build. */
    static Path lib() {
        String property = System.getProperty(LIB_PROPERTY);
        if (property != null && !property.isEmpty()) {
            return requireJars(Path.of(property));
        }
        try {
            Path code = Path.of(MetastoreServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/classes or target/arbalest-application-master-*.jar, in application-master/
            for (Path dir = code; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("metastore").resolve("target").resolve("lib");
                if (Files.isDirectory(candidate)) {
                    return requireJars(candidate);
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the error below
        }
        throw new ConfigException("The Hive Metastore's jars are not built: run mvn -q install -DskipTests in the "
                + "checkout (they go to application-master/metastore/target/lib), or set -D" + LIB_PROPERTY + "=DIR.");
    }

    private static Path requireJars(Path lib) {
        if (!Files.isDirectory(lib)) {
            throw new ConfigException("No Hive Metastore jars in " + lib + " (" + LIB_PROPERTY + ").");
        }
        return lib;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class PortTakenException extends RuntimeException {
        PortTakenException() {
            super("the metastore's port was taken");
        }
    }
}
