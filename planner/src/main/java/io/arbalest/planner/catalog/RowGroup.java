package io.arbalest.planner.catalog;

/**
 * One Parquet row group of a data file, as its footer describes it.
 *
 * @param index the row group's position in the file
 * @param rowCount rows in the row group
 * @param compressedBytes bytes the row group's column chunks occupy on disk
 */
public record RowGroup(int index, long rowCount, long compressedBytes) {
}
