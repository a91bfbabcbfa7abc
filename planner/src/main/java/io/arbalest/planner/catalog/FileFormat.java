package io.arbalest.planner.catalog;

/**
 * The file formats tables are read in: Parquet; CSV with a header line (a warehouse's CSV
 * tables); Hive's delimited text (TEXTFILE: no header, no quoting; its delimiter and NULL marker
 * in the table's format options).
 */
public enum FileFormat {
    PARQUET, CSV, TEXT;

    /** TEXT's option: the one-character field delimiter. */
    public static final String FIELD_DELIMITER = "field.delim";
    /** TEXT's option: the text that stands for NULL. */
    public static final String NULL_FORMAT = "serialization.null.format";
}
