package io.arbalest.am.driver;

import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.error.ConfigException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where queries run, parsed from {@code --master}: {@code local[N]} is N task slots in this
 * JVM; {@code local-cluster[N,cores,memoryMB]} is N executor processes on this machine with
 * that many task slots and megabytes of heap each (as Spark's local-cluster); {@code yarn} is an
 * application on the YARN cluster of HADOOP_CONF_DIR with arbalest.executor.* containers.
 *
 * @param slots task slots in all
 * @param executors executor processes; 0 in local mode
 * @param executorMemoryMb local-cluster: an executor's heap; yarn: its whole container
 */
public record Master(int slots, int executors, int executorCores, int executorMemoryMb, boolean yarn) {
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|\\d+)])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]");
    /** The least heap an executor process starts with. */
    private static final int MIN_EXECUTOR_MEMORY_MB = 128;
    /** The least container an executor runs in on YARN: its JVM overhead alone takes 384 MB. */
    private static final int MIN_YARN_EXECUTOR_MEMORY_MB = 768;

    /** The master arbalest.master names, with arbalest.executor.* for yarn. */
    public static Master of(ArbalestConfig config) {
        String text = config.get(ArbalestConfig.MASTER).trim();
        if (!text.equals("yarn")) {
            return parse(text);
        }
        int executors = config.getInt(ArbalestConfig.EXECUTOR_INSTANCES);
        int cores = config.getInt(ArbalestConfig.EXECUTOR_CORES);
        long memoryMb = config.getLong(ArbalestConfig.EXECUTOR_MEMORY) >> 20;
        if (memoryMb < MIN_YARN_EXECUTOR_MEMORY_MB || memoryMb > Integer.MAX_VALUE) {
            throw new ConfigException(ArbalestConfig.EXECUTOR_MEMORY.name() + " (--executor-memory) must be at least "
                    + MIN_YARN_EXECUTOR_MEMORY_MB + "m, but is '" + config.get(ArbalestConfig.EXECUTOR_MEMORY) + "'.");
        }
        return new Master(executors * cores, executors, cores, (int) memoryMb, true);
    }

    static Master parse(String text) {
        Matcher cluster = LOCAL_CLUSTER.matcher(text.trim());
        if (cluster.matches()) {
            int executors = Integer.parseInt(cluster.group(1));
            int cores = Integer.parseInt(cluster.group(2));
            int memory = Integer.parseInt(cluster.group(3));
            if (executors < 1 || cores < 1 || memory < MIN_EXECUTOR_MEMORY_MB) {
                throw new ConfigException("local-cluster[N,cores,memoryMB] needs N and cores of at least 1 and memoryMB "
                        + "of at least " + MIN_EXECUTOR_MEMORY_MB + ", but got '" + text + "'.");
            }
            return new Master(executors * cores, executors, cores, memory, false);
        }
        Matcher matcher = LOCAL.matcher(text.trim());
        if (!matcher.matches()) {
            throw new ConfigException("Unknown master '" + text + "'. Use local, local[N], local[*], "
                    + "local-cluster[N,cores,memoryMB] or yarn.");
        }
        String slots = matcher.group(2);
        if (slots == null || slots.equals("*")) {
            return local(Runtime.getRuntime().availableProcessors());
        }
        int count = Integer.parseInt(slots);
        if (count < 1) {
            throw new ConfigException("local[N] needs N of at least 1, but got '" + text + "'.");
        }
        return local(count);
    }

    public static Master local(int slots) {
        return new Master(slots, 0, 0, 0, false);
    }

    /** True when queries run in executor processes rather than in this JVM. */
    public boolean distributed() {
        return executors > 0;
    }
}
