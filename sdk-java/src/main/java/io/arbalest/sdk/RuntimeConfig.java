package io.arbalest.sdk;

import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.config.ConfigKey;
import io.arbalest.planner.error.ConfigException;

import java.util.Map;

/** A session's configuration, as {@code session.conf()}; set keys on the builder ({@code config(key, value)}). */
public final class RuntimeConfig {
    private final ArbalestConfig config;

    RuntimeConfig(ArbalestConfig config) {
        this.config = config;
    }

    /** The value of a configuration key (its default when not set); an unknown key is an error naming it. */
    public String get(String key) {
        ConfigKey found = ArbalestConfig.KEYS.stream().filter(k -> k.name().equals(key)).findFirst()
                .orElseThrow(() -> new ConfigException("Unknown configuration key '" + key
                        + "'; docs/configuration.md lists them."));
        return config.get(found);
    }

    /** Every key the session was given, with its value. */
    public Map<String, String> getAll() {
        return config.values();
    }
}
