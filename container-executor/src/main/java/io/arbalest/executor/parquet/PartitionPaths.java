package io.arbalest.executor.parquet;

/** Hive's escaping of partition directory names and values ({@code dt=2020-01-01}, {@code s=a%2Fb}). */
public final class PartitionPaths {
    private PartitionPaths() {
    }

    /** Percent-encodes the characters Hive escapes in partition paths (control characters, / = : % and the like). */
    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F || "\"#%'*/:=?\\{[]^".indexOf(c) >= 0) {
                escaped.append('%').append(String.format("%02X", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
