package io.arbalest.executor.batch;

import io.arbalest.executor.expr.Int128;
import io.arbalest.executor.expr.Storage;
import io.arbalest.executor.expr.Utf8;
import io.arbalest.planner.physical.SortKey;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/** Compares two rows on one sort key: direction, NULL placement, strings as UTF-8 bytes. */
public final class RowComparison {
    private RowComparison() {
    }

    public static int compare(FieldVector a, int i, FieldVector b, int j, Storage storage, SortKey key) {
        boolean aNull = a.isNull(i);
        boolean bNull = b.isNull(j);
        if (aNull || bNull) {
            if (aNull && bNull) {
                return 0;
            }
            return aNull == key.nullsFirst() ? -1 : 1; // NULL placement ignores the direction
        }
        int result = switch (storage) {
            case INT32 -> Integer.compare(a.getDataBuffer().getInt((long) i << 2), b.getDataBuffer().getInt((long) j << 2));
            case INT64 -> Long.compare(a.getDataBuffer().getLong((long) i << 3), b.getDataBuffer().getLong((long) j << 3));
            case FLOAT32 -> Float.compare(a.getDataBuffer().getFloat((long) i << 2), b.getDataBuffer().getFloat((long) j << 2));
            case FLOAT64 -> Double.compare(a.getDataBuffer().getDouble((long) i << 3), b.getDataBuffer().getDouble((long) j << 3));
            case BIT -> Integer.compare(((BitVector) a).get(i), ((BitVector) b).get(j));
            case UTF8 -> Utf8.compare(a, i, b, j);
            case INT128 -> Int128.compare(a.getDataBuffer(), i, b.getDataBuffer(), j);
        };
        return key.ascending() ? result : -result;
    }
}
