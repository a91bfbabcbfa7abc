package io.arbalest.planner.sql;

import io.arbalest.planner.types.DataType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Decimal typing as Spark users know it: precision up to 38 (Arrow's Decimal128); SUM widens a
 * DECIMAL(p, s) to DECIMAL(p + 10, s) and integer SUM to BIGINT; AVG of a decimal has four more
 * digits of precision and scale; + - * / take Spark's result types, and a result type beyond 38
 * digits gives way in its scale, down to 6 digits (Spark's {@code allowPrecisionLoss}).
 */
public final class ArbalestTypeSystem extends RelDataTypeSystemImpl {
    public static final ArbalestTypeSystem INSTANCE = new ArbalestTypeSystem();
    private static final int MAX = DataType.MAX_DECIMAL_PRECISION;
    /** The scale a decimal division keeps at least, as Spark and SQL Server do. */
    private static final int MIN_DIVISION_SCALE = 6;

    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? MAX : super.getMaxPrecision(typeName);
    }

    @Override
    public int getMaxScale(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? MAX : super.getMaxScale(typeName);
    }

    @Override
    public int getDefaultPrecision(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? MAX : super.getDefaultPrecision(typeName);
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }

    @Override
    public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
        return switch (argumentType.getSqlTypeName()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> nullable(typeFactory,
                    typeFactory.createSqlType(SqlTypeName.BIGINT), argumentType);
            case DECIMAL -> nullable(typeFactory, typeFactory.createSqlType(SqlTypeName.DECIMAL,
                    Math.min(MAX, argumentType.getPrecision() + 10), argumentType.getScale()), argumentType);
            case REAL, FLOAT, DOUBLE -> nullable(typeFactory,
                    typeFactory.createSqlType(SqlTypeName.DOUBLE), argumentType);
            default -> super.deriveSumType(typeFactory, argumentType);
        };
    }

    @Override
    public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
        return switch (argumentType.getSqlTypeName()) {
            case DECIMAL -> nullable(typeFactory, typeFactory.createSqlType(SqlTypeName.DECIMAL,
                    Math.min(MAX, argumentType.getPrecision() + 4), Math.min(MAX, argumentType.getScale() + 4)),
                    argumentType);
            default -> nullable(typeFactory, typeFactory.createSqlType(SqlTypeName.DOUBLE), argumentType);
        };
    }

    @Override
    public RelDataType deriveDecimalPlusType(RelDataTypeFactory typeFactory, RelDataType left, RelDataType right) {
        if (!isDecimal(left) && !isDecimal(right) || !isExact(left) || !isExact(right)) {
            return super.deriveDecimalPlusType(typeFactory, left, right);
        }
        left = asDecimal(typeFactory, left);
        right = asDecimal(typeFactory, right);
        int scale = Math.max(left.getScale(), right.getScale());
        int integerDigits = Math.max(left.getPrecision() - left.getScale(), right.getPrecision() - right.getScale());
        return adjusted(typeFactory, integerDigits + scale + 1, scale, left, right);
    }

    @Override
    public RelDataType deriveDecimalMultiplyType(RelDataTypeFactory typeFactory, RelDataType left, RelDataType right) {
        if (!isDecimal(left) && !isDecimal(right) || !isExact(left) || !isExact(right)) {
            return super.deriveDecimalMultiplyType(typeFactory, left, right);
        }
        left = asDecimal(typeFactory, left);
        right = asDecimal(typeFactory, right);
        return adjusted(typeFactory, left.getPrecision() + right.getPrecision() + 1,
                left.getScale() + right.getScale(), left, right);
    }

    @Override
    public RelDataType deriveDecimalDivideType(RelDataTypeFactory typeFactory, RelDataType dividend,
            RelDataType divisor) {
        if (!isDecimal(dividend) && !isDecimal(divisor) || !isExact(dividend) || !isExact(divisor)) {
            return super.deriveDecimalDivideType(typeFactory, dividend, divisor);
        }
        // As Spark: an integer operand of a decimal division is a DECIMAL(10,0) or (19,0).
        dividend = asDecimal(typeFactory, dividend);
        divisor = asDecimal(typeFactory, divisor);
        int scale = Math.max(MIN_DIVISION_SCALE, dividend.getScale() + divisor.getPrecision() + 1);
        int integerDigits = dividend.getPrecision() - dividend.getScale() + divisor.getScale();
        return adjusted(typeFactory, integerDigits + scale, scale, dividend, divisor);
    }

    /**
     * DECIMAL(precision, scale), or where that needs more than 38 digits, Spark's adjustment: 38
     * digits whose scale gives way to the integer digits, down to 6 digits (or the scale itself
     * if smaller).
     */
    private static RelDataType adjusted(RelDataTypeFactory typeFactory, int precision, int scale, RelDataType left,
            RelDataType right) {
        if (precision > MAX) {
            int integerDigits = precision - scale;
            scale = Math.max(MAX - integerDigits, Math.min(scale, MIN_DIVISION_SCALE));
            precision = MAX;
        }
        return typeFactory.createTypeWithNullability(
                typeFactory.createSqlType(SqlTypeName.DECIMAL, precision, Math.min(scale, precision)),
                left.isNullable() || right.isNullable());
    }

    private static boolean isExact(RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL -> true;
            default -> false;
        };
    }

    private static RelDataType asDecimal(RelDataTypeFactory typeFactory, RelDataType type) {
        int precision = switch (type.getSqlTypeName()) {
            case TINYINT -> 3;
            case SMALLINT -> 5;
            case INTEGER -> 10;
            case BIGINT -> 19;
            default -> 0;
        };
        return precision == 0 ? type : typeFactory.createTypeWithNullability(
                typeFactory.createSqlType(SqlTypeName.DECIMAL, precision, 0), type.isNullable());
    }

    private static boolean isDecimal(RelDataType type) {
        return type.getSqlTypeName() == SqlTypeName.DECIMAL;
    }

    private static RelDataType nullable(RelDataTypeFactory typeFactory, RelDataType type, RelDataType like) {
        return typeFactory.createTypeWithNullability(type, like.isNullable());
    }
}
