package io.arbalest.planner.sql;

import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql2rel.SqlRexConvertlet;

import java.util.List;

/**
 * More of Spark's functions, as the validator types them. Those that standard operators express
 * ({@code isnull}, {@code pmod}, {@code weekofyear}) become them when the query turns into
 * relational algebra ({@link #convertlet}); the rest the physical planner maps to the engine's
 * functions by name.
 */
final class SparkFunctions {
    /** {@code isnull(x)}: x IS NULL. */
    static final SqlFunction ISNULL = new SqlFunction("ISNULL", SqlKind.OTHER_FUNCTION, ReturnTypes.BOOLEAN_NOT_NULL,
            null, OperandTypes.ANY, SqlFunctionCategory.SYSTEM);
    /** {@code isnotnull(x)}: x IS NOT NULL. */
    static final SqlFunction ISNOTNULL = new SqlFunction("ISNOTNULL", SqlKind.OTHER_FUNCTION,
            ReturnTypes.BOOLEAN_NOT_NULL, null, OperandTypes.ANY, SqlFunctionCategory.SYSTEM);
    /** {@code pmod(a, n)}: {@code a % n}, plus n (modulo n) when negative; typed as {@code %}. */
    static final SqlFunction PMOD = new SqlFunction("PMOD", SqlKind.OTHER_FUNCTION, ReturnTypes.NULLABLE_MOD, null,
            OperandTypes.EXACT_NUMERIC_EXACT_NUMERIC, SqlFunctionCategory.NUMERIC);
    /** {@code weekofyear(date)}: the ISO week, 1 to 53 (weeks start on Monday; week 1 has the year's first Thursday). */
    static final SqlFunction WEEKOFYEAR = new SqlFunction("WEEKOFYEAR", SqlKind.OTHER_FUNCTION,
            ReturnTypes.INTEGER_NULLABLE, null, OperandTypes.ANY, SqlFunctionCategory.TIMEDATE);
    /** {@code date_trunc(unit, timestamp)}: a TIMESTAMP. */
    static final SqlFunction DATE_TRUNC = new SqlFunction("DATE_TRUNC", SqlKind.OTHER_FUNCTION,
            nullable(SqlTypeName.TIMESTAMP), null, OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.ANY),
            SqlFunctionCategory.TIMEDATE);
    /** {@code trunc(date, unit)}: a DATE, to the first day of its year, quarter, month or week. */
    static final SqlFunction TRUNC = new SqlFunction("TRUNC", SqlKind.OTHER_FUNCTION, nullable(SqlTypeName.DATE), null,
            OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.STRING), SqlFunctionCategory.TIMEDATE);
    /** {@code unix_timestamp([value[, pattern]])}: BIGINT seconds since 1970 (UTC). */
    static final SqlFunction UNIX_TIMESTAMP = new SqlFunction("UNIX_TIMESTAMP", SqlKind.OTHER_FUNCTION,
            ReturnTypes.BIGINT_NULLABLE, null, OperandTypes.NILADIC.or(OperandTypes.ANY)
                    .or(OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.STRING)), SqlFunctionCategory.TIMEDATE);
    /** {@code from_unixtime(seconds[, pattern])}: the time as text, {@code yyyy-MM-dd HH:mm:ss} by default. */
    static final SqlFunction FROM_UNIXTIME = new SqlFunction("FROM_UNIXTIME", SqlKind.OTHER_FUNCTION,
            nullable(SqlTypeName.VARCHAR), null, OperandTypes.NUMERIC.or(OperandTypes.family(SqlTypeFamily.NUMERIC,
                    SqlTypeFamily.STRING)), SqlFunctionCategory.TIMEDATE);
    /** {@code to_timestamp(value[, pattern])}. */
    static final SqlFunction TO_TIMESTAMP = new SqlFunction("TO_TIMESTAMP", SqlKind.OTHER_FUNCTION,
            nullable(SqlTypeName.TIMESTAMP), null, OperandTypes.ANY.or(OperandTypes.family(SqlTypeFamily.ANY,
                    SqlTypeFamily.STRING)), SqlFunctionCategory.TIMEDATE);

    /** {@code log(base, x)} (Spark's order; BigQuery's is the other) or {@code log(x)}, the natural logarithm. */
    static final SqlFunction LOG = new SqlFunction("LOG", SqlKind.OTHER_FUNCTION, ReturnTypes.DOUBLE_NULLABLE, null,
            OperandTypes.NUMERIC.or(OperandTypes.NUMERIC_NUMERIC), SqlFunctionCategory.NUMERIC);
    /** {@code sign(x)} and {@code signum(x)}: -1.0, 0.0 or 1.0, a DOUBLE as in Spark. */
    static final SqlFunction SIGN = new SqlFunction("SIGN", SqlKind.OTHER_FUNCTION, ReturnTypes.DOUBLE_NULLABLE, null,
            OperandTypes.NUMERIC, SqlFunctionCategory.NUMERIC);
    /**
     * {@code floor(x)} and {@code ceil(x)} typed as Spark types them: a DECIMAL(p, s) becomes a
     * DECIMAL(p - s + 1, 0), a DOUBLE or an integer a BIGINT; {@code FLOOR(ts TO unit)} keeps its type.
     */
    static final SqlFunction FLOOR = new SqlFunction("FLOOR", SqlKind.OTHER_FUNCTION, SparkFunctions::wholeNumberType,
            null, OperandTypes.NUMERIC.or(OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.ANY)),
            SqlFunctionCategory.NUMERIC);
    static final SqlFunction CEIL = new SqlFunction("CEIL", SqlKind.OTHER_FUNCTION, SparkFunctions::wholeNumberType,
            null, OperandTypes.NUMERIC.or(OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.ANY)),
            SqlFunctionCategory.NUMERIC);
    /** {@code date_part(field, x)}: EXTRACT(field FROM x), field a string constant. */
    static final SqlFunction DATE_PART = new SqlFunction("DATE_PART", SqlKind.OTHER_FUNCTION, ReturnTypes.INTEGER_NULLABLE,
            null, OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.ANY), SqlFunctionCategory.TIMEDATE);
    /** {@code next_day(date, dayOfWeek)}: the first later date that is that day ('Mon', 'MO', 'Monday' ...). */
    static final SqlFunction NEXT_DAY = new SqlFunction("NEXT_DAY", SqlKind.OTHER_FUNCTION, nullable(SqlTypeName.DATE),
            null, OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.STRING), SqlFunctionCategory.TIMEDATE);
    /** {@code months_between(end, start[, roundOff])}: a DOUBLE, as Spark computes it. */
    static final SqlFunction MONTHS_BETWEEN = new SqlFunction("MONTHS_BETWEEN", SqlKind.OTHER_FUNCTION,
            ReturnTypes.DOUBLE_NULLABLE, null, OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.ANY)
                    .or(OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.ANY, SqlTypeFamily.BOOLEAN)),
            SqlFunctionCategory.TIMEDATE);
    /** {@code chr(n)} and {@code char(n)}: the character n modulo 256. */
    static final SqlFunction CHR = new SqlFunction("CHR", SqlKind.OTHER_FUNCTION, nullable(SqlTypeName.VARCHAR), null,
            OperandTypes.INTEGER, SqlFunctionCategory.STRING);
    /** {@code sha2(s, bits)}. */
    static final SqlFunction SHA2 = new SqlFunction("SHA2", SqlKind.OTHER_FUNCTION, nullable(SqlTypeName.VARCHAR), null,
            OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.INTEGER), SqlFunctionCategory.STRING);
    /** {@code locate(sub, s[, start])}. */
    static final SqlFunction LOCATE = new SqlFunction("LOCATE", SqlKind.OTHER_FUNCTION, ReturnTypes.INTEGER_NULLABLE,
            null, OperandTypes.STRING_STRING.or(OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.STRING,
                    SqlTypeFamily.INTEGER)), SqlFunctionCategory.STRING);
    /** {@code make_date(year, month, day)}. */
    static final SqlFunction MAKE_DATE = new SqlFunction("MAKE_DATE", SqlKind.OTHER_FUNCTION, nullable(SqlTypeName.DATE),
            null, OperandTypes.family(SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER),
            SqlFunctionCategory.TIMEDATE);
    /** {@code replace(s, search[, replacement])}: every occurrence, removed when there is no replacement. */
    static final SqlFunction REPLACE = new SqlFunction("REPLACE", SqlKind.OTHER_FUNCTION, nullable(SqlTypeName.VARCHAR),
            null, OperandTypes.STRING_STRING.or(OperandTypes.STRING_STRING_STRING), SqlFunctionCategory.STRING);
    /** {@code e()}. */
    static final SqlFunction E = new SqlFunction("E", SqlKind.OTHER_FUNCTION, ReturnTypes.DOUBLE, null,
            OperandTypes.NILADIC, SqlFunctionCategory.NUMERIC);
    /** {@code now()}: CURRENT_TIMESTAMP. */
    static final SqlFunction NOW = new SqlFunction("NOW", SqlKind.OTHER_FUNCTION,
            ReturnTypes.explicit(SqlTypeName.TIMESTAMP), null, OperandTypes.NILADIC, SqlFunctionCategory.TIMEDATE);

    static final List<SqlOperator> ALL = List.of(ISNULL, ISNOTNULL, PMOD, WEEKOFYEAR, DATE_TRUNC, TRUNC, UNIX_TIMESTAMP,
            FROM_UNIXTIME, TO_TIMESTAMP, DATE_PART, NEXT_DAY, MONTHS_BETWEEN, LOG, SIGN, FLOOR, CEIL, CHR, SHA2, LOCATE, MAKE_DATE, REPLACE, E, NOW);
    /** Spark's other names of standard functions (and of {@link #CHR}), by upper-case name. */
    static final java.util.Map<String, SqlOperator> ALIASES = java.util.Map.of("STD", SqlStdOperatorTable.STDDEV_SAMP,
            "SIGNUM", SIGN, "LCASE", SqlStdOperatorTable.LOWER, "UCASE", SqlStdOperatorTable.UPPER,
            "DAY", SqlStdOperatorTable.DAYOFMONTH, "CHAR", CHR, "CEILING", CEIL);

    private SparkFunctions() {
    }

    private static org.apache.calcite.sql.type.SqlReturnTypeInference nullable(SqlTypeName type) {
        return ReturnTypes.explicit(type).andThen(SqlTypeTransforms.TO_NULLABLE);
    }

    /** EXTRACT(unit FROM the call's operand), the operand a TIMESTAMP unless it is a date or time, as the call's type. */
    private static RexNode extract(org.apache.calcite.sql2rel.SqlRexContext cx, org.apache.calcite.sql.SqlCall call,
            TimeUnitRange unit, int operand) {
        RexBuilder rex = cx.getRexBuilder();
        RexNode value = cx.convertExpression(call.operand(operand));
        if (!SqlTypeName.DATETIME_TYPES.contains(value.getType().getSqlTypeName())) {
            value = rex.makeCast(rex.getTypeFactory().createTypeWithNullability(
                    rex.getTypeFactory().createSqlType(SqlTypeName.TIMESTAMP), value.getType().isNullable()), value);
        }
        return rex.makeCast(cx.getValidator().getValidatedNodeType(call),
                rex.makeCall(SqlStdOperatorTable.EXTRACT, rex.makeFlag(unit), value));
    }

    /** A field of date_part as Spark names it. */
    private static TimeUnitRange datePart(String field) {
        return switch (field.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "YEAR", "Y", "YEARS", "YR", "YRS" -> TimeUnitRange.YEAR;
            case "QUARTER", "QTR" -> TimeUnitRange.QUARTER;
            case "MONTH", "MON", "MONS", "MONTHS" -> TimeUnitRange.MONTH;
            case "WEEK", "W", "WEEKS" -> TimeUnitRange.WEEK;
            case "DAY", "D", "DAYS" -> TimeUnitRange.DAY;
            case "DAYOFWEEK", "DOW" -> TimeUnitRange.DOW;
            case "DOY" -> TimeUnitRange.DOY;
            case "HOUR", "H", "HOURS", "HR", "HRS" -> TimeUnitRange.HOUR;
            case "MINUTE", "M", "MIN", "MINS", "MINUTES" -> TimeUnitRange.MINUTE;
            case "SECOND", "S", "SEC", "SECONDS", "SECS" -> TimeUnitRange.SECOND;
            default -> throw new io.arbalest.planner.error.SqlValidationException("'" + field + "' is not a field of "
                    + "date_part: use YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFWEEK, DOY, HOUR, MINUTE or SECOND.", null);
        };
    }

    private static RelDataType wholeNumberType(org.apache.calcite.sql.SqlOperatorBinding binding) {
        RelDataType value = binding.getOperandType(0);
        org.apache.calcite.rel.type.RelDataTypeFactory types = binding.getTypeFactory();
        RelDataType whole;
        if (value.getSqlTypeName() == SqlTypeName.DECIMAL) {
            whole = types.createSqlType(SqlTypeName.DECIMAL, Math.min(types.getTypeSystem().getMaxNumericPrecision(),
                    value.getPrecision() - value.getScale() + 1), 0);
        } else if (SqlTypeName.NUMERIC_TYPES.contains(value.getSqlTypeName())) {
            whole = types.createSqlType(SqlTypeName.BIGINT);
        } else {
            return value; // FLOOR(ts TO unit)
        }
        return types.createTypeWithNullability(whole, value.isNullable());
    }

    /** The standard operators that one of these functions is, or null for the others. */
    static SqlRexConvertlet convertlet(SqlOperator operator) {
        if (operator == ISNULL || operator == ISNOTNULL) {
            return (cx, call) -> cx.getRexBuilder().makeCall(operator == ISNULL ? SqlStdOperatorTable.IS_NULL
                    : SqlStdOperatorTable.IS_NOT_NULL, cx.convertExpression(call.operand(0)));
        }
        if (operator == PMOD) {
            return (cx, call) -> {
                RexBuilder rex = cx.getRexBuilder();
                RexNode value = cx.convertExpression(call.operand(0));
                RexNode divisor = cx.convertExpression(call.operand(1));
                RexNode remainder = rex.makeCall(SqlStdOperatorTable.MOD, value, divisor);
                RexNode lifted = rex.makeCall(SqlStdOperatorTable.MOD,
                        rex.makeCall(SqlStdOperatorTable.PLUS, remainder, divisor), divisor);
                RexNode negative = rex.makeCall(SqlStdOperatorTable.LESS_THAN, remainder,
                        rex.makeZeroLiteral(remainder.getType()));
                RelDataType type = cx.getValidator().getValidatedNodeType(call);
                return rex.makeCast(type, rex.makeCall(SqlStdOperatorTable.CASE, negative, lifted, remainder), true,
                        false);
            };
        }
        if (operator == FLOOR || operator == CEIL) {
            return (cx, call) -> cx.getRexBuilder().makeCast(cx.getValidator().getValidatedNodeType(call),
                    HiveOperators.standard(cx, call, operator == FLOOR ? SqlStdOperatorTable.FLOOR : SqlStdOperatorTable.CEIL));
        }
        if (operator == E) {
            return (cx, call) -> cx.getRexBuilder().makeApproxLiteral(java.math.BigDecimal.valueOf(Math.E));
        }
        if (operator == NOW) {
            return (cx, call) -> cx.getRexBuilder().makeCast(cx.getValidator().getValidatedNodeType(call),
                    cx.getRexBuilder().makeCall(SqlStdOperatorTable.CURRENT_TIMESTAMP));
        }
        if (operator == DATE_PART) {
            return (cx, call) -> {
                if (!(call.operand(0) instanceof org.apache.calcite.sql.SqlCharStringLiteral field)) {
                    throw new io.arbalest.planner.error.SqlValidationException("date_part's field must be a string "
                            + "constant such as 'YEAR'.", null);
                }
                return extract(cx, call, datePart(field.getValueAs(String.class)), 1);
            };
        }
        if (operator == WEEKOFYEAR) {
            return (cx, call) -> extract(cx, call, TimeUnitRange.WEEK, 0);
        }
        return null;
    }
}
