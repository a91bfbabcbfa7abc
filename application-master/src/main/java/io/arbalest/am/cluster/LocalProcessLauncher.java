package io.arbalest.am.cluster;

import io.arbalest.executor.process.ExecutorMain;
import io.arbalest.executor.process.ExecutorOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * local-cluster: executors as JVM processes on this machine, started with this JVM's java and
 * classpath. Each writes its log to {@code WORK/executor-N.log} and keeps shuffle files under
 * {@code WORK/executor-N/}; an executor that ends is reported with the end of its log.
 */
final class LocalProcessLauncher implements ExecutorLauncher {
    private static final int LOG_TAIL_LINES = 5;

    private final Path workDirectory;
    private final BiConsumer<String, String> onExit;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Set<String> retired = ConcurrentHashMap.newKeySet();
    private int started;
    private volatile boolean closing;

    LocalProcessLauncher(Path workDirectory, BiConsumer<String, String> onExit) {
        this.workDirectory = workDirectory;
        this.onExit = onExit;
    }

    @Override
    public synchronized void launch(int count, int cores, int memoryMb, String driverHost, int driverPort) {
        Path javaHome = Path.of(System.getProperty("java.home"));
        String classpath = System.getProperty("java.class.path");
        for (int i = 0; i < count; i++) {
            String id = "executor-" + (++started);
            ExecutorOptions options = new ExecutorOptions(id, "127.0.0.1", driverHost, driverPort, cores,
                    0, workDirectory.resolve(id)); // 0: the executor's default share of its heap
            Path log = workDirectory.resolve(id + ".log");
            ProcessBuilder builder = new ProcessBuilder(ExecutorMain.command(javaHome, classpath, memoryMb, options))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            try {
                Process process = builder.start();
                processes.put(id, process);
                process.onExit().thenAccept(p -> {
                    if (!closing && !retired.contains(id)) {
                        onExit.accept(id, "its process exited with code " + p.exitValue() + logTail(log));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start executor " + id + ": " + e.getMessage(), e);
            }
        }
    }

    /** The last lines of an executor's log, which the work directory's removal would take with it. */
    private static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) {
                return "";
            }
            return "; its log ends with:\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES),
                    lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    @Override
    public synchronized void retire(String executorId) {
        retired.add(executorId);
        Process process = processes.remove(executorId);
        if (process != null) {
            process.destroy();
        }
    }

    /** The process of an executor (tests kill it). */
    synchronized ProcessHandle process(String executorId) {
        return processes.get(executorId).toHandle();
    }

    @Override
    public synchronized void close() {
        closing = true;
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
