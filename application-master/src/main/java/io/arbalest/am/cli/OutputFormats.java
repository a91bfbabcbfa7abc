package io.arbalest.am.cli;

import io.arbalest.planner.error.ConfigException;

import java.util.Locale;

/** Parses --format. */
final class OutputFormats {
    private OutputFormats() {
    }

    static ResultFormatter.Format parse(String text) {
        try {
            return ResultFormatter.Format.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Unknown --format '" + text + "'. Use table, csv or json.");
        }
    }
}
