package io.arbalest.planner.catalog;

import io.arbalest.planner.error.CatalogException;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The data files under a directory, descending into Hive-style partition directories
 * ({@code year=2024/month=1/...}) as Spark discovers them: each level's {@code name=value}
 * becomes a column after the files' own, its type inferred from all the values (INT or BIGINT
 * when all are integers, DATE when all are yyyy-MM-dd dates, DOUBLE when all are numbers, else
 * VARCHAR; {@code __HIVE_DEFAULT_PARTITION__} is NULL). Hidden and marker files are skipped.
 */
final class PartitionDirectories {
    static final String DEFAULT_PARTITION = PartitionSpec.DEFAULT_PARTITION;

    /** The files, the partition column names, and each file's raw (unescaped) values, null for NULL. */
    record Listing(List<FileStatus> files, List<String> names, List<List<String>> values) {
        boolean partitioned() {
            return !names.isEmpty();
        }

        List<Column> columns() {
            List<Column> columns = new ArrayList<>();
            for (int c = 0; c < names.size(); c++) {
                columns.add(new Column(names.get(c), type(c), true));
            }
            return columns;
        }

        /** The partition values of file {@code file} as literals of the columns' types. */
        List<Literal> literals(int file) {
            List<Literal> literals = new ArrayList<>();
            for (int c = 0; c < names.size(); c++) {
                DataType type = type(c);
                String text = values.get(file).get(c);
                literals.add(text == null ? Literal.nullOf(type) : new Literal(switch (type.kind()) {
                    case INT, BIGINT -> Long.parseLong(text.trim());
                    case DATE -> LocalDate.parse(text.trim()).toEpochDay();
                    case DOUBLE -> Double.parseDouble(text.trim());
                    default -> text;
                }, type));
            }
            return literals;
        }

        private DataType type(int column) {
            List<String> present = values.stream().map(v -> v.get(column)).filter(v -> v != null).toList();
            if (present.isEmpty()) {
                return DataType.VARCHAR;
            }
            if (present.stream().allMatch(PartitionDirectories::isLong)) {
                return present.stream().allMatch(v -> {
                    long value = Long.parseLong(v.trim());
                    return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
                }) ? DataType.INT : DataType.BIGINT;
            }
            if (present.stream().allMatch(PartitionDirectories::isDate)) {
                return DataType.DATE;
            }
            if (present.stream().allMatch(PartitionDirectories::isDouble)) {
                return DataType.DOUBLE;
            }
            return DataType.VARCHAR;
        }
    }

    private PartitionDirectories() {
    }

    static Listing list(FileSystem fs, Path directory) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        List<List<String>> values = new ArrayList<>();
        List<String> names = new ArrayList<>();
        walk(fs, directory, new ArrayList<>(), names, files, values, directory);
        if (values.stream().anyMatch(v -> v.size() != names.size())) {
            throw inconsistent(directory, directory);
        }
        return new Listing(files, names, values);
    }

    private static void walk(FileSystem fs, Path directory, List<String> path, List<String> names,
            List<FileStatus> files, List<List<String>> values, Path root) throws IOException {
        FileStatus[] children = fs.listStatus(directory);
        java.util.Arrays.sort(children, Comparator.comparing(f -> f.getPath().getName()));
        boolean sawFile = false;
        boolean sawPartition = false;
        for (FileStatus child : children) {
            String name = child.getPath().getName();
            if (name.startsWith("_") || name.startsWith(".")) {
                continue;
            }
            if (child.isFile()) {
                sawFile = true;
                if (!path.isEmpty() && path.size() != names.size()) {
                    throw inconsistent(root, directory);
                }
                files.add(child);
                values.add(java.util.Collections.unmodifiableList(new ArrayList<>(path)));
                continue;
            }
            int equals = name.indexOf('=');
            if (equals <= 0) {
                continue; // not a partition directory: Spark skips these too
            }
            sawPartition = true;
            String column = unescape(name.substring(0, equals));
            String value = unescape(name.substring(equals + 1));
            int level = path.size();
            if (level == names.size()) {
                names.add(column);
            } else if (!names.get(level).equalsIgnoreCase(column)) {
                throw inconsistent(root, child.getPath());
            }
            List<String> deeper = new ArrayList<>(path);
            deeper.add(value.equals(DEFAULT_PARTITION) ? null : value);
            walk(fs, child.getPath(), deeper, names, files, values, root);
        }
        if (sawFile && sawPartition) {
            throw inconsistent(root, directory);
        }
    }

    private static CatalogException inconsistent(Path root, Path at) {
        return new CatalogException("The partition directories under " + root + " do not agree (at " + at + "): "
                + "every data file must sit at the same depth under col=value directories with the same column "
                + "names. Move the odd files out.");
    }

    /** Hive's %XX escapes back to characters. */
    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && isHex(text, i + 1)) {
                out.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(String text, int at) {
        return at + 2 <= text.length() && Character.digit(text.charAt(at), 16) >= 0
                && Character.digit(text.charAt(at + 1), 16) >= 0;
    }

    private static boolean isLong(String text) {
        try {
            Long.parseLong(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDate(String text) {
        try {
            return text.trim().length() == 10 && LocalDate.parse(text.trim()) != null;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isDouble(String text) {
        try {
            Double.parseDouble(text.trim());
            return !text.trim().isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
