package io.arbalest.executor.operator.aggregate;

import io.arbalest.executor.batch.Keys;
import io.arbalest.executor.expr.Int128;
import io.arbalest.executor.expr.LongMath;
import io.arbalest.executor.expr.Storage;
import io.arbalest.executor.expr.Utf8;
import io.arbalest.executor.expr.ValueAccess;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.physical.AggregateCall;
import io.arbalest.planner.physical.AggregateFunction;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.DecimalValues;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * The per-group running state of one aggregate call, in primitive arrays indexed by group id.
 * Integer and decimal sums are exact (an overflow is an error); double sums are plain IEEE sums.
 * A 128-bit decimal value keeps a long in {@code longs} and one in {@code highs}: a MIN or MAX the
 * low and high words of its two's complement; a SUM or AVG's sum {@code highs * 2^64 + longs},
 * both signed, so that adding a long touches {@code highs} only when {@code longs} wraps around.
 */
final class Accumulator {
    private final AggregateCall call;
    /** The storage of the values summed or compared: the argument's, or the state's in FINAL mode. */
    private final boolean floating;
    private final boolean strings;
    /** The running value is a 128-bit decimal. */
    private final boolean wide;
    /** The running value's type: the result's, or AVG's sum's. */
    private final DataType valueType;
    private long[] longs = new long[16];
    private long[] highs;
    private double[] doubles = new double[16];
    private long[] counts = new long[16];
    private boolean[] seen = new boolean[16];
    private byte[][] texts = new byte[16][];

    Accumulator(AggregateCall call) {
        this.call = call;
        DataType valueType = switch (call.function()) {
            case COUNT_STAR, COUNT -> DataType.BIGINT;
            case AVG -> call.averageSumType();
            default -> call.type();
        };
        this.valueType = valueType;
        this.floating = valueType.isFloatingPoint();
        this.strings = valueType.kind() == DataType.Kind.VARCHAR;
        this.wide = valueType.isWideDecimal();
        this.highs = new long[wide ? 16 : 0];
    }

    /** The heap this accumulator holds (an estimate: a string MIN/MAX is counted at 32 bytes a group). */
    long heapBytes() {
        return (long) counts.length * (8 + 8 + 8 + 1 + 8 + (strings ? 32 : 0) + (wide ? 8 : 0));
    }

    void ensureCapacity(int groups) {
        if (groups > counts.length) {
            int capacity = Math.max(groups, counts.length * 2);
            longs = Arrays.copyOf(longs, capacity);
            doubles = Arrays.copyOf(doubles, capacity);
            counts = Arrays.copyOf(counts, capacity);
            seen = Arrays.copyOf(seen, capacity);
            texts = Arrays.copyOf(texts, capacity);
            if (wide) {
                highs = Arrays.copyOf(highs, capacity);
            }
        }
    }

    /** Adds input rows; {@code argument} is null for COUNT(*), {@code filter} null without FILTER. */
    void update(int[] groupIds, int rows, FieldVector argument, FieldVector filter) {
        Storage storage = argument == null ? null : Storage.of(call.argumentType().orElseThrow());
        int scaleShift = call.function() == AggregateFunction.SUM || call.function() == AggregateFunction.AVG
                ? sumScale() - argumentScale() : 0;
        try {
            if (filter == null && updateDense(groupIds, rows, argument, storage, scaleShift)) {
                return;
            }
            for (int i = 0; i < rows; i++) {
                if (filter != null && (filter.isNull(i) || ((BitVector) filter).get(i) == 0)) {
                    continue;
                }
                int group = groupIds[i];
                if (argument == null) {
                    counts[group]++;
                    continue;
                }
                if (call.function() == AggregateFunction.SINGLE_VALUE) {
                    singleValue(group, 1, argument.isNull(i) ? null : argument, storage, i);
                    continue;
                }
                if (argument.isNull(i)) {
                    continue;
                }
                switch (call.function()) {
                    case COUNT -> counts[group]++;
                    case SUM, AVG -> {
                        if (floating) {
                            doubles[group] += doubleValue(argument, storage, i);
                        } else if (wide) {
                            addWide(group, argument, storage, i, scaleShift);
                        } else {
                            long value = Keys.longValue(argument, storage, i);
                            if (scaleShift != 0) {
                                value = LongMath.rescale(value, 0, scaleShift);
                            }
                            longs[group] = Math.addExact(longs[group], value);
                        }
                        counts[group]++;
                        seen[group] = true;
                    }
                    case MIN, MAX -> minMax(group, argument, storage, i);
                    case COUNT_STAR -> counts[group]++;
                }
            }
        } catch (ArithmeticException e) {
            throw overflow();
        }
    }

    /**
     * The common cases without a FILTER or NULL arguments, one loop each: COUNT(*), and SUM, AVG
     * and COUNT over integers or decimals of the sum's scale, or over doubles. False: not one of them.
     */
    private boolean updateDense(int[] groupIds, int rows, FieldVector argument, Storage storage, int scaleShift) {
        AggregateFunction function = call.function();
        if (argument == null) {
            for (int i = 0; i < rows; i++) {
                counts[groupIds[i]]++;
            }
            return true;
        }
        if (argument.getNullCount() > 0) {
            return false;
        }
        if (function == AggregateFunction.COUNT) {
            for (int i = 0; i < rows; i++) {
                counts[groupIds[i]]++;
            }
            return true;
        }
        if (function != AggregateFunction.SUM && function != AggregateFunction.AVG) {
            return false;
        }
        ArrowBuf data = argument.getDataBuffer();
        if (wide && scaleShift == 0 && (storage == Storage.INT64 || storage == Storage.INT128)) {
            boolean wideArgument = storage == Storage.INT128;
            for (int i = 0; i < rows; i++) {
                int group = groupIds[i];
                if (wideArgument) {
                    addWide(group, Int128.high(data, i), Int128.low(data, i));
                } else {
                    addLongToWide(group, data.getLong((long) i << 3));
                }
                counts[group]++;
                seen[group] = true;
            }
            return true;
        }
        if (!floating && !wide && storage == Storage.INT64 && scaleShift == 0) {
            for (int i = 0; i < rows; i++) {
                int group = groupIds[i];
                longs[group] = Math.addExact(longs[group], data.getLong((long) i << 3));
                counts[group]++;
                seen[group] = true;
            }
            return true;
        }
        if (floating && storage == Storage.FLOAT64) {
            for (int i = 0; i < rows; i++) {
                int group = groupIds[i];
                doubles[group] += data.getDouble((long) i << 3);
                counts[group]++;
                seen[group] = true;
            }
            return true;
        }
        return false;
    }

    /** Adds PARTIAL states: one column (two for AVG: sum then count). */
    void merge(int[] groupIds, int rows, FieldVector state, FieldVector stateCount) {
        Storage storage = Storage.of(call.stateTypes().get(0));
        try {
            for (int i = 0; i < rows; i++) {
                int group = groupIds[i];
                switch (call.function()) {
                    case COUNT_STAR, COUNT -> counts[group] += state.getDataBuffer().getLong((long) i << 3);
                    case SUM, AVG -> {
                        if (state.isNull(i)) {
                            continue;
                        }
                        if (floating) {
                            doubles[group] += doubleValue(state, storage, i);
                        } else if (wide) {
                            addWide(group, state, storage, i, 0);
                        } else {
                            longs[group] = Math.addExact(longs[group], Keys.longValue(state, storage, i));
                        }
                        counts[group] += stateCount == null ? 1 : stateCount.getDataBuffer().getLong((long) i << 3);
                        seen[group] = true;
                    }
                    case MIN, MAX -> {
                        if (!state.isNull(i)) {
                            minMax(group, state, storage, i);
                        }
                    }
                    case SINGLE_VALUE -> singleValue(group, stateCount.getDataBuffer().getLong((long) i << 3),
                            state.isNull(i) ? null : state, storage, i);
                }
            }
        } catch (ArithmeticException e) {
            throw overflow();
        }
    }

    /** Counts {@code rows} more rows of a SINGLE_VALUE group, and keeps the value unless it is NULL. */
    private void singleValue(int group, long rows, FieldVector vector, Storage storage, int row) {
        counts[group] += rows;
        if (counts[group] > 1) {
            throw new QueryExecutionException("A scalar subquery returned more than one row (" + call.name()
                    + "); a subquery used as a value must give at most one. Add a WHERE clause that selects one "
                    + "row, an aggregate (max, min), or LIMIT 1.");
        }
        if (vector != null) {
            minMax(group, vector, storage, row);
        }
    }

    private void minMax(int group, FieldVector vector, Storage storage, int row) {
        boolean min = call.function() == AggregateFunction.MIN;
        if (strings) {
            byte[] current = texts[group];
            int comparison = current == null ? 0 : Utf8.compare(vector, row, current);
            if (current == null || (min ? comparison < 0 : comparison > 0)) {
                texts[group] = Utf8.bytes(vector, row);
            }
        } else if (floating) {
            double value = doubleValue(vector, storage, row);
            if (!seen[group] || (min ? value < doubles[group] : value > doubles[group])) {
                doubles[group] = value;
            }
        } else if (wide) {
            long high = Int128.high(vector.getDataBuffer(), row);
            long low = Int128.low(vector.getDataBuffer(), row);
            int comparison = Int128.compare(high, low, highs[group], longs[group]);
            if (!seen[group] || (min ? comparison < 0 : comparison > 0)) {
                highs[group] = high;
                longs[group] = low;
            }
        } else {
            long value = Keys.longValue(vector, storage, row);
            if (!seen[group] || (min ? value < longs[group] : value > longs[group])) {
                longs[group] = value;
            }
        }
        seen[group] = true;
    }

    /** Adds row {@code row} of a 64- or 128-bit decimal column, times 10^scaleShift, to a 128-bit sum. */
    private void addWide(int group, FieldVector vector, Storage storage, int row, int scaleShift) {
        ArrowBuf data = vector.getDataBuffer();
        boolean wideValue = storage == Storage.INT128;
        if (scaleShift == 0) {
            addWide(group, Int128.highOf(data, wideValue, row), Int128.lowOf(data, wideValue, row));
            return;
        }
        java.math.BigInteger value = Int128.toBigInteger(Int128.highOf(data, wideValue, row),
                Int128.lowOf(data, wideValue, row)).multiply(java.math.BigInteger.TEN.pow(scaleShift));
        if (value.bitLength() > 127) {
            throw new ArithmeticException("beyond 128 bits");
        }
        addWide(group, value.shiftRight(64).longValue(), value.longValue());
    }

    /**
     * Adds a two's complement 128-bit value to a sum: its low word as a signed long, and its high
     * word plus one where that low word is negative (unsigned, it is 2^64 more). Beyond 128 bits is
     * an ArithmeticException.
     */
    private void addWide(int group, long high, long low) {
        addLongToWide(group, low);
        long highPart = high - (low >> 63);
        if (highPart != 0) { // zero for every value that is a long: most sums' inputs
            highs[group] = Math.addExact(highs[group], highPart);
        }
    }

    /** Adds a long to a sum; only when the low word wraps around does the high word change. */
    private void addLongToWide(int group, long value) {
        long low = longs[group];
        long sum = low + value;
        if (((low ^ sum) & (value ^ sum)) < 0) {
            highs[group] += value < 0 ? -1 : 1;
        }
        longs[group] = sum;
    }

    /** The running 128-bit value of a group, which must have at most 38 digits. */
    private java.math.BigInteger wideValue(int group) {
        boolean sum = call.function() == AggregateFunction.SUM || call.function() == AggregateFunction.AVG;
        // a sum's signed low word is 2^64 less than its unsigned one when negative: one off its high word
        long high = sum ? highs[group] + (longs[group] >> 63) : highs[group];
        if (!Int128.fitsDecimal(high, longs[group])) {
            throw overflow();
        }
        return Int128.toBigInteger(high, longs[group]);
    }

    /** The running integer or decimal value of a group (SUM, MIN, MAX), boxed as its type is stored. */
    private Object exactValue(int group) {
        if (wide) {
            return wideValue(group);
        }
        long value = longs[group];
        if (valueType.kind() == DataType.Kind.DECIMAL && (value >= LongMath.POWERS_OF_TEN[valueType.precision()]
                || value <= -LongMath.POWERS_OF_TEN[valueType.precision()])) {
            throw overflow(); // a 64-bit decimal sum beyond its type's digits
        }
        return value;
    }

    private static double doubleValue(FieldVector vector, Storage storage, int row) {
        return switch (storage) {
            case FLOAT32 -> vector.getDataBuffer().getFloat((long) row << 2);
            case FLOAT64 -> vector.getDataBuffer().getDouble((long) row << 3);
            default -> Keys.longValue(vector, storage, row);
        };
    }

    /** Writes final values (SINGLE, FINAL) of groups [from, from + count). */
    void writeFinal(FieldVector target, int from, int count) {
        DataType type = call.type();
        for (int i = 0; i < count; i++) {
            int group = from + i;
            Object value = switch (call.function()) {
                case COUNT_STAR, COUNT -> counts[group];
                case SUM -> !seen[group] ? null : floating ? (Object) doubles[group] : exactValue(group);
                case AVG -> average(group);
                case MIN, MAX, SINGLE_VALUE -> minMaxValue(group);
            };
            ValueAccess.set(target, i, type, value);
        }
        target.setValueCount(count);
    }

    /** Writes PARTIAL states of groups [from, from + count): the value, and the count for AVG. */
    void writeState(FieldVector state, FieldVector stateCount, int from, int count) {
        DataType stateType = call.stateTypes().get(0);
        if (!floating && !strings && !wide && Storage.of(stateType) == Storage.INT64) {
            boolean countsOnly = call.function() == AggregateFunction.COUNT_STAR
                    || call.function() == AggregateFunction.COUNT;
            for (int i = 0; i < count; i++) {
                int group = from + i;
                if (countsOnly) {
                    setLong(state, i, counts[group]);
                } else if (seen[group]) {
                    setLong(state, i, longs[group]);
                }
                if (stateCount != null) {
                    setLong(stateCount, i, counts[group]);
                }
            }
            state.setValueCount(count);
            if (stateCount != null) {
                stateCount.setValueCount(count);
            }
            return;
        }
        for (int i = 0; i < count; i++) {
            int group = from + i;
            Object value = switch (call.function()) {
                case COUNT_STAR, COUNT -> counts[group];
                case SUM, AVG -> !seen[group] ? null : floating ? (Object) doubles[group]
                        : wide ? wideValue(group) : (Object) longs[group];
                case MIN, MAX, SINGLE_VALUE -> minMaxValue(group);
            };
            ValueAccess.set(state, i, stateType, value);
            if (stateCount != null) {
                ValueAccess.set(stateCount, i, DataType.BIGINT, counts[group]);
            }
        }
        state.setValueCount(count);
        if (stateCount != null) {
            stateCount.setValueCount(count);
        }
    }

    /** Sets a non-NULL value of a 64-bit vector (fresh vectors start NULL everywhere). */
    private static void setLong(FieldVector vector, int index, long value) {
        vector.getDataBuffer().setLong((long) index << 3, value);
        BitVectorHelper.setBit(vector.getValidityBuffer(), index);
    }

    private Object minMaxValue(int group) {
        if (strings) {
            return texts[group] == null ? null : new String(texts[group], java.nio.charset.StandardCharsets.UTF_8);
        }
        if (!seen[group]) {
            return null;
        }
        if (valueType.kind() == DataType.Kind.BOOLEAN) {
            return longs[group] != 0; // false < true, as Spark orders them (bool_and is MIN, bool_or MAX)
        }
        return floating ? (Object) doubles[group] : wide ? wideValue(group) : (Object) longs[group];
    }

    private Object average(int group) {
        if (counts[group] == 0) {
            return null;
        }
        DataType type = call.type();
        if (type.kind() == DataType.Kind.DECIMAL) {
            BigDecimal sum = wide ? new BigDecimal(wideValue(group), sumScale()) : BigDecimal.valueOf(longs[group], sumScale());
            BigDecimal average = sum.divide(BigDecimal.valueOf(counts[group]), type.scale(), RoundingMode.HALF_UP);
            try {
                return DecimalValues.of(average, type);
            } catch (ArithmeticException e) {
                throw overflow();
            }
        }
        double sum = floating ? doubles[group] : longs[group];
        return sum / counts[group];
    }

    private int sumScale() {
        DataType sumType = call.function() == AggregateFunction.AVG ? call.averageSumType() : call.type();
        return sumType.kind() == DataType.Kind.DECIMAL ? sumType.scale() : 0;
    }

    private int argumentScale() {
        DataType argumentType = call.argumentType().orElse(DataType.BIGINT);
        return argumentType.kind() == DataType.Kind.DECIMAL ? argumentType.scale() : 0;
    }

    private QueryExecutionException overflow() {
        return new QueryExecutionException("Numeric overflow in " + call.function() + "(" + call.name()
                + "): the sum does not fit " + valueType + ". CAST the argument to DOUBLE to sum approximately.");
    }
}
