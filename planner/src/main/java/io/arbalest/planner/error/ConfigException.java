package io.arbalest.planner.error;

/** A configuration value or command-line option is malformed; the message names the key. */
public final class ConfigException extends ArbalestException {
    public ConfigException(String message) {
        super(message);
    }

    @Override
    public String kind() {
        return "Configuration error";
    }
}
