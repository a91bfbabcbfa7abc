package io.arbalest.planner.config;

import static java.util.Objects.requireNonNull;

/**
 * One configuration key: its name, default (as text), unit and documentation. Every key is
 * declared once, in {@link ArbalestConfig#KEYS}; docs/configuration.md is checked against it.
 */
public record ConfigKey(String name, String defaultValue, String unit, String doc) {
    public ConfigKey {
        requireNonNull(name, "name is null");
        requireNonNull(defaultValue, "defaultValue is null");
        requireNonNull(unit, "unit is null");
        requireNonNull(doc, "doc is null");
    }
}
