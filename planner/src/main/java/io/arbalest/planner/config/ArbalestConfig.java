package io.arbalest.planner.config;

import io.arbalest.planner.error.ConfigException;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of one session: every key Arbalest reads, with its default, and the values the
 * user set (CLI `--conf key=value`, SDK options). Immutable.
 */
public final class ArbalestConfig {
    public static final ConfigKey MASTER = new ConfigKey("arbalest.master", "local[*]", "",
            "Where queries run: local[N] runs N task slots in this JVM; local[*] uses every core; "
                    + "local-cluster[N,cores,memoryMB] starts N executor processes on this machine; yarn submits an "
                    + "application to the YARN cluster of HADOOP_CONF_DIR (its executors: arbalest.executor.*).");
    public static final ConfigKey BATCH_ROWS = new ConfigKey("arbalest.batch.rows", "8192", "rows",
            "The number of rows an operator puts in one Arrow record batch.");
    public static final ConfigKey QUERY_MEMORY = new ConfigKey("arbalest.query.memory", "0", "bytes",
            "The Arrow memory one query may allocate (in local-cluster executors: one task); 0 means 60% of "
                    + "the JVM's maximum heap. Accepts suffixes k, m, g.");
    public static final ConfigKey SCAN_SPLIT_BYTES = new ConfigKey("arbalest.scan.split-bytes", "134217728", "bytes",
            "The target size of one scan split; Parquet row groups are packed into splits of about this size.");

    public static final ConfigKey SHUFFLE_COMPRESSION = new ConfigKey("arbalest.shuffle.compression", "zstd", "",
            "How shuffle files compress their Arrow buffers: zstd, lz4 or none.");
    public static final ConfigKey SHUFFLE_LOCAL_READ = new ConfigKey("arbalest.shuffle.local-read", "true", "",
            "Whether a task reads shuffle files on its own machine straight from disk instead of over Flight.");
    public static final ConfigKey SHUFFLE_FETCH_BYTES = new ConfigKey("arbalest.shuffle.fetch.max-bytes-in-flight",
            "64m", "bytes", "The shuffle data one reader holds fetched but not yet processed; fetches pause above it.");
    public static final ConfigKey SHUFFLE_FETCH_PARALLELISM = new ConfigKey("arbalest.shuffle.fetch.parallelism", "4",
            "", "How many map outputs one shuffle reader fetches at the same time.");
    public static final ConfigKey BROADCAST_JOIN_BYTES = new ConfigKey("arbalest.join.broadcast-threshold", "32m",
            "bytes", "Distributed joins whose build side is estimated at most this big send it whole to every task "
                    + "(broadcast); bigger ones hash-partition both sides on the join keys.");
    public static final ConfigKey EXECUTOR_START_TIMEOUT = new ConfigKey("arbalest.executor.start-timeout", "60000",
            "ms", "How long the driver waits for its executors to register before the query fails.");

    public static final ConfigKey EXECUTOR_HEARTBEAT_TIMEOUT = new ConfigKey("arbalest.executor.heartbeat-timeout",
            "30000", "ms", "An executor not heard from for this long is lost: the queries that need it fail.");

    public static final ConfigKey EXECUTOR_INSTANCES = new ConfigKey("arbalest.executor.instances", "2", "",
            "YARN: how many executor containers the application runs (--num-executors).");
    public static final ConfigKey EXECUTOR_CORES = new ConfigKey("arbalest.executor.cores", "1", "",
            "YARN: the vcores of one executor container, and its task slots (--executor-cores).");
    public static final ConfigKey EXECUTOR_MEMORY = new ConfigKey("arbalest.executor.memory", "2g", "bytes",
            "YARN: the memory of one executor container, all included: the larger of 384m and 10% is left to the "
                    + "JVM itself, 40% of the rest is heap and 60% Arrow memory (--executor-memory).");
    public static final ConfigKey YARN_AM_MEMORY = new ConfigKey("arbalest.yarn.am.memory", "1g", "bytes",
            "YARN: the memory of the ApplicationMaster's container, which runs the driver (--am-memory).");
    public static final ConfigKey YARN_QUEUE = new ConfigKey("arbalest.yarn.queue", "default", "",
            "YARN: the queue the application is submitted to (--queue).");
    public static final ConfigKey YARN_APPLICATION_NAME = new ConfigKey("arbalest.yarn.name", "arbalest", "",
            "YARN: the application's name in the ResourceManager.");
    public static final ConfigKey YARN_MAX_APP_ATTEMPTS = new ConfigKey("arbalest.yarn.max-app-attempts", "1", "",
            "YARN: how many times the ResourceManager starts the ApplicationMaster (at most the cluster's "
                    + "yarn.resourcemanager.am.max-attempts).");
    public static final ConfigKey YARN_JAR = new ConfigKey("arbalest.yarn.jar", "", "",
            "YARN: the assembly jar containers run (arbalest-VERSION.jar); empty: the jar the client runs from, "
                    + "or in a source checkout application-master/target/arbalest-VERSION.jar.");
    public static final ConfigKey YARN_JARS_DIRECTORY = new ConfigKey("arbalest.yarn.jars-dir", "/tmp/arbalest/jars",
            "", "YARN: the directory of the default file system where the assembly is uploaded once per version, "
                    + "readable by all so that NodeManagers cache it for every user (PUBLIC).");
    public static final ConfigKey YARN_STAGING_DIRECTORY = new ConfigKey("arbalest.yarn.staging-dir", "", "",
            "YARN: where each application's own files go while it runs; empty: .arbalest-staging in the "
                    + "user's home directory of the default file system.");
    public static final ConfigKey YARN_JAVA_HOME = new ConfigKey("arbalest.yarn.java-home", "", "",
            "YARN: the Java 17 home on the cluster's nodes for the ApplicationMaster and executors; empty: the "
                    + "NodeManagers' JAVA_HOME.");
    public static final ConfigKey YARN_MAX_EXECUTOR_FAILURES = new ConfigKey("arbalest.yarn.max-executor-failures",
            "3", "", "YARN: how many lost executor containers the application replaces before it fails.");
    public static final ConfigKey YARN_EXECUTOR_IDLE_TIMEOUT = new ConfigKey("arbalest.yarn.executor.idle-timeout",
            "60000", "ms", "YARN: executor containers are given back after this long without a query, and asked for "
                    + "again by the next one; 0 keeps them for the application's life.");
    public static final ConfigKey YARN_CLIENT_TIMEOUT = new ConfigKey("arbalest.yarn.client-timeout", "60000", "ms",
            "YARN: the ApplicationMaster ends (FAILED) when its client has not been heard from for this long.");

    public static final ConfigKey CATALOG = new ConfigKey("arbalest.catalog", "", "",
            "Where tables are found: warehouse (each sub-directory of --warehouse is a table) or hive (the Hive "
                    + "Metastore of hive.metastore.uris). Empty: warehouse when --warehouse is given, else hive when a "
                    + "metastore is configured (--catalog).");
    public static final ConfigKey DATABASE = new ConfigKey("arbalest.database", "default", "",
            "The database unqualified table names resolve in until USE chooses another (--database).");
    public static final ConfigKey HIVE_METASTORE_URIS = new ConfigKey("arbalest.hive.metastore.uris", "", "",
            "The Hive Metastore(s) of the hive catalog, thrift://host:port[,...]; empty: hive.metastore.uris of the "
                    + "hive-site.xml in HADOOP_CONF_DIR (or on the classpath), as Spark reads it.");
    public static final ConfigKey HIVE_METASTORE_ATTEMPTS = new ConfigKey("arbalest.hive.metastore.attempts", "3", "",
            "How many times a metastore call is tried on a new connection (with back-off) before the statement fails.");
    public static final ConfigKey HIVE_METASTORE_TIMEOUT = new ConfigKey("arbalest.hive.metastore.timeout", "20000",
            "ms", "How long a connection to the metastore, and one call on it, may take.");

    public static final ConfigKey SPILL_ENABLED = new ConfigKey("arbalest.spill.enabled", "true", "",
            "Whether operators move rows to local disk when the query's memory runs short (full sorts, hash "
                    + "aggregations, hash joins, windows); false: a query that does not fit fails.");
    public static final ConfigKey SPILL_DIRECTORY = new ConfigKey("arbalest.spill.dir", "", "",
            "Where spill files go; empty: arbalest-spill under the first of YARN's LOCAL_DIRS in a container, "
                    + "else under java.io.tmpdir. Files are removed when their operator ends.");

    public static final List<ConfigKey> KEYS = List.of(MASTER, BATCH_ROWS, QUERY_MEMORY, SCAN_SPLIT_BYTES,
            SHUFFLE_COMPRESSION, SHUFFLE_LOCAL_READ, SHUFFLE_FETCH_BYTES, SHUFFLE_FETCH_PARALLELISM,
            BROADCAST_JOIN_BYTES, EXECUTOR_START_TIMEOUT, EXECUTOR_HEARTBEAT_TIMEOUT, EXECUTOR_INSTANCES, EXECUTOR_CORES,
            EXECUTOR_MEMORY, YARN_AM_MEMORY, YARN_QUEUE, YARN_APPLICATION_NAME, YARN_MAX_APP_ATTEMPTS, YARN_JAR,
            YARN_JARS_DIRECTORY, YARN_STAGING_DIRECTORY, YARN_JAVA_HOME, YARN_MAX_EXECUTOR_FAILURES,
            YARN_CLIENT_TIMEOUT, YARN_EXECUTOR_IDLE_TIMEOUT, CATALOG, DATABASE, HIVE_METASTORE_URIS,
            HIVE_METASTORE_ATTEMPTS, HIVE_METASTORE_TIMEOUT, SPILL_ENABLED, SPILL_DIRECTORY);

    private final Map<String, String> values;

    private ArbalestConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static ArbalestConfig defaults() {
        return new ArbalestConfig(Map.of());
    }

    /** Validates that every key is known, so a typo is an error and not a silently ignored setting. */
    public static ArbalestConfig of(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (KEYS.stream().noneMatch(k -> k.name().equals(key))) {
                throw new ConfigException("Unknown configuration key '" + key + "'. Known keys: "
                        + KEYS.stream().map(ConfigKey::name).toList() + ".");
            }
        }
        return new ArbalestConfig(values);
    }

    /** These settings with {@code overrides} on top; unknown keys are an error, as in {@link #of}. */
    public ArbalestConfig withAll(Map<String, String> overrides) {
        Map<String, String> copy = new HashMap<>(values);
        copy.putAll(overrides);
        return of(copy);
    }

    public ArbalestConfig with(ConfigKey key, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(key.name(), value);
        return new ArbalestConfig(copy);
    }

    public String get(ConfigKey key) {
        return Optional.ofNullable(values.get(key.name())).orElse(key.defaultValue());
    }

    public long getLong(ConfigKey key) {
        String text = get(key).trim();
        try {
            return parseSize(text);
        } catch (NumberFormatException e) {
            throw new ConfigException("Configuration key '" + key.name() + "' must be a number"
                    + (key.unit().isEmpty() ? "" : " of " + key.unit()) + ", but is '" + text + "'.");
        }
    }

    public boolean getBoolean(ConfigKey key) {
        String text = get(key).trim().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw new ConfigException("Configuration key '" + key.name() + "' must be true or false, but is '"
                    + get(key) + "'.");
        }
        return text.equals("true");
    }

    /** The values set, by key name: what travels to executors with each task. */
    public Map<String, String> values() {
        return values;
    }

    /** arbalest.query.memory, or when it is 0 the default: 60% of this JVM's maximum heap. */
    public long queryMemoryBytes() {
        long limit = getLong(QUERY_MEMORY);
        return limit > 0 ? limit : defaultMemoryBytes();
    }

    /** The Arrow memory a JVM of Arbalest's uses when nothing says otherwise: 60% of its maximum heap. */
    public static long defaultMemoryBytes() {
        return (long) (Runtime.getRuntime().maxMemory() * 0.6);
    }

    public int getInt(ConfigKey key) {
        long value = getLong(key);
        if (value <= 0 || value > Integer.MAX_VALUE) {
            throw new ConfigException("Configuration key '" + key.name() + "' must be a positive number, but is "
                    + value + ".");
        }
        return (int) value;
    }

    private static long parseSize(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        long multiplier = 1;
        if (lower.endsWith("k")) {
            multiplier = 1L << 10;
        } else if (lower.endsWith("m")) {
            multiplier = 1L << 20;
        } else if (lower.endsWith("g")) {
            multiplier = 1L << 30;
        }
        if (multiplier != 1) {
            lower = lower.substring(0, lower.length() - 1);
        }
        return Math.multiplyExact(Long.parseLong(lower), multiplier);
    }
}
