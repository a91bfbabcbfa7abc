package io.arbalest.am.driver;

import io.arbalest.planner.error.ConfigException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where queries run, parsed from {@code --master}: local[N] is N task slots in this JVM. */
public record Master(int slots) {
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|\\d+)])?");

    public static Master parse(String text) {
        Matcher matcher = LOCAL.matcher(text.trim());
        if (!matcher.matches()) {
            throw new ConfigException("Unknown master '" + text + "'. Use local, local[N] or local[*].");
        }
        String slots = matcher.group(2);
        if (slots == null || slots.equals("*")) {
            return new Master(Runtime.getRuntime().availableProcessors());
        }
        int count = Integer.parseInt(slots);
        if (count < 1) {
            throw new ConfigException("local[N] needs N of at least 1, but got '" + text + "'.");
        }
        return new Master(count);
    }
}
