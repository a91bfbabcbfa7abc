package io.arbalest.am.yarn;

import io.arbalest.executor.process.ContainerFiles;
import io.arbalest.executor.process.ExecutorMain;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the ApplicationMaster's and the executors' containers have in common: files, environment, java command. */
final class Containers {
    /** Environment of the ApplicationMaster: the assembly's path on the cluster's file system. */
    static final String JAR_PATH_ENV = "ARBALEST_JAR_PATH";
    /** Environment of the ApplicationMaster: the application's staging directory, which it removes at the end. */
    static final String STAGING_DIR_ENV = "ARBALEST_STAGING_DIR";

    private Containers() {
    }

    /** A file of a Hadoop file system, as the NodeManager downloads it into a container. */
    static LocalResource resource(FileSystem fs, Path path, LocalResourceVisibility visibility) throws IOException {
        FileStatus status = fs.getFileStatus(path);
        return LocalResource.newInstance(URL.fromPath(fs.makeQualified(path)), LocalResourceType.FILE, visibility,
                status.getLen(), status.getModificationTime());
    }

    /**
     * The environment of a container: the cluster's Hadoop jars (yarn.application.classpath)
     * first, as on a real cluster, then the assembly, whose third-party packages are relocated
     * so that they cannot clash; JAVA_HOME when the settings name one.
     */
    static Map<String, String> environment(Configuration conf, String javaHome) {
        List<String> classpath = new ArrayList<>(List.of(conf.getTrimmedStrings(
                YarnConfiguration.YARN_APPLICATION_CLASSPATH,
                YarnConfiguration.DEFAULT_YARN_CROSS_PLATFORM_APPLICATION_CLASSPATH)));
        classpath.add(Environment.PWD.$$() + "/" + ContainerFiles.JAR);
        Map<String, String> environment = new HashMap<>();
        environment.put(Environment.CLASSPATH.name(), String.join(ApplicationConstants.CLASS_PATH_SEPARATOR, classpath));
        if (!javaHome.isEmpty()) {
            environment.put(Environment.JAVA_HOME.name(), javaHome);
        }
        return environment;
    }

    /** {@code java} with the Arrow flags and {@code memory}, running {@code mainClass}; output to the container's log directory. */
    static List<String> javaCommand(ContainerMemory memory, Class<?> mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Environment.JAVA_HOME.$$() + "/bin/java");
        command.addAll(ExecutorMain.JVM_FLAGS);
        command.addAll(memory.jvmOptions());
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add(mainClass.getName());
        for (String argument : arguments) {
            command.add(quote(argument));
        }
        command.add("1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout");
        command.add("2>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr");
        // The NodeManager joins the command into one shell line.
        return List.of(String.join(" ", command));
    }

    /** Single-quotes a shell word (the container's launch script is bash). */
    private static String quote(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}
