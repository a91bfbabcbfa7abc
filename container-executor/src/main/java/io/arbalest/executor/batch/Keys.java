package io.arbalest.executor.batch;

import io.arbalest.executor.expr.Int128;
import io.arbalest.executor.expr.Storage;
import io.arbalest.executor.expr.Utf8;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Key values for hash tables (grouping, joins): each fixed-width key as 64 bits, floating point
 * made canonical so that equal values hash equally, and row hashes computed a column at a time.
 */
public final class Keys {
    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final long NULL_HASH = 0x5bd1e995L;

    private Keys() {
    }

    /** Integers, dates and decimals as themselves; floating point as bits with -0.0 and NaN made canonical. */
    public static long longValue(FieldVector vector, Storage storage, int row) {
        return switch (storage) {
            case INT32 -> vector.getDataBuffer().getInt((long) row << 2);
            case INT64 -> vector.getDataBuffer().getLong((long) row << 3);
            case FLOAT32 -> canonical(vector.getDataBuffer().getFloat((long) row << 2));
            case FLOAT64 -> canonical(vector.getDataBuffer().getDouble((long) row << 3));
            case BIT -> ((BitVector) vector).get(row);
            case UTF8 -> throw new IllegalStateException("strings have no long value");
            case INT128 -> throw new IllegalStateException("128-bit values have no long value");
        };
    }

    private static long canonical(double value) {
        return value == 0.0 ? 0L : Double.doubleToLongBits(value);
    }

    /** {@link #longValue} of each of the first {@code rows} rows, into {@code out}. */
    public static void longValues(FieldVector vector, Storage storage, int rows, long[] out) {
        ArrowBuf data = vector.getDataBuffer();
        switch (storage) {
            case INT32 -> {
                for (int i = 0; i < rows; i++) {
                    out[i] = data.getInt((long) i << 2);
                }
            }
            case INT64 -> {
                for (int i = 0; i < rows; i++) {
                    out[i] = data.getLong((long) i << 3);
                }
            }
            default -> {
                for (int i = 0; i < rows; i++) {
                    out[i] = longValue(vector, storage, i);
                }
            }
        }
    }

    /** The hash of each of the first {@code rows} rows over all {@code keys}, into {@code hashes}. */
    public static void hash(FieldVector[] keys, Storage[] storages, int rows, long[] hashes) {
        java.util.Arrays.fill(hashes, 0, rows, SEED);
        for (int k = 0; k < keys.length; k++) {
            FieldVector key = keys[k];
            Storage storage = storages[k];
            boolean nulls = key.getNullCount() > 0;
            if (!nulls && (storage == Storage.INT64 || storage == Storage.INT32)) {
                ArrowBuf data = key.getDataBuffer();
                boolean wide = storage == Storage.INT64;
                for (int i = 0; i < rows; i++) {
                    long value = wide ? data.getLong((long) i << 3) : data.getInt((long) i << 2);
                    hashes[i] = mix(hashes[i], value);
                }
                continue;
            }
            for (int i = 0; i < rows; i++) {
                long value;
                if (nulls && key.isNull(i)) {
                    value = NULL_HASH;
                } else if (storage == Storage.UTF8) {
                    value = Utf8.hash(key, i);
                } else if (storage == Storage.INT128) {
                    value = wideHash(key, i);
                } else {
                    value = longValue(key, storage, i);
                }
                hashes[i] = mix(hashes[i], value);
            }
        }
    }

    /** One value standing for a 128-bit key in {@link #mix}: equal keys give equal values. */
    private static long wideHash(FieldVector vector, int row) {
        ArrowBuf data = vector.getDataBuffer();
        return mix(Int128.low(data, row), Int128.high(data, row));
    }

    /** Combines a hash so far with the next key's value. */
    private static long mix(long hash, long value) {
        long h = (hash ^ value) * 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }

    /** True when row {@code i} of {@code a} equals row {@code j} of {@code b}; both non-NULL. */
    public static boolean equal(FieldVector a, int i, FieldVector b, int j, Storage storage) {
        return switch (storage) {
            case UTF8 -> Utf8.compare(a, i, b, j) == 0;
            case INT128 -> Int128.compare(a.getDataBuffer(), i, b.getDataBuffer(), j) == 0;
            default -> longValue(a, storage, i) == longValue(b, storage, j);
        };
    }

    /** Rows whose table slots {@link #readSlotsAhead} reads at a time: their cache lines (64 KiB) stay in L2. */
    public static final int LOOK_AHEAD = 1024;
    /** Tables of fewer slots (512 KiB) stay in the cache and are not read ahead. */
    public static final int SMALL_TABLE = 1 << 15;

    /** The slot of {@code hash} in an open-addressing table of {@code mask + 1} slots. */
    public static int slot(long hash, int mask) {
        return (int) (hash ^ (hash >>> 32)) & mask;
    }

    /**
     * For a table of two longs a slot ({@code mask + 1} slots), reads the second word of the slot of
     * each of {@code hashes[from, to)} ahead of their insert or probe: these loads do not wait for
     * each other, so a large table's cache misses overlap instead of coming one row at a time.
     * Returns the sum of the words read, for the caller to keep (else the JIT drops the loop); 0,
     * reading nothing, for a {@link #SMALL_TABLE small table}.
     */
    public static long readSlotsAhead(long[] table, int mask, long[] hashes, int from, int to) {
        if (mask < SMALL_TABLE) {
            return 0;
        }
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += table[2 * slot(hashes[i], mask) + 1];
        }
        return sum;
    }
}
