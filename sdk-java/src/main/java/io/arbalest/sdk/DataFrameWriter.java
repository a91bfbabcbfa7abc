package io.arbalest.sdk;

import io.arbalest.proto.logical.Write;

import java.util.List;
import java.util.Locale;

/**
 * Writes a DataFrame as Parquet files, as Spark's DataFrameWriter: {@code
 * df.write().mode("overwrite").partitionBy("year").parquet(path)}. Every task writes its own
 * files; the driver commits them only when all succeeded ({@code _SUCCESS} marks a finished
 * write), so a failed write leaves the path as it was.
 */
public final class DataFrameWriter {
    private final DataFrame frame;
    private final Write.Builder spec = Write.newBuilder().setMode("errorifexists").setCompression("snappy");

    DataFrameWriter(DataFrame frame) {
        this.frame = frame;
    }

    /**
     * What to do when the path exists: errorifexists (the default; also error, default) fails,
     * overwrite replaces it, append adds files to it, ignore writes nothing.
     */
    public DataFrameWriter mode(String mode) {
        spec.setMode(mode);
        return this;
    }

    /** Hive-style {@code col=value} directories of these columns (which the files then leave out). */
    public DataFrameWriter partitionBy(String... columns) {
        spec.clearPartitionBy().addAllPartitionBy(List.of(columns));
        return this;
    }

    /** {@code compression}: snappy (the default), zstd, gzip, lz4_raw or uncompressed. */
    public DataFrameWriter option(String key, String value) {
        if (!key.toLowerCase(Locale.ROOT).equals("compression")) {
            throw new IllegalArgumentException("Unknown write option '" + key + "'; Parquet writes take compression.");
        }
        spec.setCompression(value);
        return this;
    }

    /** Only parquet. */
    public DataFrameWriter format(String format) {
        if (!format.equalsIgnoreCase("parquet")) {
            throw new IllegalArgumentException("Cannot write the format '" + format + "' yet; use parquet.");
        }
        return this;
    }

    /** Writes the rows under {@code path} (a local path, file:// or hdfs:// URI). */
    public void parquet(String path) {
        frame.sparkSession().write(frame.plan(), spec.setPath(path).build());
    }

    public void save(String path) {
        parquet(path);
    }
}
