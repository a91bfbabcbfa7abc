package io.arbalest.planner.catalog;

import io.arbalest.planner.error.CatalogException;
import io.arbalest.planner.types.DataType;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hive's column type names and the engine's types. Reading: STRING, VARCHAR(n) and CHAR(n) are
 * VARCHAR; TINYINT, SMALLINT and INT are INT; FLOAT is REAL; the rest map by name. Writing: each
 * type gets the Hive name Hive and Spark read back as the same type.
 */
public final class HiveTypes {
    private static final Pattern DECIMAL = Pattern.compile("decimal\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?");
    private static final Pattern SIZED = Pattern.compile("(varchar|char)\\s*\\(\\s*\\d+\\s*\\)");

    private HiveTypes() {
    }

    /** The engine's type of a Hive column type; {@code where} names the column for the error. */
    public static DataType toDataType(String hiveType, String where) {
        String type = hiveType.trim().toLowerCase(Locale.ROOT);
        switch (type) {
            case "string":
                return DataType.VARCHAR;
            case "tinyint", "smallint", "int", "integer":
                return DataType.INT;
            case "bigint":
                return DataType.BIGINT;
            case "float":
                return DataType.REAL;
            case "double", "double precision":
                return DataType.DOUBLE;
            case "boolean":
                return DataType.BOOLEAN;
            case "date":
                return DataType.DATE;
            case "timestamp":
                return DataType.TIMESTAMP;
            default:
                break;
        }
        if (SIZED.matcher(type).matches()) {
            return DataType.VARCHAR;
        }
        Matcher decimal = DECIMAL.matcher(type);
        if (decimal.matches()) {
            // Hive's DECIMAL without precision is DECIMAL(10, 0).
            int precision = decimal.group(1) == null ? 10 : Integer.parseInt(decimal.group(1));
            int scale = decimal.group(2) == null ? 0 : Integer.parseInt(decimal.group(2));
            if (precision < 1 || precision > DataType.MAX_DECIMAL_PRECISION || scale > precision) {
                throw new CatalogException(where + " has type " + hiveType + ", which is not a valid DECIMAL.");
            }
            return DataType.decimal(precision, scale);
        }
        throw new CatalogException(where + " has type " + hiveType + ", which Arbalest cannot read yet (it reads "
                + "STRING, VARCHAR, CHAR, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, BOOLEAN, DATE, "
                + "TIMESTAMP).");
    }

    /** The Hive type name of an engine type, for the metastore. */
    public static String toHiveType(DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> "boolean";
            case INT -> "int";
            case BIGINT -> "bigint";
            case REAL -> "float";
            case DOUBLE -> "double";
            case DECIMAL -> "decimal(" + type.precision() + "," + type.scale() + ")";
            case DATE -> "date";
            case TIMESTAMP -> "timestamp";
            case VARCHAR -> "string";
            default -> throw new CatalogException("A column of type " + type + " cannot be stored in a Hive table.");
        };
    }
}
