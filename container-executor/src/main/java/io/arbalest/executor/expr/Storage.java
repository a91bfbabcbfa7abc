package io.arbalest.executor.expr;

import io.arbalest.planner.types.DataType;

/** How values of a type sit in memory; kernels are written once per storage, not per type. */
public enum Storage {
    BIT, INT32, INT64, FLOAT32, FLOAT64, UTF8,
    /** A 128-bit two's complement integer, little-endian (Arrow's Decimal128): wide decimals' unscaled values. */
    INT128;

    public static Storage of(DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> BIT;
            case INT, DATE, INTERVAL_YEAR_MONTH -> INT32;
            case BIGINT, TIMESTAMP, INTERVAL_DAY_TIME -> INT64;
            case DECIMAL -> type.isWideDecimal() ? INT128 : INT64;
            case REAL -> FLOAT32;
            case DOUBLE -> FLOAT64;
            case VARCHAR -> UTF8;
        };
    }
}
