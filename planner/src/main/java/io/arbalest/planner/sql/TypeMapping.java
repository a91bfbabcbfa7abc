package io.arbalest.planner.sql;

import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.types.DataType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/** Converts between Calcite's SQL types and the engine's {@link DataType}. */
public final class TypeMapping {
    private TypeMapping() {
    }

    public static RelDataType toCalcite(RelDataTypeFactory factory, DataType type, boolean nullable) {
        RelDataType sqlType = switch (type.kind()) {
            case BOOLEAN -> factory.createSqlType(SqlTypeName.BOOLEAN);
            case INT -> factory.createSqlType(SqlTypeName.INTEGER);
            case BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
            case REAL -> factory.createSqlType(SqlTypeName.REAL);
            case DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
            case DECIMAL -> factory.createSqlType(SqlTypeName.DECIMAL, type.precision(), type.scale());
            case DATE -> factory.createSqlType(SqlTypeName.DATE);
            case TIMESTAMP -> factory.createSqlType(SqlTypeName.TIMESTAMP, 6);
            case VARCHAR -> factory.createSqlType(SqlTypeName.VARCHAR, Integer.MAX_VALUE);
            case INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH ->
                    throw new IllegalArgumentException("interval columns do not exist: " + type);
        };
        return factory.createTypeWithNullability(sqlType, nullable);
    }

    public static DataType fromCalcite(RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case BOOLEAN -> DataType.BOOLEAN;
            case TINYINT, SMALLINT, INTEGER -> DataType.INT;
            case BIGINT -> DataType.BIGINT;
            case REAL -> DataType.REAL;
            case FLOAT, DOUBLE -> DataType.DOUBLE;
            case DECIMAL -> DataType.decimal(type.getPrecision(), type.getScale());
            case DATE -> DataType.DATE;
            case TIMESTAMP -> DataType.TIMESTAMP;
            case CHAR, VARCHAR -> DataType.VARCHAR;
            // An untyped NULL (SELECT NULL) has no values to hold; VARCHAR prints it as NULL.
            case NULL -> DataType.VARCHAR;
            case INTERVAL_DAY, INTERVAL_DAY_HOUR, INTERVAL_DAY_MINUTE, INTERVAL_DAY_SECOND, INTERVAL_HOUR,
                 INTERVAL_HOUR_MINUTE, INTERVAL_HOUR_SECOND, INTERVAL_MINUTE, INTERVAL_MINUTE_SECOND,
                 INTERVAL_SECOND -> DataType.INTERVAL_DAY_TIME;
            case INTERVAL_YEAR, INTERVAL_YEAR_MONTH, INTERVAL_MONTH -> DataType.INTERVAL_YEAR_MONTH;
            default -> throw new UnsupportedFeatureException("SQL type " + type.getFullTypeString()
                    + " is not supported yet. Supported types: BOOLEAN, INT, BIGINT, REAL, DOUBLE, DECIMAL(p, s) "
                    + "up to 38 digits, DATE, TIMESTAMP, VARCHAR.");
        };
    }
}
