package io.arbalest.planner.physical;

import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.expr.Call;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.DataType.Kind;
import io.arbalest.planner.types.DecimalValues;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The casts the physical planner inserts so that a kernel's operands share one type, and the
 * folding of casts of constants so that scans can prune with plain literals.
 */
final class Coercions {
    private Coercions() {
    }

    /** The type two operands of a comparison are compared in. */
    static DataType commonType(DataType a, DataType b) {
        if (a.equals(b)) {
            return a;
        }
        if (a.isNumeric() && b.isNumeric()) {
            if (a.isFloatingPoint() || b.isFloatingPoint()) {
                return DataType.DOUBLE;
            }
            if (a.kind() == Kind.DECIMAL || b.kind() == Kind.DECIMAL) {
                return widerDecimal(asDecimal(a), asDecimal(b));
            }
            return DataType.BIGINT;
        }
        if (isTemporal(a) && isTemporal(b)) {
            return DataType.TIMESTAMP;
        }
        if (a.kind() == Kind.VARCHAR && isTemporal(b)) {
            return b;
        }
        if (b.kind() == Kind.VARCHAR && isTemporal(a)) {
            return a;
        }
        throw new UnsupportedFeatureException("Cannot compare " + a + " with " + b + "; add an explicit CAST.");
    }

    /**
     * Spark's wider decimal type: the most integer digits and the most fraction digits of the two,
     * at most 38 digits in all (the scale kept, so that no fraction digit is lost).
     */
    static DataType widerDecimal(DataType a, DataType b) {
        int scale = Math.max(a.scale(), b.scale());
        int integerDigits = Math.max(a.precision() - a.scale(), b.precision() - b.scale());
        return DataType.decimal(Math.min(DataType.MAX_DECIMAL_PRECISION, integerDigits + scale), scale);
    }

    /**
     * Decimal equality of type ignores precision beyond storage: values are stored at a scale,
     * and the precision only bounds them, so a DECIMAL(15,2) compares with a DECIMAL(17,2) as it
     * is; a DECIMAL(25,2) is stored in 128 bits and is another representation.
     */
    static boolean sameRepresentation(DataType a, DataType b) {
        return a.equals(b) || a.kind() == Kind.DECIMAL && b.kind() == Kind.DECIMAL && a.scale() == b.scale()
                && a.isWideDecimal() == b.isWideDecimal();
    }

    private static boolean fewerIntegerDigits(DataType target, DataType source) {
        return target.kind() == Kind.DECIMAL && source.kind() == Kind.DECIMAL
                && target.precision() - target.scale() < source.precision() - source.scale();
    }

    static boolean isTemporal(DataType type) {
        return type.kind() == Kind.DATE || type.kind() == Kind.TIMESTAMP;
    }

    /** The decimal type an operand of a decimal computation is read as. */
    static DataType asDecimal(DataType type) {
        return switch (type.kind()) {
            case DECIMAL -> type;
            case INT -> DataType.decimal(10, 0);
            case BIGINT -> DataType.decimal(19, 0);
            default -> throw new UnsupportedFeatureException("Cannot use " + type + " as a DECIMAL");
        };
    }

    /**
     * {@code expr} as {@code target}: unchanged, a folded literal, or a CAST call. A decimal of
     * fewer integer digits is a CAST even when stored alike: the kernel checks each value fits.
     */
    static Expr cast(Expr expr, DataType target) {
        if (sameRepresentation(expr.type(), target) && !fewerIntegerDigits(target, expr.type())) {
            return expr;
        }
        if (expr instanceof Literal literal) {
            Literal folded = foldCast(literal, target);
            if (folded != null) {
                return folded;
            }
        }
        return Call.of(Function.CAST, target, expr);
    }

    /** Casts a constant at plan time when the conversion is exact; null when the kernel must do it. */
    static Literal foldCast(Literal literal, DataType target) {
        if (literal.isNull()) {
            return Literal.nullOf(target);
        }
        DataType source = literal.type();
        try {
            if (source.isNumeric() && target.isNumeric()) {
                BigDecimal value = toBigDecimal(literal);
                return switch (target.kind()) {
                    case INT -> new Literal((long) value.intValueExact(), target);
                    case BIGINT -> new Literal(value.longValueExact(), target);
                    case REAL, DOUBLE -> new Literal(value.doubleValue(), target);
                    case DECIMAL -> new Literal(DecimalValues.of(value, target), target);
                    default -> null;
                };
            }
            if (source.kind() == Kind.DATE && target.kind() == Kind.TIMESTAMP) {
                return new Literal(literal.longValue() * 86_400_000_000L, target);
            }
            if (source.kind() == Kind.VARCHAR && target.kind() == Kind.DATE) {
                return new Literal(LocalDate.parse(literal.stringValue().trim()).toEpochDay(), target);
            }
        } catch (ArithmeticException | DateTimeParseException e) {
            return null; // the kernel raises the user-facing error if the row is ever evaluated
        }
        return null;
    }

    static BigDecimal toBigDecimal(Literal literal) {
        DataType type = literal.type();
        if (type.kind() == Kind.DECIMAL) {
            return DecimalValues.toBigDecimal(literal.value(), type.scale());
        }
        if (type.isFloatingPoint()) {
            return BigDecimal.valueOf(literal.doubleValue());
        }
        return BigDecimal.valueOf(literal.longValue());
    }
}
