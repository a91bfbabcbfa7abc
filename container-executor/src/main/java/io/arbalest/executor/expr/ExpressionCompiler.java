package io.arbalest.executor.expr;

import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.expr.Call;
import io.arbalest.planner.expr.ColumnRef;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.DataType;
import org.apache.arrow.memory.BufferAllocator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Compiles plan expressions into kernels that allocate their results from one allocator. */
public final class ExpressionCompiler {
    private final BufferAllocator allocator;
    /** The columns the expressions read, when known: errors then name the column a value came from. */
    private final io.arbalest.planner.types.RowSchema input;

    public ExpressionCompiler(BufferAllocator allocator) {
        this(allocator, null);
    }

    /** A compiler of expressions over {@code input}'s columns. */
    public ExpressionCompiler(BufferAllocator allocator, io.arbalest.planner.types.RowSchema input) {
        this.allocator = allocator;
        this.input = input;
    }

    public Kernel compile(Expr expr) {
        if (expr instanceof ColumnRef ref) {
            return new ColumnKernel(ref.index(), ref.type());
        }
        if (expr instanceof Literal literal) {
            return new LiteralKernel(literal, allocator);
        }
        return call((Call) expr);
    }

    private Kernel call(Call call) {
        DataType type = call.type();
        Function function = call.function();
        return switch (function) {
            case ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO ->
                    new ArithmeticKernel(function, arg(call, 0), arg(call, 1), type, allocator);
            case EQUAL, NOT_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL,
                 IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM ->
                    new CompareKernel(function, arg(call, 0), arg(call, 1), allocator);
            case AND, OR, NOT, IS_NULL, IS_NOT_NULL, IS_TRUE, IS_FALSE, IS_NOT_TRUE, IS_NOT_FALSE ->
                    new LogicKernel(function, args(call), allocator);
            case CAST -> new CastKernel(arg(call, 0), type, allocator, source(call.argument(0)));
            case CASE -> caseWhen(call);
            case COALESCE -> row(call, true, values -> {
                for (Object value : values) {
                    if (value != null) {
                        return value;
                    }
                }
                return null;
            });
            case IN -> in(call);
            case LIKE -> like(call);
            case NEGATE -> unary(call, v -> ScalarFunctions.negate(v, type));
            case ABS -> unary(call, v -> ScalarFunctions.abs(v, type));
            case POWER -> row(call, false, v -> Math.pow((Double) v[0], (Double) v[1]));
            case SQRT -> unary(call, v -> Math.sqrt((Double) v));
            case ROUND -> {
                DataType inputType = call.argument(0).type();
                yield row(call, false, v -> ScalarFunctions.round(v[0], inputType, type,
                        v.length > 1 ? (int) (long) (Long) v[1] : 0));
            }
            case FLOOR, CEIL -> {
                DataType inputType = call.argument(0).type();
                boolean floor = function == Function.FLOOR;
                yield unary(call, v -> ScalarFunctions.floorOrCeil(v, inputType, type, floor));
            }
            case EXTRACT -> {
                String field = ((Literal) call.argument(0)).stringValue();
                DataType inputType = call.argument(1).type();
                yield row(call, false, v -> ScalarFunctions.extract(field, v[1], inputType));
            }
            case DATETIME_PLUS, DATETIME_MINUS -> {
                DataType valueType = call.argument(0).type();
                DataType intervalType = call.argument(1).type();
                int sign = function == Function.DATETIME_PLUS ? 1 : -1;
                yield row(call, false, v -> ScalarFunctions.datetimePlus(v[0], valueType, v[1], intervalType, sign));
            }
            case SUBSTRING -> substring(call);
            case SUBSTR -> row(call, false, v -> ScalarFunctions.substr((String) v[0], (Long) v[1],
                    v.length > 2 ? (Long) v[2] : null));
            case UPPER -> unary(call, v -> ScalarFunctions.upper((String) v));
            case LOWER -> unary(call, v -> ScalarFunctions.lower((String) v));
            case CHAR_LENGTH -> unary(call, v -> ScalarFunctions.charLength((String) v));
            case TRIM -> row(call, false, v -> ScalarFunctions.trim((String) v[0], (String) v[1], (String) v[2]));
            case CONCAT -> row(call, false, v -> (String) v[0] + v[1]);
            case POSITION -> row(call, false, v -> ScalarFunctions.position((String) v[0], (String) v[1]));
            case DATE_ADD_DAYS -> row(call, false, v -> ScalarFunctions.dateAddDays((Long) v[0], (Long) v[1]));
            case DATE_DIFF -> row(call, false, v -> (Long) v[0] - (Long) v[1]);
            case CONCAT_WS -> row(call, true, ScalarFunctions::concatWs);
            case GREATEST -> row(call, true, v -> ScalarFunctions.extreme(v, 1));
            case LEAST -> row(call, true, v -> ScalarFunctions.extreme(v, -1));
            case LPAD, RPAD -> {
                boolean left = function == Function.LPAD;
                yield row(call, false, v -> ScalarFunctions.pad((String) v[0], (Long) v[1], (String) v[2], left));
            }
            case REGEXP_REPLACE -> {
                java.util.function.Function<Object[], Pattern> pattern = compiledArgument(call, 1, ScalarFunctions::regex);
                yield row(call, false, v -> ScalarFunctions.regexpReplace((String) v[0], pattern.apply(v), (String) v[2]));
            }
            case REGEXP_EXTRACT -> {
                java.util.function.Function<Object[], Pattern> pattern = compiledArgument(call, 1, ScalarFunctions::regex);
                yield row(call, false, v -> ScalarFunctions.regexpExtract((String) v[0], pattern.apply(v), (Long) v[2]));
            }
            case DATE_FORMAT -> {
                java.util.function.Function<Object[], java.time.format.DateTimeFormatter> format =
                        compiledArgument(call, 1, ScalarFunctions::dateTimePattern);
                yield row(call, false, v -> ScalarFunctions.dateFormat((Long) v[0], format.apply(v)));
            }
            case SPLIT_PART -> row(call, false, v -> ScalarFunctions.splitPart((String) v[0], (String) v[1], (Long) v[2]));
            case RLIKE -> {
                java.util.function.Function<Object[], Pattern> pattern = compiledArgument(call, 1, ScalarFunctions::regex);
                yield row(call, false, v -> pattern.apply(v).matcher((String) v[0]).find());
            }
            case INITCAP -> unary(call, v -> ScalarFunctions.initcap((String) v));
            case LN -> unary(call, v -> (Double) v > 0 ? Math.log((Double) v) : null); // Spark: NULL, not an error
            case LOG10 -> unary(call, v -> (Double) v > 0 ? Math.log10((Double) v) : null);
            case LOG2 -> unary(call, v -> (Double) v > 0 ? Math.log((Double) v) / Math.log(2) : null);
            case LOG -> row(call, false, v -> (Double) v[0] > 0 && (Double) v[1] > 0
                    ? Math.log((Double) v[1]) / Math.log((Double) v[0]) : null);
            case EXP -> unary(call, v -> Math.exp((Double) v));
            case CBRT -> unary(call, v -> Math.cbrt((Double) v));
            case DEGREES -> unary(call, v -> Math.toDegrees((Double) v));
            case RADIANS -> unary(call, v -> Math.toRadians((Double) v));
            case SIN -> unary(call, v -> Math.sin((Double) v));
            case COS -> unary(call, v -> Math.cos((Double) v));
            case TAN -> unary(call, v -> Math.tan((Double) v));
            case ASIN -> unary(call, v -> Math.asin((Double) v));
            case ACOS -> unary(call, v -> Math.acos((Double) v));
            case ATAN -> unary(call, v -> Math.atan((Double) v));
            case ATAN2 -> row(call, false, v -> Math.atan2((Double) v[0], (Double) v[1]));
            case SIGN -> unary(call, v -> Math.signum((Double) v));
            case LEFT -> row(call, false, v -> TextFunctions.left((String) v[0], (Long) v[1]));
            case RIGHT -> row(call, false, v -> TextFunctions.right((String) v[0], (Long) v[1]));
            case REPEAT -> row(call, false, v -> TextFunctions.repeat((String) v[0], (Long) v[1]));
            case REVERSE -> unary(call, v -> TextFunctions.reverse((String) v));
            case REPLACE -> row(call, false, v -> TextFunctions.replace((String) v[0], (String) v[1], (String) v[2]));
            case TRANSLATE -> row(call, false, v -> TextFunctions.translate((String) v[0], (String) v[1], (String) v[2]));
            case ASCII -> unary(call, v -> TextFunctions.ascii((String) v));
            case SPACE -> unary(call, v -> TextFunctions.space((Long) v));
            case CHR -> unary(call, v -> TextFunctions.chr((Long) v));
            case LOCATE -> row(call, false, v -> TextFunctions.locate((String) v[0], (String) v[1], (Long) v[2]));
            case MD5, SHA1 -> {
                TextFunctions.Digests digests = new TextFunctions.Digests();
                String algorithm = function == Function.MD5 ? "MD5" : "SHA-1";
                yield unary(call, v -> digests.hex((String) v, algorithm));
            }
            case SHA2 -> {
                TextFunctions.Digests digests = new TextFunctions.Digests();
                yield row(call, false, v -> digests.hex((String) v[0], TextFunctions.sha2Algorithm((Long) v[1])));
            }
            case CRC32 -> unary(call, v -> TextFunctions.crc32((String) v));
            case NEXT_DAY -> row(call, false, v -> DateTimeFunctions.nextDay((Long) v[0], (String) v[1]));
            case MONTHS_BETWEEN -> row(call, false, v -> DateTimeFunctions.monthsBetween((Long) v[0], (Long) v[1],
                    (Boolean) v[2]));
            case MAKE_DATE -> row(call, false, v -> DateTimeFunctions.makeDate((Long) v[0], (Long) v[1], (Long) v[2]));
            case DATE_TRUNC -> {
                String unit = ((Literal) call.argument(0)).stringValue();
                yield row(call, false, v -> DateTimeFunctions.truncate(unit, (Long) v[1]));
            }
            case LAST_DAY -> unary(call, v -> DateTimeFunctions.lastDay((Long) v));
            case UNIX_SECONDS -> unary(call, v -> DateTimeFunctions.unixSeconds((Long) v));
            case FROM_UNIX_SECONDS -> unary(call, v -> DateTimeFunctions.fromUnixSeconds((Long) v));
            case TO_TIMESTAMP -> {
                java.util.function.Function<Object[], java.time.format.DateTimeFormatter> format =
                        compiledArgument(call, 1, ScalarFunctions::dateTimePattern);
                yield row(call, false, v -> DateTimeFunctions.parse((String) v[0], format.apply(v), (String) v[1]));
            }
        };
    }

    private Kernel caseWhen(Call call) {
        List<Expr> arguments = call.arguments();
        List<Kernel> conditions = new ArrayList<>();
        List<Kernel> values = new ArrayList<>();
        List<Boolean> mayFail = new ArrayList<>();
        for (int i = 0; i + 1 < arguments.size(); i += 2) {
            conditions.add(compile(arguments.get(i)));
            values.add(compile(arguments.get(i + 1)));
            mayFail.add(mayFail(arguments.get(i + 1)));
        }
        Expr otherwise = arguments.get(arguments.size() - 1);
        values.add(compile(otherwise));
        mayFail.add(mayFail(otherwise));
        return new CaseKernel(conditions, values, mayFail, call.type(), allocator);
    }

    /** True when evaluating the expression on a row it does not apply to could raise an error. */
    private static boolean mayFail(Expr expr) {
        if (expr instanceof Call call) {
            if (call.function() == Function.DIVIDE || call.function() == Function.MODULO
                    || call.function() == Function.CAST) {
                return true;
            }
            return call.arguments().stream().anyMatch(ExpressionCompiler::mayFail);
        }
        return false;
    }

    private Kernel in(Call call) {
        Set<Object> candidates = new HashSet<>();
        boolean candidateNull = false;
        for (Expr candidate : call.arguments().subList(1, call.arguments().size())) {
            if (!(candidate instanceof Literal literal)) {
                throw new UnsupportedFeatureException("IN lists must hold constants; got " + candidate + ".");
            }
            if (literal.isNull()) {
                candidateNull = true;
            } else {
                candidates.add(literal.value());
            }
        }
        boolean listHasNull = candidateNull;
        Kernel value = compile(call.argument(0));
        return new RowKernel("in", List.of(value), DataType.BOOLEAN, false, v -> {
            if (candidates.contains(v[0])) {
                return true;
            }
            return listHasNull ? null : false; // x IN (.., NULL) is NULL, not FALSE, when x is not found
        }, allocator);
    }

    private Kernel like(Call call) {
        if (!(call.argument(1) instanceof Literal pattern)
                || call.arguments().size() > 2 && !(call.argument(2) instanceof Literal)) {
            throw new UnsupportedFeatureException("LIKE needs a constant pattern; got " + call.argument(1) + ".");
        }
        if (pattern.isNull()) {
            return new LiteralKernel(Literal.nullOf(DataType.BOOLEAN), allocator);
        }
        String escape = call.arguments().size() > 2 ? ((Literal) call.argument(2)).stringValue() : null;
        LikeKernel simple = LikeKernel.of(compile(call.argument(0)), pattern.stringValue(), escape, allocator);
        if (simple != null) {
            return simple;
        }
        Pattern regex = ScalarFunctions.likePattern(pattern.stringValue(), escape);
        return new RowKernel("like", List.of(compile(call.argument(0))), DataType.BOOLEAN, false,
                v -> regex.matcher((String) v[0]).matches(), allocator);
    }

    private Kernel unary(Call call, java.util.function.Function<Object, Object> function) {
        return row(call, false, v -> function.apply(v[0]));
    }

    /** With constant, non-NULL start and length: on the bytes ({@link SubstringKernel}); else row by row. */
    private Kernel substring(Call call) {
        boolean constant = true;
        for (int a = 1; a < call.arguments().size(); a++) {
            constant &= call.argument(a) instanceof Literal literal && !literal.isNull();
        }
        if (constant) {
            Long length = call.arguments().size() > 2 ? ((Literal) call.argument(2)).longValue() : null;
            return new SubstringKernel(compile(call.argument(0)), ((Literal) call.argument(1)).longValue(), length,
                    allocator);
        }
        return row(call, false, v -> ScalarFunctions.substring((String) v[0], (Long) v[1],
                v.length > 2 ? (Long) v[2] : null));
    }

    /**
     * A string argument (a regular expression, a datetime pattern) as {@code compile} makes it:
     * once when it is a constant, else from each row's value.
     */
    private static <T> java.util.function.Function<Object[], T> compiledArgument(Call call, int index,
            java.util.function.Function<String, T> compile) {
        if (call.argument(index) instanceof Literal literal && !literal.isNull()) {
            T constant = compile.apply(literal.stringValue());
            return values -> constant;
        }
        return values -> compile.apply((String) values[index]);
    }

    private Kernel row(Call call, boolean nullSafe, RowKernel.RowFunction function) {
        return new RowKernel(call.function().name(), args(call), call.type(), nullSafe, function, allocator);
    }

    /** " of column 'name'" for a cast of an input column (what an implicit cast reads), else nothing. */
    private String source(io.arbalest.planner.expr.Expr argument) {
        if (input != null && argument instanceof ColumnRef ref && ref.index() < input.size()) {
            String name = input.column(ref.index()).name();
            // Names the planner made up ($f2, EXPR$0) say nothing to a user.
            return name.startsWith("$") || name.startsWith("EXPR$") ? "" : " of column '" + name + "'";
        }
        return "";
    }

    private Kernel arg(Call call, int index) {
        return compile(call.argument(index));
    }

    private List<Kernel> args(Call call) {
        return call.arguments().stream().map(this::compile).toList();
    }
}
