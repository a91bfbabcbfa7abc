package io.arbalest.shuffle;

/** Rows and bytes (on disk, compressed) of each output partition of one map task. */
public record PartitionSizes(long[] rows, long[] bytes) {
}
