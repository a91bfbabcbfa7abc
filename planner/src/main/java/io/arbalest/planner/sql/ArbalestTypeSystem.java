package io.arbalest.planner.sql;

import io.arbalest.planner.types.DataType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Decimal typing as Spark users know it: precision up to 38 (Arrow's Decimal128), SUM widens to
 * DECIMAL(38, s) and integer SUM to BIGINT, AVG of a decimal keeps four more digits of scale,
 * and division keeps at least six digits of scale (fewer digits of scale when the quotient would
 * need more than the 18 digits decimals compute in).
 */
public final class ArbalestTypeSystem extends RelDataTypeSystemImpl {
    public static final ArbalestTypeSystem INSTANCE = new ArbalestTypeSystem();
    private static final int MAX = DataType.MAX_DECIMAL_PRECISION;
    /** The scale a decimal division keeps at least, as Spark and SQL Server do. */
    private static final int MIN_DIVISION_SCALE = 6;
    /** The significant digits a decimal computes with: 64-bit unscaled values. */
    private static final int COMPUTED_DIGITS = 18;

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
            case DECIMAL -> nullable(typeFactory,
                    typeFactory.createSqlType(SqlTypeName.DECIMAL, MAX, argumentType.getScale()), argumentType);
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
    public RelDataType deriveDecimalDivideType(RelDataTypeFactory typeFactory, RelDataType dividend,
            RelDataType divisor) {
        if (!isDecimal(dividend) && !isDecimal(divisor)) {
            return super.deriveDecimalDivideType(typeFactory, dividend, divisor);
        }
        // As Spark: an integer operand of a decimal division is a DECIMAL(10,0) or (19,0).
        dividend = asDecimal(typeFactory, dividend);
        divisor = asDecimal(typeFactory, divisor);
        RelDataType type = super.deriveDecimalDivideType(typeFactory, dividend, divisor);
        if (type == null || !isDecimal(dividend) || !isDecimal(divisor)) {
            return type;
        }
        int p1 = dividend.getPrecision();
        int s1 = dividend.getScale();
        int p2 = divisor.getPrecision();
        int s2 = divisor.getScale();
        int scale = Math.max(MIN_DIVISION_SCALE, s1 + p2 + 1);
        int integerDigits = p1 - s1 + s2;
        // Spark's rule for results beyond the 38 digits of a type, applied at the 18 digits that
        // decimals compute in (64 bits) in this version: the scale gives way, down to 6 digits.
        if (integerDigits + scale > COMPUTED_DIGITS) {
            scale = Math.max(Math.min(scale, MIN_DIVISION_SCALE), COMPUTED_DIGITS - integerDigits);
        }
        int precision = Math.min(MAX, integerDigits + scale);
        return typeFactory.createTypeWithNullability(
                typeFactory.createSqlType(SqlTypeName.DECIMAL, precision, Math.min(scale, precision)),
                dividend.isNullable() || divisor.isNullable());
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
