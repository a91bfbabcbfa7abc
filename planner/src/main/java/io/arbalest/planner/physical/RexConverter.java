package io.arbalest.planner.physical;

import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.expr.Call;
import io.arbalest.planner.expr.ColumnRef;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.sql.TypeMapping;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.DecimalValues;
import io.arbalest.planner.types.DataType.Kind;
import io.arbalest.planner.types.RowSchema;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlTrimFunction;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Converts Calcite row expressions over an input schema into engine expressions, inserting the
 * casts kernels rely on (both operands of a comparison or an arithmetic operator share a type).
 */
final class RexConverter {
    private final RowSchema input;
    private final RexBuilder rexBuilder;

    RexConverter(RowSchema input, RexBuilder rexBuilder) {
        this.input = input;
        this.rexBuilder = rexBuilder;
    }

    Expr convert(RexNode node) {
        if (node instanceof RexInputRef ref) {
            return new ColumnRef(ref.getIndex(), input.type(ref.getIndex()));
        }
        if (node instanceof RexLiteral literal) {
            return literal(literal);
        }
        if (node instanceof RexCall call) {
            return call(call);
        }
        throw new UnsupportedFeatureException("Expression " + node + " is not supported yet.");
    }

    static Literal literal(RexLiteral literal) {
        DataType type = TypeMapping.fromCalcite(literal.getType());
        if (literal.isNull()) {
            return Literal.nullOf(type);
        }
        Object value = switch (type.kind()) {
            case BOOLEAN -> literal.getValueAs(Boolean.class);
            case INT, BIGINT, INTERVAL_DAY_TIME -> literal.getValueAs(Long.class);
            case INTERVAL_YEAR_MONTH -> literal.getValueAs(BigDecimal.class).longValueExact();
            case REAL, DOUBLE -> literal.getValueAs(Double.class);
            case DECIMAL -> DecimalValues.box(literal.getValueAs(BigDecimal.class)
                    .setScale(type.scale(), RoundingMode.UNNECESSARY).unscaledValue(), type);
            case DATE -> (long) literal.getValueAs(Integer.class);
            case TIMESTAMP -> literal.getValueAs(Long.class) * 1000L;
            case VARCHAR -> literal.getValueAs(String.class);
        };
        return new Literal(value, type);
    }

    private Expr call(RexCall call) {
        DataType type = TypeMapping.fromCalcite(call.getType());
        SqlKind kind = call.getKind();
        return switch (kind) {
            case PLUS, MINUS -> plusMinus(call, type);
            case TIMES -> arithmetic(Function.MULTIPLY, call, type);
            case DIVIDE -> arithmetic(Function.DIVIDE, call, type);
            case MOD -> arithmetic(Function.MODULO, call, type);
            case MINUS_PREFIX -> Call.of(Function.NEGATE, type, Coercions.cast(operand(call, 0), type));
            case PLUS_PREFIX -> operand(call, 0);
            case EQUALS -> comparison(Function.EQUAL, call);
            case NOT_EQUALS -> comparison(Function.NOT_EQUAL, call);
            case LESS_THAN -> comparison(Function.LESS_THAN, call);
            case LESS_THAN_OR_EQUAL -> comparison(Function.LESS_THAN_OR_EQUAL, call);
            case GREATER_THAN -> comparison(Function.GREATER_THAN, call);
            case GREATER_THAN_OR_EQUAL -> comparison(Function.GREATER_THAN_OR_EQUAL, call);
            case IS_DISTINCT_FROM -> comparison(Function.IS_DISTINCT_FROM, call);
            case IS_NOT_DISTINCT_FROM -> comparison(Function.IS_NOT_DISTINCT_FROM, call);
            case AND -> new Call(Function.AND, operands(call), DataType.BOOLEAN);
            case OR -> new Call(Function.OR, operands(call), DataType.BOOLEAN);
            case NOT -> Call.of(Function.NOT, DataType.BOOLEAN, operand(call, 0));
            case IS_NULL -> Call.of(Function.IS_NULL, DataType.BOOLEAN, operand(call, 0));
            case IS_NOT_NULL -> Call.of(Function.IS_NOT_NULL, DataType.BOOLEAN, operand(call, 0));
            case IS_TRUE -> Call.of(Function.IS_TRUE, DataType.BOOLEAN, operand(call, 0));
            case IS_FALSE -> Call.of(Function.IS_FALSE, DataType.BOOLEAN, operand(call, 0));
            case IS_NOT_TRUE -> Call.of(Function.IS_NOT_TRUE, DataType.BOOLEAN, operand(call, 0));
            case IS_NOT_FALSE -> Call.of(Function.IS_NOT_FALSE, DataType.BOOLEAN, operand(call, 0));
            case CAST -> Coercions.cast(operand(call, 0), type);
            case CASE -> caseWhen(call, type);
            case COALESCE -> new Call(Function.COALESCE, castAll(operands(call), type), type);
            case SEARCH -> convert(RexUtil.expandSearch(rexBuilder, null, call));
            case IN -> in(call);
            case LIKE -> new Call(Function.LIKE, operands(call), DataType.BOOLEAN);
            case EXTRACT -> extract(call);
            case TRIM -> trim(call);
            case POSITION -> Call.of(Function.POSITION, DataType.INT, operand(call, 0), operand(call, 1));
            case FLOOR, CEIL -> rounding(kind == SqlKind.FLOOR ? Function.FLOOR : Function.CEIL, call, type);
            default -> namedFunction(call, type);
        };
    }

    private Expr namedFunction(RexCall call, DataType type) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "UPPER" -> Call.of(Function.UPPER, type, operand(call, 0));
            case "LOWER" -> Call.of(Function.LOWER, type, operand(call, 0));
            case "CHAR_LENGTH", "CHARACTER_LENGTH" -> Call.of(Function.CHAR_LENGTH, DataType.INT, operand(call, 0));
            case "SUBSTRING" -> {
                List<Expr> args = new ArrayList<>(operands(call));
                for (int i = 1; i < args.size(); i++) {
                    args.set(i, Coercions.cast(args.get(i), DataType.BIGINT));
                }
                yield new Call(Function.SUBSTRING, args, type);
            }
            case "SUBSTR" -> {
                List<Expr> args = new ArrayList<>(operands(call));
                for (int i = 1; i < args.size(); i++) {
                    args.set(i, Coercions.cast(args.get(i), DataType.BIGINT));
                }
                yield new Call(Function.SUBSTR, args, type);
            }
            case "DATE" -> {
                if (call.getOperands().size() != 1) {
                    throw new UnsupportedFeatureException("DATE(...) takes one argument (a string or a timestamp); got "
                            + call + ".");
                }
                yield Coercions.cast(operand(call, 0), DataType.DATE);
            }
            // Evaluated once, when the query is planned: every row of a query sees the same value.
            case "CURRENT_DATE" -> new Literal(java.time.LocalDate.now().toEpochDay(), DataType.DATE);
            case "CURRENT_TIMESTAMP", "LOCALTIMESTAMP" -> {
                java.time.LocalDateTime now = java.time.LocalDateTime.now();
                yield new Literal(now.toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L + now.getNano() / 1000,
                        DataType.TIMESTAMP);
            }
            case "||" -> Call.of(Function.CONCAT, type, Coercions.cast(operand(call, 0), DataType.VARCHAR),
                    Coercions.cast(operand(call, 1), DataType.VARCHAR));
            case "ABS" -> Call.of(Function.ABS, type, Coercions.cast(operand(call, 0), type));
            case "POWER" -> Call.of(Function.POWER, DataType.DOUBLE, Coercions.cast(operand(call, 0), DataType.DOUBLE),
                    Coercions.cast(operand(call, 1), DataType.DOUBLE));
            case "SQRT" -> Call.of(Function.SQRT, DataType.DOUBLE, Coercions.cast(operand(call, 0), DataType.DOUBLE));
            case "ROUND" -> {
                List<Expr> args = new ArrayList<>(operands(call));
                if (args.size() > 1) {
                    args.set(1, Coercions.cast(args.get(1), DataType.BIGINT));
                }
                yield new Call(Function.ROUND, args, type);
            }
            default -> sparkFunction(name, call, type);
        };
    }

    /** Spark's and Hive's functions, with Spark's semantics. */
    private Expr sparkFunction(String name, RexCall call, DataType type) {
        int arity = call.getOperands().size();
        return switch (name) {
            case "NVL", "IFNULL" -> new Call(Function.COALESCE, castAll(operands(call), type), type);
            case "IF" -> new Call(Function.CASE, List.of(operand(call, 0), Coercions.cast(operand(call, 1), type),
                    Coercions.cast(operand(call, 2), type)), type);
            case "CONCAT" -> {
                List<Expr> args = castAll(operands(call), DataType.VARCHAR);
                Expr joined = args.get(0);
                for (Expr next : args.subList(1, args.size())) {
                    joined = Call.of(Function.CONCAT, DataType.VARCHAR, joined, next);
                }
                yield joined;
            }
            case "CONCAT_WS" -> new Call(Function.CONCAT_WS, castAll(operands(call), DataType.VARCHAR), DataType.VARCHAR);
            case "DATE_ADD", "DATE_SUB" -> {
                Expr days = Coercions.cast(operand(call, 1), DataType.BIGINT);
                if (name.equals("DATE_SUB")) {
                    days = Call.of(Function.NEGATE, DataType.BIGINT, days);
                }
                yield Call.of(Function.DATE_ADD_DAYS, DataType.DATE, Coercions.cast(operand(call, 0), DataType.DATE), days);
            }
            case "DATEDIFF" -> {
                requireArity(call, 2, "datediff(endDate, startDate)");
                yield Coercions.cast(Call.of(Function.DATE_DIFF, DataType.BIGINT,
                        Coercions.cast(operand(call, 0), DataType.DATE), Coercions.cast(operand(call, 1), DataType.DATE)),
                        type);
            }
            case "TO_DATE" -> Coercions.cast(arity > 1 ? SparkTimes.parse(operand(call, 0), operand(call, 1))
                    : operand(call, 0), DataType.DATE);
            case "TO_TIMESTAMP" -> arity > 1 ? SparkTimes.parse(operand(call, 0), operand(call, 1))
                    : Coercions.cast(operand(call, 0), DataType.TIMESTAMP);
            case "UNIX_TIMESTAMP" -> arity == 0 ? new Literal(java.time.Instant.now().getEpochSecond(), DataType.BIGINT)
                    : SparkTimes.unixTimestamp(operand(call, 0), arity > 1 ? operand(call, 1) : null);
            case "FROM_UNIXTIME" -> SparkTimes.fromUnixtime(operand(call, 0), arity > 1 ? operand(call, 1) : null);
            case "DATE_TRUNC" -> SparkTimes.dateTrunc(operand(call, 0), operand(call, 1));
            case "TRUNC" -> SparkTimes.trunc(operand(call, 0), operand(call, 1));
            case "LAST_DAY" -> Call.of(Function.LAST_DAY, DataType.DATE, Coercions.cast(operand(call, 0), DataType.DATE));
            case "LN", "LOG10", "LOG2", "EXP", "CBRT", "DEGREES", "RADIANS", "SIN", "COS", "TAN", "ASIN", "ACOS", "ATAN",
                    "SIGN" -> Coercions.cast(Call.of(Function.valueOf(name), DataType.DOUBLE, doubleOperand(call, 0)), type);
            case "LOG" -> arity == 1 ? Call.of(Function.LN, DataType.DOUBLE, doubleOperand(call, 0))
                    : Call.of(Function.LOG, DataType.DOUBLE, doubleOperand(call, 0), doubleOperand(call, 1));
            case "ATAN2" -> Call.of(Function.ATAN2, DataType.DOUBLE, doubleOperand(call, 0), doubleOperand(call, 1));
            case "LEFT", "RIGHT", "REPEAT" -> Call.of(Function.valueOf(name), DataType.VARCHAR, textOperand(call, 0),
                    Coercions.cast(operand(call, 1), DataType.BIGINT));
            case "REVERSE" -> Call.of(Function.REVERSE, DataType.VARCHAR, textOperand(call, 0));
            case "REPLACE" -> Call.of(Function.REPLACE, DataType.VARCHAR, textOperand(call, 0), textOperand(call, 1),
                    arity > 2 ? textOperand(call, 2) : new Literal("", DataType.VARCHAR));
            case "TRANSLATE3" -> Call.of(Function.TRANSLATE, DataType.VARCHAR, textOperand(call, 0), textOperand(call, 1),
                    textOperand(call, 2));
            case "ASCII" -> Call.of(Function.ASCII, DataType.INT, textOperand(call, 0));
            case "SPACE", "CHR" -> Call.of(Function.valueOf(name), DataType.VARCHAR,
                    Coercions.cast(operand(call, 0), DataType.BIGINT));
            case "LOCATE" -> Call.of(Function.LOCATE, DataType.INT, textOperand(call, 0), textOperand(call, 1),
                    arity > 2 ? Coercions.cast(operand(call, 2), DataType.BIGINT) : new Literal(1L, DataType.BIGINT));
            case "MD5", "SHA1" -> Call.of(Function.valueOf(name), DataType.VARCHAR, textOperand(call, 0));
            case "SHA2" -> Call.of(Function.SHA2, DataType.VARCHAR, textOperand(call, 0),
                    Coercions.cast(operand(call, 1), DataType.BIGINT));
            case "CRC32" -> Call.of(Function.CRC32, DataType.BIGINT, textOperand(call, 0));
            case "MAKE_DATE" -> Call.of(Function.MAKE_DATE, DataType.DATE, Coercions.cast(operand(call, 0), DataType.BIGINT),
                    Coercions.cast(operand(call, 1), DataType.BIGINT), Coercions.cast(operand(call, 2), DataType.BIGINT));
            case "NEXT_DAY" -> Call.of(Function.NEXT_DAY, DataType.DATE, Coercions.cast(operand(call, 0), DataType.DATE),
                    textOperand(call, 1));
            case "MONTHS_BETWEEN" -> Call.of(Function.MONTHS_BETWEEN, DataType.DOUBLE,
                    Coercions.cast(operand(call, 0), DataType.TIMESTAMP), Coercions.cast(operand(call, 1), DataType.TIMESTAMP),
                    arity > 2 ? operand(call, 2) : new Literal(true, DataType.BOOLEAN));
            case "INITCAP" -> Call.of(Function.INITCAP, DataType.VARCHAR, Coercions.cast(operand(call, 0), DataType.VARCHAR));
            case "RLIKE" -> Call.of(Function.RLIKE, DataType.BOOLEAN, Coercions.cast(operand(call, 0), DataType.VARCHAR),
                    Coercions.cast(operand(call, 1), DataType.VARCHAR));
            case "DATE_FORMAT" -> Call.of(Function.DATE_FORMAT, DataType.VARCHAR,
                    Coercions.cast(operand(call, 0), DataType.TIMESTAMP), Coercions.cast(operand(call, 1), DataType.VARCHAR));
            case "INSTR" -> {
                requireArity(call, 2, "instr(string, substring)");
                yield Call.of(Function.POSITION, DataType.INT, Coercions.cast(operand(call, 1), DataType.VARCHAR),
                        Coercions.cast(operand(call, 0), DataType.VARCHAR));
            }
            case "LENGTH" -> Call.of(Function.CHAR_LENGTH, DataType.INT, Coercions.cast(operand(call, 0), DataType.VARCHAR));
            case "GREATEST", "LEAST" -> new Call(name.equals("GREATEST") ? Function.GREATEST : Function.LEAST,
                    castAll(operands(call), type), type);
            case "LPAD", "RPAD" -> new Call(name.equals("LPAD") ? Function.LPAD : Function.RPAD, List.of(
                    Coercions.cast(operand(call, 0), DataType.VARCHAR), Coercions.cast(operand(call, 1), DataType.BIGINT),
                    arity > 2 ? Coercions.cast(operand(call, 2), DataType.VARCHAR) : new Literal(" ", DataType.VARCHAR)),
                    DataType.VARCHAR);
            case "REGEXP_REPLACE" -> {
                requireArity(call, 3, "regexp_replace(string, regex, replacement)");
                yield new Call(Function.REGEXP_REPLACE, castAll(operands(call), DataType.VARCHAR), DataType.VARCHAR);
            }
            case "REGEXP_EXTRACT" -> new Call(Function.REGEXP_EXTRACT, List.of(
                    Coercions.cast(operand(call, 0), DataType.VARCHAR), Coercions.cast(operand(call, 1), DataType.VARCHAR),
                    arity > 2 ? Coercions.cast(operand(call, 2), DataType.BIGINT) : new Literal(1L, DataType.BIGINT)),
                    DataType.VARCHAR);
            case "SPLIT_PART" -> new Call(Function.SPLIT_PART, List.of(
                    Coercions.cast(operand(call, 0), DataType.VARCHAR), Coercions.cast(operand(call, 1), DataType.VARCHAR),
                    Coercions.cast(operand(call, 2), DataType.BIGINT)), DataType.VARCHAR);
            default -> throw new UnsupportedFeatureException("Function " + call.getOperator().getName()
                    + " is not supported yet (in " + call + ").");
        };
    }

    private static void requireArity(RexCall call, int arity, String form) {
        if (call.getOperands().size() != arity) {
            throw new UnsupportedFeatureException(call.getOperator().getName() + " takes " + arity
                    + " arguments here: " + form + ".");
        }
    }

    private Expr plusMinus(RexCall call, DataType type) {
        Expr left = operand(call, 0);
        Expr right = operand(call, 1);
        boolean plus = call.getKind() == SqlKind.PLUS;
        if (Coercions.isTemporal(left.type()) && isInterval(right.type())) {
            return Call.of(plus ? Function.DATETIME_PLUS : Function.DATETIME_MINUS, type, left, right);
        }
        if (plus && isInterval(left.type()) && Coercions.isTemporal(right.type())) {
            return Call.of(Function.DATETIME_PLUS, type, right, left);
        }
        return arithmetic(plus ? Function.ADD : Function.SUBTRACT, call, type);
    }

    /**
     * Operands are cast to the result type, except decimals: MULTIPLY and DIVIDE take their
     * operands at their own scales (the kernel rescales the product or the dividend to the result's
     * scale); + - % take them at the result's scale, each keeping its own integer digits, so that
     * a 64-bit operand stays 64-bit where the result is 128-bit (the kernel reads either).
     */
    private Expr arithmetic(Function function, RexCall call, DataType type) {
        Expr left = operand(call, 0);
        Expr right = operand(call, 1);
        if (type.kind() != Kind.DECIMAL) {
            return Call.of(function, type, Coercions.cast(left, type), Coercions.cast(right, type));
        }
        DataType leftType = Coercions.asDecimal(left.type());
        DataType rightType = Coercions.asDecimal(right.type());
        left = Coercions.cast(left, leftType);
        right = Coercions.cast(right, rightType);
        return switch (function) {
            case MULTIPLY -> {
                if (leftType.scale() + rightType.scale() < type.scale()) {
                    throw new IllegalStateException("the product " + type + " of " + leftType + " and " + rightType);
                }
                yield Call.of(Function.MULTIPLY, type, left, right);
            }
            case DIVIDE -> Call.of(Function.DIVIDE, type, left, right);
            default -> Call.of(function, type, Coercions.cast(left, atScale(leftType, type.scale())),
                    Coercions.cast(right, atScale(rightType, type.scale())));
        };
    }

    /** {@code type}'s integer digits at {@code scale} (at most 38 digits in all). */
    private static DataType atScale(DataType type, int scale) {
        int integerDigits = type.precision() - type.scale();
        return DataType.decimal(Math.min(DataType.MAX_DECIMAL_PRECISION, Math.max(integerDigits + scale, 1)), scale);
    }

    private Expr comparison(Function function, RexCall call) {
        Expr left = operand(call, 0);
        Expr right = operand(call, 1);
        DataType common = Coercions.commonType(left.type(), right.type());
        return Call.of(function, DataType.BOOLEAN, Coercions.cast(left, common), Coercions.cast(right, common));
    }

    private Expr in(RexCall call) {
        List<Expr> args = operands(call);
        DataType common = args.get(0).type();
        for (Expr arg : args.subList(1, args.size())) {
            common = Coercions.commonType(common, arg.type());
        }
        return new Call(Function.IN, castAll(args, common), DataType.BOOLEAN);
    }

    private Expr caseWhen(RexCall call, DataType type) {
        List<Expr> args = operands(call);
        List<Expr> converted = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            boolean isValue = i % 2 == 1 || i == args.size() - 1;
            converted.add(isValue ? Coercions.cast(args.get(i), type) : args.get(i));
        }
        return new Call(Function.CASE, converted, type);
    }

    private Expr extract(RexCall call) {
        TimeUnitRange unit = ((RexLiteral) call.getOperands().get(0)).getValueAs(TimeUnitRange.class);
        Expr value = operand(call, 1);
        return Call.of(Function.EXTRACT, DataType.BIGINT, new Literal(unit.name(), DataType.VARCHAR), value);
    }

    private Expr trim(RexCall call) {
        SqlTrimFunction.Flag flag = ((RexLiteral) call.getOperands().get(0)).getValueAs(SqlTrimFunction.Flag.class);
        return Call.of(Function.TRIM, DataType.VARCHAR, new Literal(flag.name(), DataType.VARCHAR),
                operand(call, 1), operand(call, 2));
    }

    private Expr rounding(Function function, RexCall call, DataType type) {
        Expr value = operand(call, 0);
        if (call.getOperands().size() == 2 && function == Function.FLOOR && Coercions.isTemporal(value.type())) {
            // FLOOR(ts TO unit) is date_trunc(unit, ts)
            TimeUnitRange unit = ((RexLiteral) call.getOperands().get(1)).getValueAs(TimeUnitRange.class);
            return Coercions.cast(SparkTimes.dateTrunc(new Literal(unit.name(), DataType.VARCHAR), value), type);
        }
        if (call.getOperands().size() != 1 || !type.isNumeric()) {
            throw new UnsupportedFeatureException(call.getOperator().getName() + " of dates is not supported yet "
                    + "(FLOOR(ts TO unit) and date_trunc(unit, ts) are).");
        }
        if (value.type().isFloatingPoint()) { // Spark's floor of a DOUBLE is a BIGINT
            return Coercions.cast(Call.of(function, DataType.DOUBLE, Coercions.cast(value, DataType.DOUBLE)), type);
        }
        return Call.of(function, type, value);
    }

    private static boolean isInterval(DataType type) {
        return type.kind() == Kind.INTERVAL_DAY_TIME || type.kind() == Kind.INTERVAL_YEAR_MONTH;
    }

    private static List<Expr> castAll(List<Expr> args, DataType type) {
        return args.stream().map(a -> Coercions.cast(a, type)).toList();
    }

    private Expr doubleOperand(RexCall call, int index) {
        return Coercions.cast(operand(call, index), DataType.DOUBLE);
    }

    private Expr textOperand(RexCall call, int index) {
        return Coercions.cast(operand(call, index), DataType.VARCHAR);
    }

    private Expr operand(RexCall call, int index) {
        return convert(call.getOperands().get(index));
    }

    private List<Expr> operands(RexCall call) {
        return call.getOperands().stream().map(this::convert).toList();
    }
}
