package io.arbalest.executor.process;

import org.apache.hadoop.conf.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files a YARN container of Arbalest finds in its working directory, localized from the
 * application's staging directory, and what the container's environment says.
 */
public final class ContainerFiles {
    /** The assembly jar. */
    public static final String JAR = "arbalest.jar";
    /** The submitting client's Hadoop configuration: how to reach HDFS and the ResourceManager. */
    public static final String HADOOP_CONFIGURATION = "arbalest-hadoop.xml";
    /** The session's Arbalest settings (arbalest.* keys), as Java properties. */
    public static final String SETTINGS = "arbalest.properties";

    private ContainerFiles() {
    }

    /** Hadoop's configuration from the classpath, with the client's shipped one on top when there is one. */
    public static Configuration hadoopConfiguration() {
        Configuration conf = new Configuration();
        Path shipped = Path.of(HADOOP_CONFIGURATION);
        if (Files.isRegularFile(shipped)) {
            conf.addResource(new org.apache.hadoop.fs.Path(shipped.toAbsolutePath().toUri()));
        }
        return conf;
    }

    /** The host name the NodeManager gives its containers, when this process is one. */
    public static String nodeManagerHost(String otherwise) {
        String host = System.getenv("NM_HOST");
        return host == null || host.isBlank() ? otherwise : host;
    }

    /** The first of the container's local directories (YARN deletes them with the application), when this process is one. */
    public static Path localDirectory(Path otherwise) {
        String dirs = System.getenv("LOCAL_DIRS");
        return dirs == null || dirs.isBlank() ? otherwise : Path.of(dirs.split(",")[0]);
    }
}
