package io.arbalest.planner.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql2rel.SqlRexConvertlet;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.StandardConvertletTable;

import static org.apache.calcite.util.Static.RESOURCE;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Operators and functions as Hive and Spark define them, where standard SQL (and Calcite) differ:
 * <ul>
 * <li>{@code /} of two integers is DOUBLE division ({@code 7 / 2} is 3.5); {@code a DIV b} (the
 * function {@code DIV(a, b)}) is integer division, BIGINT;</li>
 * <li>{@code date + n} and {@code date - n} add or subtract n days;</li>
 * <li>Spark's functions that Calcite's libraries lack or define otherwise ({@link #FUNCTIONS}).</li>
 * </ul>
 * The parsed query's {@code /}, {@code +} and {@code -} are swapped for the operators here before
 * validation ({@link #REWRITE}), and the operator table answers them ({@link #table}); when the
 * query becomes relational algebra they turn back into the standard operators
 * ({@link #CONVERTLETS}), so that rules, constant folding and the physical planner see only those.
 */
final class HiveOperators {
    /** {@code /}: DOUBLE when both operands are integers, else as in standard SQL. */
    static final SqlBinaryOperator DIVIDE = new SqlBinaryOperator("/", SqlKind.DIVIDE, 60, true,
            HiveOperators::quotientType, InferTypes.FIRST_KNOWN, OperandTypes.DIVISION_OPERATOR);
    /** {@code DIV(a, b)}, which {@code a DIV b} is rewritten to: integer division, truncating toward zero. */
    static final SqlFunction DIV = new SqlFunction("DIV", SqlKind.OTHER_FUNCTION, ReturnTypes.BIGINT_NULLABLE, null,
            OperandTypes.NUMERIC_NUMERIC, SqlFunctionCategory.NUMERIC);
    /** Spark's {@code datediff(end, start)}: days from start to end (dates, timestamps or date strings). */
    static final SqlFunction DATEDIFF = new SqlFunction("DATEDIFF", SqlKind.OTHER_FUNCTION,
            ReturnTypes.INTEGER_NULLABLE, null, OperandTypes.ANY_ANY, SqlFunctionCategory.TIMEDATE);
    /** Spark's {@code regexp_extract(s, regex[, group])}. */
    static final SqlFunction REGEXP_EXTRACT = new SqlFunction("REGEXP_EXTRACT", SqlKind.OTHER_FUNCTION,
            ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.TO_NULLABLE), null,
            OperandTypes.STRING_STRING.or(OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.STRING,
                    SqlTypeFamily.INTEGER)), SqlFunctionCategory.STRING);
    /** Spark's {@code date_format(dateOrTimestamp, pattern)}: the value as text, by a datetime pattern. */
    static final SqlFunction DATE_FORMAT = new SqlFunction("DATE_FORMAT", SqlKind.OTHER_FUNCTION,
            ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.TO_NULLABLE), null,
            OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.STRING), SqlFunctionCategory.TIMEDATE);
    /** Spark's {@code to_date(x[, format])}. */
    static final SqlFunction TO_DATE = new SqlFunction("TO_DATE", SqlKind.OTHER_FUNCTION,
            ReturnTypes.explicit(SqlTypeName.DATE).andThen(SqlTypeTransforms.TO_NULLABLE), null,
            OperandTypes.ANY.or(OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.STRING)),
            SqlFunctionCategory.TIMEDATE);
    /**
     * Spark's {@code greatest} and {@code least}: NULL arguments are skipped, so unlike
     * Calcite's (NULL if any argument is) they must not be simplified to NULL.
     */
    static final SqlFunction GREATEST = new SqlFunction("GREATEST", SqlKind.OTHER_FUNCTION,
            ReturnTypes.LEAST_RESTRICTIVE.andThen(SqlTypeTransforms.TO_NULLABLE), null,
            OperandTypes.SAME_VARIADIC, SqlFunctionCategory.SYSTEM);
    static final SqlFunction LEAST = new SqlFunction("LEAST", SqlKind.OTHER_FUNCTION,
            ReturnTypes.LEAST_RESTRICTIVE.andThen(SqlTypeTransforms.TO_NULLABLE), null,
            OperandTypes.SAME_VARIADIC, SqlFunctionCategory.SYSTEM);
    /**
     * {@code round(x[, places])} typed as Spark types it: a DECIMAL(p, s) rounds to DECIMAL(p - s + 1 +
     * s', s') with s' = min(s, places) (one more integer digit for the carry, as 99.5 to 100), or
     * to DECIMAL(max(p - s + 1, 1 - places), 0) when places is negative; other types keep theirs.
     */
    static final SqlFunction ROUND = new SqlFunction("ROUND", SqlKind.OTHER_FUNCTION, HiveOperators::roundType, null,
            OperandTypes.NUMERIC_OPTIONAL_INTEGER, SqlFunctionCategory.NUMERIC);
    /**
     * Spark's functions that Calcite's Spark and Hive libraries lack, or type or simplify another
     * engine's way; by name, they answer for that name alone.
     */
    static final List<SqlOperator> FUNCTIONS = Stream.concat(Stream.of(DIV, DATEDIFF, REGEXP_EXTRACT,
            TO_DATE, DATE_FORMAT, GREATEST, LEAST, ROUND, SqlLibraryOperators.CONCAT_FUNCTION, SqlLibraryOperators.SPLIT_PART),
            SparkFunctions.ALL.stream()).toList();
    static final SqlBinaryOperator PLUS = new SqlBinaryOperator("+", SqlKind.PLUS, 40, true,
            binding -> dateArithmetic(binding) ? dateType(binding)
                    : SqlStdOperatorTable.PLUS.inferReturnType(binding), InferTypes.FIRST_KNOWN,
            OperandTypes.PLUS_OPERATOR.or(OperandTypes.family(SqlTypeFamily.DATE, SqlTypeFamily.INTEGER))
                    .or(OperandTypes.family(SqlTypeFamily.INTEGER, SqlTypeFamily.DATE)));
    static final SqlBinaryOperator MINUS = new SqlBinaryOperator("-", SqlKind.MINUS, 40, true,
            binding -> dateArithmetic(binding) ? dateType(binding)
                    : SqlStdOperatorTable.MINUS.inferReturnType(binding), InferTypes.FIRST_KNOWN,
            OperandTypes.MINUS_OPERATOR.or(OperandTypes.family(SqlTypeFamily.DATE, SqlTypeFamily.INTEGER)));

    private static final Map<SqlOperator, SqlOperator> STANDARD = Map.of(SqlStdOperatorTable.DIVIDE, DIVIDE,
            SqlStdOperatorTable.PLUS, PLUS, SqlStdOperatorTable.MINUS, MINUS,
            SqlStdOperatorTable.FLOOR, SparkFunctions.FLOOR, SqlStdOperatorTable.CEIL, SparkFunctions.CEIL);

    /** Swaps the standard {@code /}, {@code +}, {@code -}, FLOOR and CEIL of a parsed query for Spark's. */
    static final SqlShuttle REWRITE = new SqlShuttle() {
        @Override
        public SqlNode visit(SqlCall call) {
            SqlNode visited = super.visit(call);
            if (visited instanceof SqlBasicCall basic && STANDARD.containsKey(basic.getOperator())) {
                basic.setOperator(STANDARD.get(basic.getOperator()));
            }
            return visited;
        }
    };

    /** Turns the operators above back into standard ones, with the casts their typing implies. */
    static final SqlRexConvertletTable CONVERTLETS = call -> {
        SqlOperator operator = call.getOperator();
        if (operator == DIVIDE) {
            return (cx, c) -> {
                RexNode left = cx.convertExpression(c.operand(0));
                RexNode right = cx.convertExpression(c.operand(1));
                if (isInteger(left.getType()) && isInteger(right.getType())) {
                    RexBuilder rex = cx.getRexBuilder();
                    RelDataType type = rex.getTypeFactory().createSqlType(SqlTypeName.DOUBLE);
                    return rex.makeCall(SqlStdOperatorTable.DIVIDE, cast(rex, type, left), cast(rex, type, right));
                }
                return standard(cx, c, SqlStdOperatorTable.DIVIDE);
            };
        }
        if (operator == DIV) {
            return (cx, c) -> {
                RexBuilder rex = cx.getRexBuilder();
                RelDataType type = rex.getTypeFactory().createSqlType(SqlTypeName.BIGINT);
                return rex.makeCall(SqlStdOperatorTable.DIVIDE, cast(rex, type, cx.convertExpression(c.operand(0))),
                        cast(rex, type, cx.convertExpression(c.operand(1))));
            };
        }
        if (operator == PLUS || operator == MINUS) {
            return (cx, c) -> {
                RexNode left = cx.convertExpression(c.operand(0));
                RexNode right = cx.convertExpression(c.operand(1));
                boolean leftDate = left.getType().getSqlTypeName() == SqlTypeName.DATE;
                boolean rightDate = right.getType().getSqlTypeName() == SqlTypeName.DATE;
                if (leftDate && isInteger(right.getType()) || rightDate && isInteger(left.getType())) {
                    SqlOperator days = operator == PLUS ? SqlLibraryOperators.DATE_ADD_SPARK
                            : SqlLibraryOperators.DATE_SUB_SPARK;
                    return cx.getRexBuilder().makeCall(days, leftDate ? List.of(left, right) : List.of(right, left));
                }
                return standard(cx, c, operator == PLUS ? SqlStdOperatorTable.PLUS : SqlStdOperatorTable.MINUS);
            };
        }
        SqlRexConvertlet spark = SparkFunctions.convertlet(operator);
        return spark != null ? spark : StandardConvertletTable.INSTANCE.get(call);
    };

    private HiveOperators() {
    }

    /**
     * {@code operators} with {@code /}, {@code +} and {@code -} as above. (The validator looks a
     * binary operator up by name again when it types a call, so the table must answer ours.)
     */
    static SqlOperatorTable table(SqlOperatorTable operators) {
        Map<String, SqlOperator> binary = Map.of("/", DIVIDE, "+", PLUS, "-", MINUS);
        Map<String, SqlOperator> functions = new java.util.HashMap<>();
        FUNCTIONS.forEach(function -> functions.put(function.getName(), function));
        functions.putAll(SparkFunctions.ALIASES);
        return new SqlOperatorTable() {
            @Override
            public void lookupOperatorOverloads(SqlIdentifier name, SqlFunctionCategory category, SqlSyntax syntax,
                    List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
                if (syntax == SqlSyntax.BINARY && name.isSimple() && binary.containsKey(name.getSimple())) {
                    operatorList.add(binary.get(name.getSimple()));
                    return;
                }
                String upper = name.isSimple() ? name.getSimple().toUpperCase(java.util.Locale.ROOT) : "";
                if (syntax == SqlSyntax.FUNCTION && functions.containsKey(upper)) {
                    operatorList.add(functions.get(upper));
                    return;
                }
                operators.lookupOperatorOverloads(name, category, syntax, operatorList, nameMatcher);
            }

            @Override
            public List<SqlOperator> getOperatorList() {
                return operators.getOperatorList();
            }
        };
    }

    /** The call converted as the standard operator would be (on the same node, which the validator typed). */
    static RexNode standard(org.apache.calcite.sql2rel.SqlRexContext cx, SqlCall call, SqlOperator standard) {
        SqlBasicCall basic = (SqlBasicCall) call;
        SqlOperator ours = basic.getOperator();
        basic.setOperator(standard);
        try {
            return StandardConvertletTable.INSTANCE.get(basic).convertCall(cx, basic);
        } finally {
            basic.setOperator(ours);
        }
    }

    private static RexNode cast(RexBuilder rex, RelDataType type, RexNode value) {
        return rex.makeCast(rex.getTypeFactory().createTypeWithNullability(type, value.getType().isNullable()), value);
    }

    private static RelDataType quotientType(SqlOperatorBinding binding) {
        if (isInteger(binding.getOperandType(0)) && isInteger(binding.getOperandType(1))) {
            RelDataTypeFactory types = binding.getTypeFactory();
            return types.createTypeWithNullability(types.createSqlType(SqlTypeName.DOUBLE),
                    binding.getOperandType(0).isNullable() || binding.getOperandType(1).isNullable());
        }
        return SqlStdOperatorTable.DIVIDE.inferReturnType(binding);
    }

    private static RelDataType roundType(SqlOperatorBinding binding) {
        RelDataType value = binding.getOperandType(0);
        if (value.getSqlTypeName() != SqlTypeName.DECIMAL) {
            return binding.getOperandCount() > 1 ? binding.getTypeFactory().createTypeWithNullability(value,
                    value.isNullable() || binding.getOperandType(1).isNullable()) : value;
        }
        if (binding.getOperandCount() > 1 && !binding.isOperandLiteral(1, false)) {
            throw binding.newError(RESOURCE.argumentMustBeLiteral("ROUND"));
        }
        int places = binding.getOperandCount() > 1 ? binding.getOperandLiteralValue(1, Integer.class) : 0;
        int integerDigits = value.getPrecision() - value.getScale() + 1;
        int max = binding.getTypeFactory().getTypeSystem().getMaxNumericPrecision();
        RelDataType rounded;
        if (places < 0) {
            rounded = binding.getTypeFactory().createSqlType(SqlTypeName.DECIMAL,
                    Math.min(max, Math.max(integerDigits, 1 - places)), 0);
        } else {
            int scale = Math.min(value.getScale(), places);
            rounded = binding.getTypeFactory().createSqlType(SqlTypeName.DECIMAL, Math.min(max, integerDigits + scale),
                    scale);
        }
        return binding.getTypeFactory().createTypeWithNullability(rounded, value.isNullable());
    }

    private static boolean dateArithmetic(SqlOperatorBinding binding) {
        RelDataType left = binding.getOperandType(0);
        RelDataType right = binding.getOperandType(1);
        return left.getSqlTypeName() == SqlTypeName.DATE && isInteger(right)
                || right.getSqlTypeName() == SqlTypeName.DATE && isInteger(left);
    }

    private static RelDataType dateType(SqlOperatorBinding binding) {
        RelDataTypeFactory types = binding.getTypeFactory();
        return types.createTypeWithNullability(types.createSqlType(SqlTypeName.DATE),
                binding.getOperandType(0).isNullable() || binding.getOperandType(1).isNullable());
    }

    private static boolean isInteger(RelDataType type) {
        return SqlTypeUtil.isExactNumeric(type) && !SqlTypeUtil.isDecimal(type);
    }
}
