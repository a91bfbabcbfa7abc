package io.arbalest.am.yarn;

import io.arbalest.executor.process.ContainerFiles;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.error.ConfigException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The files a YARN application of Arbalest needs on the cluster's file system: the assembly,
 * uploaded once per build into a directory readable by all (PUBLIC, so that NodeManagers cache
 * it across applications and users), and the application's own configuration in a private
 * staging directory that goes when the application ends.
 */
final class Staging {
    /** The manifest attribute that marks the assembly jar (set by the shade plugin's manifest transformer). */
    static final String ASSEMBLY_ATTRIBUTE = "Arbalest-Assembly";
    /** Like /tmp: every user can add a build (and NodeManagers read it), none can remove another's. */
    private static final FsPermission PUBLIC_DIRECTORY = new FsPermission((short) 01777);
    private static final FsPermission PUBLIC_FILE = new FsPermission((short) 0644);
    private static final FsPermission PRIVATE_DIRECTORY = new FsPermission((short) 0700);

    private Staging() {
    }

    /** The assembly jar to ship: arbalest.yarn.jar, or the jar this runs from, or the one built beside it. */
    static java.nio.file.Path assembly(ArbalestConfig config) {
        String configured = config.get(ArbalestConfig.YARN_JAR);
        if (!configured.isEmpty()) {
            java.nio.file.Path jar = java.nio.file.Path.of(configured);
            if (!Files.isRegularFile(jar)) {
                throw new ConfigException(ArbalestConfig.YARN_JAR.name() + " names '" + configured
                        + "', which is not a file.");
            }
            return jar;
        }
        try {
            java.nio.file.Path source = java.nio.file.Path.of(
                    Staging.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(source) && isAssembly(source)) {
                return source;
            }
            // A source checkout: target/classes or target/arbalest-application-master-V.jar, with the assembly in target/.
            try (Stream<java.nio.file.Path> files = Files.list(source.getParent())) {
                return files.filter(f -> f.getFileName().toString().matches("arbalest-\\d.*\\.jar") && isAssembly(f))
                        .findFirst().orElseThrow(() -> noAssembly(source.getParent()));
            }
        } catch (URISyntaxException | IOException | NullPointerException e) {
            throw noAssembly(null);
        }
    }

    private static boolean isAssembly(java.nio.file.Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() != null && file.getManifest().getMainAttributes().getValue(ASSEMBLY_ATTRIBUTE) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static ConfigException noAssembly(java.nio.file.Path searched) {
        return new ConfigException("No Arbalest assembly jar to ship to YARN" + (searched == null ? "" : " in " + searched)
                + ". Build it (mvn package makes application-master/target/arbalest-VERSION.jar) or set "
                + ArbalestConfig.YARN_JAR.name() + ".");
    }

    /**
     * Uploads the assembly into {@code jarsDirectory} unless a jar with the same content is already
     * there, and returns its path; its name carries the content's hash, so a rebuilt jar of the
     * same version is a new file and a cached old one is never run by mistake.
     */
    static Path uploadAssembly(FileSystem fs, java.nio.file.Path jar, String jarsDirectory) throws IOException {
        String version = Staging.class.getPackage().getImplementationVersion();
        Path directory = fs.makeQualified(new Path(jarsDirectory));
        Path target = new Path(directory, "arbalest-" + (version == null ? "dev" : version) + "-"
                + sha256(jar).substring(0, 16) + ".jar");
        if (fs.exists(target) && fs.getFileStatus(target).getLen() == Files.size(jar)) {
            return target;
        }
        mkdirs(fs, directory, PUBLIC_DIRECTORY);
        Path partial = new Path(directory, "." + target.getName() + "." + UUID.randomUUID());
        fs.copyFromLocalFile(false, true, new Path(jar.toAbsolutePath().toUri()), partial);
        fs.setPermission(partial, PUBLIC_FILE);
        if (!fs.rename(partial, target)) {
            fs.delete(partial, false); // another client uploaded the same jar meanwhile
        }
        return target;
    }

    /** Creates {@code directory} and its missing parents with {@code permission}, whatever the umask. */
    private static void mkdirs(FileSystem fs, Path directory, FsPermission permission) throws IOException {
        if (directory == null || fs.exists(directory)) {
            return;
        }
        mkdirs(fs, directory.getParent(), permission);
        fs.mkdirs(directory, permission);
        fs.setPermission(directory, permission);
    }

    /** Creates the application's staging directory with its Hadoop configuration and Arbalest settings. */
    static Path create(FileSystem fs, ArbalestConfig config, Configuration hadoopConf, String applicationId)
            throws IOException {
        String root = config.get(ArbalestConfig.YARN_STAGING_DIRECTORY);
        Path base = root.isEmpty() ? new Path(fs.getHomeDirectory(), ".arbalest-staging") : new Path(root);
        Path staging = fs.makeQualified(new Path(base, applicationId));
        fs.mkdirs(staging, PRIVATE_DIRECTORY);
        Configuration shipped = new Configuration(hadoopConf);
        // A class of the client's (a mini cluster's topology script) that containers do not have.
        shipped.unset("net.topology.node.switch.mapping.impl");
        try (FSDataOutputStream out = fs.create(new Path(staging, ContainerFiles.HADOOP_CONFIGURATION))) {
            shipped.writeXml(out);
        }
        Properties settings = new Properties();
        settings.putAll(config.values());
        try (Writer out = new OutputStreamWriter(fs.create(new Path(staging, ContainerFiles.SETTINGS)),
                StandardCharsets.UTF_8)) {
            settings.store(out, "Arbalest settings of " + applicationId);
        }
        return staging;
    }

    private static String sha256(java.nio.file.Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
