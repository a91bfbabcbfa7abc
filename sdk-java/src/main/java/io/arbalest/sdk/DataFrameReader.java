package io.arbalest.sdk;

import io.arbalest.proto.logical.ReadFiles;
import io.arbalest.proto.logical.Relation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads files by path into a DataFrame ({@code session.read().parquet(path)}), as Spark's DataFrameReader. */
public final class DataFrameReader {
    private final ArbalestSession session;
    private final Map<String, String> options = new LinkedHashMap<>();
    private String format = "parquet";

    DataFrameReader(ArbalestSession session) {
        this.session = session;
    }

    /** parquet (the default) or csv. */
    public DataFrameReader format(String format) {
        this.format = format;
        return this;
    }

    /** A reader option: for csv, {@code header} must be "true" (the first line names the columns). */
    public DataFrameReader option(String key, String value) {
        options.put(key, value);
        return this;
    }

    public DataFrameReader option(String key, boolean value) {
        return option(key, Boolean.toString(value));
    }

    /** Files, or directories of them (hidden files and _SUCCESS markers are skipped). */
    public DataFrame parquet(String... paths) {
        return format("parquet").load(paths);
    }

    public DataFrame csv(String... paths) {
        return format("csv").load(paths);
    }

    public DataFrame load(String... paths) {
        return session.newFrame(Relation.newBuilder().setReadFiles(ReadFiles.newBuilder().setFormat(format)
                .addAllPaths(List.of(paths)).putAllOptions(options)));
    }

    /** A table of the warehouse (or a temporary view). */
    public DataFrame table(String name) {
        return session.table(name);
    }
}
