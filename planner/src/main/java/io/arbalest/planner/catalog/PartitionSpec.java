package io.arbalest.planner.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One partition of a partitioned table: its values, in the order of the table's partition
 * columns (null for NULL), and where its files are (empty: the table's {@code k=v/...} directory).
 */
public record PartitionSpec(List<String> values, Optional<String> location) {
    /** The directory of NULL (and empty) partition values, as Hive and Spark name it. */
    public static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";

    public PartitionSpec {
        values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** Hive's partition name {@code k1=v1/k2=v2}, with its escapes; NULL is {@code __HIVE_DEFAULT_PARTITION__}. */
    public static String name(List<String> columns, List<String> values) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                name.append('/');
            }
            String value = values.get(i);
            name.append(escape(columns.get(i))).append('=')
                    .append(value == null || value.isEmpty() ? DEFAULT_PARTITION : escape(value));
        }
        return name.toString();
    }

    /** A partition value as its directory spells it (2024-01-31, 12.50, abc); null for NULL. */
    public static String text(io.arbalest.planner.expr.Literal value) {
        if (value.isNull()) {
            return null;
        }
        return value.type().kind() == io.arbalest.planner.types.DataType.Kind.VARCHAR ? value.stringValue()
                : value.toString();
    }

    /** Hive's escaping of path names: the characters a path cannot hold (control characters, / = : % ...) as %XX. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c < ' ' || "\"#%'*/:=?\\\u007F{[]^".indexOf(c) >= 0) {
                out.append('%').append(String.format("%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The values of a partition name {@code k1=v1/k2=v2}, unescaped; null for the default partition. */
    public static List<String> values(String name) {
        List<String> values = new ArrayList<>();
        for (String part : name.split("/")) {
            String value = PartitionDirectories.unescape(part.substring(part.indexOf('=') + 1));
            values.add(value.equals(DEFAULT_PARTITION) ? null : value);
        }
        return values;
    }
}
