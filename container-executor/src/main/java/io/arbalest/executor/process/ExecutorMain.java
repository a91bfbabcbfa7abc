package io.arbalest.executor.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The main class of an executor process. The driver's launcher builds its command line with
 * {@link #command}; it runs until the driver tells it to stop or goes away.
 */
public final class ExecutorMain {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorMain.class);

    /**
     * Flags every JVM that touches Arrow memory needs on JDK 17 (without java.nio opened, Arrow
     * fails with "sun.misc.Unsafe or java.nio.DirectByteBuffer.<init>(long, int) not available"),
     * and the engine's Arrow settings.
     */
    public static final List<String> JVM_FLAGS = List.of(
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-Darrow.enable_unsafe_memory_access=true",
            "-Darrow.enable_null_check_for_get=false");

    private ExecutorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ExecutorOptions options = parse(args);
        Executor executor;
        try {
            executor = Executor.start(options, ContainerFiles.hadoopConfiguration());
        } catch (RuntimeException e) {
            LOG.error("Executor {} could not start", options.executorId(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(executor::close, "executor-shutdown"));
        executor.awaitStop();
        System.exit(0);
    }

    /**
     * The command that starts an executor: {@code java} of {@code javaHome} with the Arrow flags,
     * {@code heapMb} of heap and {@code classpath}.
     */
    public static List<String> command(Path javaHome, String classpath, int heapMb, ExecutorOptions options) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-Xmx" + heapMb + "m");
        command.add("-cp");
        command.add(classpath);
        command.add(ExecutorMain.class.getName());
        command.addAll(List.of("--executor-id", options.executorId(), "--host", options.host(),
                "--driver", options.driverHost() + ":" + options.driverPort(),
                "--slots", Integer.toString(options.slots()),
                "--memory", Long.toString(options.memoryBytes()),
                "--dir", options.directory().toString()));
        return command;
    }

    static ExecutorOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        String driver = required(values, "driver");
        int colon = driver.lastIndexOf(':');
        String executorId = required(values, "executor-id");
        // In a YARN container the host and the shuffle directory come from the NodeManager.
        String host = values.containsKey("host") ? values.get("host") : ContainerFiles.nodeManagerHost(null);
        Path directory = values.containsKey("dir") ? Path.of(values.get("dir"))
                : requireNonNull(ContainerFiles.localDirectory(null), "missing --dir").resolve("arbalest-" + executorId);
        return new ExecutorOptions(executorId, requireNonNull(host, "missing --host"),
                driver.substring(0, colon), Integer.parseInt(driver.substring(colon + 1)),
                Integer.parseInt(required(values, "slots")), Long.parseLong(values.getOrDefault("memory", "0")),
                directory);
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }
}
