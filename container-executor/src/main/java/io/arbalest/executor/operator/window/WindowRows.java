package io.arbalest.executor.operator.window;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Keys;
import io.arbalest.executor.batch.RowComparison;
import io.arbalest.executor.batch.VectorGather;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.executor.expr.Storage;
import io.arbalest.executor.expr.ValueAccess;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.physical.SortKey;
import io.arbalest.planner.physical.WindowNode;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import it.unimi.dsi.fastutil.ints.IntArrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Window functions over rows held in memory, whole window partitions of them: sorts row
 * numbers by the partition keys and order keys, computes each function per partition (ranks
 * from peer groups, LAG/LEAD by position, aggregates over each row's frame with prefix sums or
 * a running minimum/maximum), and emits the rows in that order with one column per function.
 */
final class WindowRows implements AutoCloseable {
    /** Heap bytes per row and function of the results (a reference and a boxed value), besides 4 of the order. */
    static final long RESULT_BYTES_PER_VALUE = 32;
    static final long ORDER_BYTES_PER_ROW = 4;

    private final WindowNode node;
    private final BufferAllocator allocator;
    private final int batchRows;
    private Batch rows;
    private int[] order;
    private Object[][] results;
    private int emitted;

    /** The window functions of {@code node} over {@code rows} (now this object's), computed at once. */
    WindowRows(Batch rows, WindowNode node, BufferAllocator allocator, int batchRows) {
        this.node = node;
        this.allocator = allocator;
        this.batchRows = batchRows;
        this.rows = rows;
        order = sortedRows();
        results = new Object[node.functions().size()][];
        for (int f = 0; f < results.length; f++) {
            results[f] = new Object[order.length];
        }
        computeAll();
    }

    /** The heap bytes the results of {@code functions} window functions over {@code rows} rows take. */
    static long heapBytes(long rows, int functions) {
        return rows * (ORDER_BYTES_PER_ROW + RESULT_BYTES_PER_VALUE * functions);
    }

    /** The next batch of rows with their results, in window order; empty at the end. */
    Optional<Batch> next() {
        if (emitted >= order.length) {
            return Optional.empty();
        }
        int count = Math.min(batchRows, order.length - emitted);
        int[] selected = Arrays.copyOfRange(order, emitted, emitted + count);
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (int c = 0; c < rows.columnCount(); c++) {
                vectors.add(VectorGather.gather(rows.vector(c), selected, count, allocator));
            }
            int width = rows.columnCount();
            for (int f = 0; f < results.length; f++) {
                DataType type = node.schema().type(width + f);
                FieldVector vector = Vectors.allocate(node.schema().column(width + f).name(), type, count, allocator);
                vectors.add(vector);
                for (int i = 0; i < count; i++) {
                    ValueAccess.set(vector, i, type, results[f][emitted + i]);
                }
            }
            emitted += count;
            return Optional.of(new Batch(vectors, count));
        } catch (RuntimeException | Error e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
    }

    private int[] sortedRows() {
        int count = rows.rowCount();
        int[] sorted = new int[count];
        for (int i = 0; i < count; i++) {
            sorted[i] = i;
        }
        List<SortKey> keys = new ArrayList<>();
        node.partitionKeys().forEach(k -> keys.add(new SortKey(k, true, true)));
        keys.addAll(node.orderKeys());
        Storage[] storages = storages(keys);
        IntArrays.quickSort(sorted, (x, y) -> {
            for (int k = 0; k < keys.size(); k++) {
                FieldVector vector = rows.vector(keys.get(k).column());
                int result = RowComparison.compare(vector, x, vector, y, storages[k], keys.get(k));
                if (result != 0) {
                    return result;
                }
            }
            return Integer.compare(x, y); // deterministic among equal rows
        });
        return sorted;
    }

    private Storage[] storages(List<SortKey> keys) {
        return keys.stream().map(k -> Storage.of(node.input().schema().type(k.column()))).toArray(Storage[]::new);
    }

    /** True when sorted positions p and q agree on every key in {@code keys} (of {@code storages}). */
    private boolean same(List<SortKey> keys, Storage[] storages, int p, int q) {
        for (int k = 0; k < keys.size(); k++) {
            FieldVector vector = rows.vector(keys.get(k).column());
            if (RowComparison.compare(vector, order[p], vector, order[q], storages[k], keys.get(k)) != 0) {
                return false;
            }
        }
        return true;
    }

    private void computeAll() {
        List<SortKey> partitionKeys = node.partitionKeys().stream().map(k -> new SortKey(k, true, true)).toList();
        Storage[] partitionStorages = storages(partitionKeys);
        List<SortKey> orderKeys = node.orderKeys();
        Storage[] orderStorages = storages(orderKeys);
        int count = order.length;
        int start = 0;
        while (start < count) {
            int end = start + 1;
            while (end < count && same(partitionKeys, partitionStorages, start, end)) {
                end++;
            }
            // Peer groups: rows equal on the order keys (the whole partition without ORDER BY).
            int[] peerStart = new int[end - start];
            int[] peerEnd = new int[end - start];
            int groupStart = start;
            for (int p = start; p < end; p++) {
                if (p > start && !same(orderKeys, orderStorages, p - 1, p)) {
                    groupStart = p;
                }
                peerStart[p - start] = groupStart;
            }
            int groupEnd = end - 1;
            for (int p = end - 1; p >= start; p--) {
                if (p < end - 1 && !same(orderKeys, orderStorages, p, p + 1)) {
                    groupEnd = p;
                }
                peerEnd[p - start] = groupEnd;
            }
            for (int f = 0; f < results.length; f++) {
                compute(node.functions().get(f), results[f], start, end, peerStart, peerEnd);
            }
            start = end;
        }
    }

    private void compute(WindowNode.Function function, Object[] out, int start, int end, int[] peerStart,
            int[] peerEnd) {
        switch (function.kind()) {
            case ROW_NUMBER -> {
                for (int p = start; p < end; p++) {
                    out[p] = (long) (p - start + 1);
                }
            }
            case RANK -> {
                for (int p = start; p < end; p++) {
                    out[p] = (long) (peerStart[p - start] - start + 1);
                }
            }
            case DENSE_RANK -> {
                long rank = 0;
                for (int p = start; p < end; p++) {
                    if (peerStart[p - start] == p) {
                        rank++;
                    }
                    out[p] = rank;
                }
            }
            case NTILE -> {
                // Spark's buckets: the first (size % n) get one row more than the rest.
                long size = end - start;
                long base = size / function.offset();
                long larger = size % function.offset();
                for (int p = start; p < end; p++) {
                    long r = p - start;
                    long bucket = r < larger * (base + 1) ? r / (base + 1) : larger + (r - larger * (base + 1)) / base;
                    out[p] = bucket + 1;
                }
            }
            case PERCENT_RANK -> {
                for (int p = start; p < end; p++) {
                    out[p] = end - start == 1 ? 0.0 : (double) (peerStart[p - start] - start) / (end - start - 1);
                }
            }
            case CUME_DIST -> {
                for (int p = start; p < end; p++) {
                    out[p] = (double) (peerEnd[p - start] - start + 1) / (end - start);
                }
            }
            case FIRST_VALUE, LAST_VALUE, NTH_VALUE -> {
                FieldVector vector = rows.vector(function.argument().getAsInt());
                DataType type = function.argumentType().orElseThrow();
                for (int p = start; p < end; p++) {
                    long[] frame = frame(p, start, end, peerStart, peerEnd);
                    long at = switch (function.kind()) {
                        case FIRST_VALUE -> frame[0];
                        case LAST_VALUE -> frame[1];
                        default -> frame[0] + function.offset() - 1;
                    };
                    out[p] = frame[1] < frame[0] || at > frame[1] ? null : ValueAccess.get(vector, order[(int) at], type);
                }
            }
            case LAG, LEAD -> {
                FieldVector vector = rows.vector(function.argument().getAsInt());
                DataType type = function.argumentType().orElseThrow();
                Object fallback = function.defaultValue().map(l -> l.value()).orElse(null);
                long shift = function.kind() == WindowNode.Kind.LAG ? -function.offset() : function.offset();
                for (int p = start; p < end; p++) {
                    long source = p + shift;
                    out[p] = source >= start && source < end ? ValueAccess.get(vector, order[(int) source], type) : fallback;
                }
            }
            default -> aggregate(function, out, start, end, peerStart, peerEnd);
        }
    }

    /** First and last sorted position of row p's frame (last < first: empty). */
    private long[] frame(int p, int start, int end, int[] peerStart, int[] peerEnd) {
        WindowNode.Frame frame = node.frame();
        return new long[] {bound(frame.lower(), p, start, end, peerStart, true),
                bound(frame.upper(), p, start, end, peerEnd, false)};
    }

    private long bound(WindowNode.Bound bound, int p, int start, int end, int[] peers, boolean lower) {
        long position = switch (bound.kind()) {
            case UNBOUNDED_PRECEDING -> start;
            case UNBOUNDED_FOLLOWING -> end - 1;
            case CURRENT_ROW -> node.frame().rows() ? p : peers[p - start];
            case PRECEDING -> (long) p - bound.offset();
            case FOLLOWING -> (long) p + bound.offset();
        };
        return lower ? Math.max(start, position) : Math.min(end - 1, position);
    }

    private void aggregate(WindowNode.Function function, Object[] out, int start, int end, int[] peerStart,
            int[] peerEnd) {
        int size = end - start;
        FieldVector vector = function.argument().isPresent() ? rows.vector(function.argument().getAsInt()) : null;
        DataType argumentType = function.argumentType().orElse(DataType.BIGINT);
        Storage storage = Storage.of(argumentType);
        boolean floating = storage == Storage.FLOAT32 || storage == Storage.FLOAT64;
        // Prefix counts and sums over the partition's sorted rows.
        long[] counts = new long[size + 1];
        boolean wide = storage == Storage.INT128;
        long[] longSums = floating || wide ? null : new long[size + 1];
        java.math.BigInteger[] wideSums = wide ? new java.math.BigInteger[size + 1] : null;
        double[] doubleSums = floating ? new double[size + 1] : null;
        boolean numeric = vector != null && argumentType.isNumeric();
        if (wide) {
            wideSums[0] = java.math.BigInteger.ZERO;
        }
        try {
            for (int i = 0; i < size; i++) {
                int row = order[start + i];
                boolean present = vector == null || !vector.isNull(row);
                counts[i + 1] = counts[i] + (present ? 1 : 0);
                if (numeric && floating) {
                    doubleSums[i + 1] = doubleSums[i] + (present ? ((Number) ValueAccess.get(vector, row, argumentType))
                            .doubleValue() : 0);
                } else if (numeric && wide) {
                    wideSums[i + 1] = present ? wideSums[i].add((java.math.BigInteger) ValueAccess.get(vector, row,
                            argumentType)) : wideSums[i];
                } else if (numeric) {
                    longSums[i + 1] = Math.addExact(longSums[i], present ? Keys.longValue(vector, storage, row) : 0);
                }
            }
        } catch (ArithmeticException e) {
            throw new QueryExecutionException("Numeric overflow: a window SUM exceeded " + function.type()
                    + ". CAST the argument to DOUBLE to compute approximately.");
        }
        Object previous = null;
        long previousFirst = -1;
        long previousLast = -1;
        for (int p = start; p < end; p++) {
            long[] frame = frame(p, start, end, peerStart, peerEnd);
            long first = frame[0];
            long last = frame[1];
            if (first == previousFirst && last == previousLast) {
                out[p] = previous;
                continue;
            }
            int from = (int) (first - start);
            int to = (int) (last - start) + 1; // exclusive
            long n = last < first ? 0 : counts[to] - counts[from];
            Object value = switch (function.kind()) {
                case COUNT, COUNT_STAR -> n;
                case SUM, SUM0 -> n == 0 ? (function.kind() == WindowNode.Kind.SUM0 ? zero(function.type()) : null)
                        : floating ? (Object) (doubleSums[to] - doubleSums[from])
                        : wide ? wideSums[to].subtract(wideSums[from]) : (Object) (longSums[to] - longSums[from]);
                case AVG -> n == 0 ? null : floating ? average(function, doubleSums[to] - doubleSums[from], 0, n, true)
                        : decimalOrIntegerAverage(function, wide ? wideSums[to].subtract(wideSums[from])
                                : java.math.BigInteger.valueOf(longSums[to] - longSums[from]), n);
                case MIN, MAX -> extreme(function, vector, argumentType, first, last);
                default -> throw new IllegalStateException(function.kind().name());
            };
            out[p] = value;
            previous = value;
            previousFirst = first;
            previousLast = last;
        }
    }

    /** AVG of integers (a DOUBLE) or of decimals (exact, rounded half away from zero). */
    private static Object decimalOrIntegerAverage(WindowNode.Function function, java.math.BigInteger sum, long n) {
        DataType type = function.type();
        if (type.kind() != DataType.Kind.DECIMAL) {
            return average(function, 0, sum.longValueExact(), n, false);
        }
        java.math.BigDecimal average = new java.math.BigDecimal(sum, function.argumentType().orElseThrow().scale())
                .divide(java.math.BigDecimal.valueOf(n), type.scale(), java.math.RoundingMode.HALF_UP);
        try {
            return io.arbalest.planner.types.DecimalValues.of(average, type);
        } catch (ArithmeticException e) {
            throw new QueryExecutionException("Numeric overflow in a window AVG of " + function.argumentType().get()
                    + ": the average does not fit " + type + ". CAST the argument to DOUBLE to compute approximately.");
        }
    }

    private static Object zero(DataType type) {
        return io.arbalest.planner.expr.Literal.zeroOf(type).value();
    }

    private static Object average(WindowNode.Function function, double doubleSum, long longSum, long n, boolean floating) {
        DataType type = function.type();
        double average = (floating ? doubleSum : (double) longSum) / n;
        if (function.argumentType().orElseThrow().kind() == DataType.Kind.DECIMAL) {
            average /= Math.pow(10, function.argumentType().get().scale());
        }
        return type.isIntegral() ? (Object) (long) average : (Object) average;
    }

    private Object extreme(WindowNode.Function function, FieldVector vector, DataType type, long first, long last) {
        boolean max = function.kind() == WindowNode.Kind.MAX;
        Storage storage = Storage.of(type);
        SortKey key = new SortKey(0, true, false);
        int best = -1;
        for (long p = first; p <= last; p++) {
            int row = order[(int) p];
            if (vector.isNull(row)) {
                continue;
            }
            if (best < 0) {
                best = row;
                continue;
            }
            int comparison = RowComparison.compare(vector, row, vector, best, storage, key);
            if (max ? comparison > 0 : comparison < 0) {
                best = row;
            }
        }
        return best < 0 ? null : ValueAccess.get(vector, best, type);
    }

    @Override
    public void close() {
        if (rows != null) {
            rows.close();
            rows = null;
        }
    }
}
