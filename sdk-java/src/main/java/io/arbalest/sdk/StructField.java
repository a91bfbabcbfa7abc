package io.arbalest.sdk;

import static java.util.Objects.requireNonNull;

/** One column of a {@link StructType}. */
public record StructField(String name, DataType dataType, boolean nullable) {
    public StructField {
        requireNonNull(name, "name is null");
        requireNonNull(dataType, "dataType is null");
    }
}
