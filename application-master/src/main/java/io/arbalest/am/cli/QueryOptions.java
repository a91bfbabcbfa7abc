package io.arbalest.am.cli;

import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.config.ConfigKey;
import io.arbalest.planner.error.ConfigException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options shared by the commands that run or explain a query. */
final class QueryOptions {
    @Option(names = "--master", description = "Where to run: local, local[N], local[*], "
            + "local-cluster[N,cores,memoryMB] (N executor processes on this machine) or yarn (an application on the "
            + "cluster of HADOOP_CONF_DIR) (default: ${DEFAULT-VALUE}).", defaultValue = "local[*]")
    String master;

    @Option(names = "--num-executors", description = "yarn: executor containers (arbalest.executor.instances, default 2).")
    String numExecutors;

    @Option(names = "--executor-memory", description = "yarn: memory of one executor container, e.g. 2g "
            + "(arbalest.executor.memory).")
    String executorMemory;

    @Option(names = "--executor-cores", description = "yarn: vcores and task slots of one executor "
            + "(arbalest.executor.cores, default 1).")
    String executorCores;

    @Option(names = "--queue", description = "yarn: the queue to submit to (arbalest.yarn.queue, default 'default').")
    String queue;

    @Option(names = "--am-memory", description = "yarn: memory of the ApplicationMaster's container, e.g. 1g "
            + "(arbalest.yarn.am.memory).")
    String amMemory;

    @Option(names = "--warehouse", required = true, description = "Directory (local path, file://, hdfs://) whose "
            + "sub-directories are tables of Parquet or CSV files.")
    String warehouse;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Query query;

    @Option(names = "--conf", description = "A configuration key=value (see docs/configuration.md); repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    static final class Query {
        @Option(names = {"-e", "--execute"}, description = "The SQL text to run.")
        String sql;

        @Option(names = {"-f", "--file"}, description = "A file holding the SQL to run.")
        Path file;
    }

    String sql() {
        if (query.sql != null) {
            return query.sql;
        }
        try {
            return Files.readString(query.file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("SQL file '" + query.file + "' does not exist.");
        } catch (IOException e) {
            throw new ConfigException("Cannot read SQL file '" + query.file + "': " + e.getMessage());
        }
    }

    ArbalestConfig config() {
        Map<String, String> values = new LinkedHashMap<>(conf);
        values.put(ArbalestConfig.MASTER.name(), master);
        putIfSet(values, ArbalestConfig.EXECUTOR_INSTANCES, numExecutors);
        putIfSet(values, ArbalestConfig.EXECUTOR_MEMORY, executorMemory);
        putIfSet(values, ArbalestConfig.EXECUTOR_CORES, executorCores);
        putIfSet(values, ArbalestConfig.YARN_QUEUE, queue);
        putIfSet(values, ArbalestConfig.YARN_AM_MEMORY, amMemory);
        return ArbalestConfig.of(values);
    }

    private static void putIfSet(Map<String, String> values, ConfigKey key, String value) {
        if (value != null) {
            values.put(key.name(), value);
        }
    }
}
