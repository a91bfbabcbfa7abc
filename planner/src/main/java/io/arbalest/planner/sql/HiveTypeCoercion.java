package io.arbalest.planner.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit casts, except that a string where a number is expected (SUM of a CSV column
 * read as text, {@code '2' * 3}) becomes a DOUBLE, as in Spark and Hive; Calcite would make it a
 * DECIMAL(38, 19).
 */
final class HiveTypeCoercion extends TypeCoercionImpl {
    HiveTypeCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
        super(typeFactory, validator);
    }

    @Override
    public RelDataType implicitCast(RelDataType in, SqlTypeFamily expected) {
        RelDataType cast = super.implicitCast(in, expected);
        if (cast != null && SqlTypeUtil.isCharacter(in) && cast.getSqlTypeName() == SqlTypeName.DECIMAL) {
            return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.DOUBLE), in.isNullable());
        }
        return cast;
    }
}
