package io.arbalest.sdk;

/** The column types, by Spark's names. */
public final class DataTypes {
    public static final DataType BooleanType = new DataType("BOOLEAN");
    public static final DataType IntegerType = new DataType("INTEGER");
    public static final DataType LongType = new DataType("BIGINT");
    public static final DataType FloatType = new DataType("REAL");
    public static final DataType DoubleType = new DataType("DOUBLE");
    public static final DataType StringType = new DataType("VARCHAR");
    public static final DataType DateType = new DataType("DATE");
    public static final DataType TimestampType = new DataType("TIMESTAMP");

    private DataTypes() {
    }

    /** DECIMAL(precision, scale); precision up to 38. */
    public static DataType createDecimalType(int precision, int scale) {
        if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
            throw new IllegalArgumentException("DECIMAL(" + precision + ", " + scale + ") is not a decimal type: "
                    + "precision goes from 1 to 38, scale from 0 to the precision.");
        }
        return new DataType("DECIMAL(" + precision + ", " + scale + ")");
    }

    public static StructField createStructField(String name, DataType type, boolean nullable) {
        return new StructField(name, type, nullable);
    }
}
