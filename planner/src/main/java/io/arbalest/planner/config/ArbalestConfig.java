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
                    + "local-cluster[N,cores,memoryMB] starts N executor processes on this machine.");
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

    public static final List<ConfigKey> KEYS = List.of(MASTER, BATCH_ROWS, QUERY_MEMORY, SCAN_SPLIT_BYTES,
            SHUFFLE_COMPRESSION, SHUFFLE_LOCAL_READ, SHUFFLE_FETCH_BYTES, SHUFFLE_FETCH_PARALLELISM,
            BROADCAST_JOIN_BYTES, EXECUTOR_START_TIMEOUT, EXECUTOR_HEARTBEAT_TIMEOUT);

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
