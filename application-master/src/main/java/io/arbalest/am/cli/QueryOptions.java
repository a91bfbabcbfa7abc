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

    @Option(names = "--warehouse", description = "Directory (local path, file://, hdfs://) whose "
            + "sub-directories are tables of Parquet or CSV files (the warehouse catalog).")
    String warehouse;

    @Option(names = "--catalog", description = "Where tables are found: warehouse (the default with --warehouse) or "
            + "hive (the Hive Metastore of hive.metastore.uris in HADOOP_CONF_DIR's hive-site.xml) "
            + "(arbalest.catalog).")
    String catalog;

    @Option(names = "--database", description = "The database unqualified table names resolve in, until USE "
            + "(arbalest.database, default 'default').")
    String database;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Query query;

    @Option(names = "--conf", description = "A configuration key=value (see docs/configuration.md); repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = {"-d", "--define", "--hivevar", "--hiveconf"}, description = "A variable key=value: ${key} (or "
            + "${hivevar:key}, ${hiveconf:key}, ${var:key}) in the SQL is replaced by value before it runs, as in Hive "
            + "and spark-sql; repeatable.")
    Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    static final class Query {
        @Option(names = {"-e", "--execute"}, description = "The SQL text to run.")
        String sql;

        @Option(names = {"-f", "--file"}, description = "A file holding the SQL to run.")
        Path file;
    }

    String sql() {
        return substitute(text());
    }

    /** Hive's and spark-sql's variable substitution; a ${name} not defined stays as it is, as there. */
    private String substitute(String sql) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\$\\{(?:hivevar:|hiveconf:|var:)?([A-Za-z0-9_.]+)}")
                .matcher(sql);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            matcher.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value == null ? matcher.group() : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String text() {
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
        putIfSet(values, ArbalestConfig.CATALOG, catalog);
        putIfSet(values, ArbalestConfig.DATABASE, database);
        ArbalestConfig config = ArbalestConfig.of(values);
        if ((warehouse == null || warehouse.isEmpty()) && config.get(ArbalestConfig.CATALOG).isEmpty()
                && !hiveConfigured(config)) {
            throw new ConfigException("Say where the tables are: --warehouse DIR (a directory of table "
                    + "directories) or --catalog hive (a Hive Metastore).");
        }
        return config;
    }

    /** A metastore named in the settings or in hive-site.xml: then the hive catalog is the default. */
    private static boolean hiveConfigured(ArbalestConfig config) {
        try {
            return io.arbalest.planner.catalog.Catalogs.resolve(config, "", new org.apache.hadoop.conf.Configuration())
                    .get(ArbalestConfig.CATALOG).equals("hive");
        } catch (ConfigException e) {
            return false;
        }
    }

    private static void putIfSet(Map<String, String> values, ConfigKey key, String value) {
        if (value != null) {
            values.put(key.name(), value);
        }
    }
}
