package io.arbalest.planner.catalog;

/** The file formats a table directory may hold. */
public enum FileFormat {
    PARQUET, CSV
}
