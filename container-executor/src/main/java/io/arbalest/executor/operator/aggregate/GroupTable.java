package io.arbalest.executor.operator.aggregate;

import io.arbalest.executor.batch.Keys;
import io.arbalest.executor.expr.Storage;
import io.arbalest.executor.expr.Utf8;
import io.arbalest.executor.expr.ValueAccess;
import io.arbalest.planner.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

import java.util.Arrays;
import java.util.List;

/**
 * Maps group keys to dense group ids with an open-addressing hash table. Keys are stored
 * column-wise in primitive arrays (strings as byte arrays, allocated only for new groups), so
 * probing a row allocates nothing. NULL keys form their own group, as SQL's GROUP BY requires.
 */
final class GroupTable {
    private static final float LOAD_FACTOR = 0.5f;

    private final List<DataType> keyTypes;
    private final Storage[] storages;
    private long[][] longKeys;
    private byte[][][] stringKeys;
    private boolean[][] nullKeys;
    private int[] slots = new int[64];
    /** The hash of each slot's group, next to the slot so that probing rarely looks at the group. */
    private long[] slotHashes = new long[64];
    private long[] rowHashes = new long[0];
    private int groupCount;

    GroupTable(List<DataType> keyTypes) {
        this.keyTypes = List.copyOf(keyTypes);
        int keys = keyTypes.size();
        storages = new Storage[keys];
        longKeys = new long[keys][];
        stringKeys = new byte[keys][][];
        nullKeys = new boolean[keys][16];
        for (int k = 0; k < keys; k++) {
            storages[k] = Storage.of(keyTypes.get(k));
            if (storages[k] == Storage.UTF8) {
                stringKeys[k] = new byte[16][];
            } else {
                longKeys[k] = new long[16];
            }
        }
        if (keys == 0) {
            groupCount = 1; // a global aggregate has exactly one group, even over no rows
        }
    }

    int groupCount() {
        return groupCount;
    }

    /** Fills {@code groupIds[0..rows)} with the group of each row, adding new groups as needed. */
    void groupIds(FieldVector[] keys, int rows, int[] groupIds) {
        if (keys.length == 0) {
            Arrays.fill(groupIds, 0, rows, 0);
            return;
        }
        if (rowHashes.length < rows) {
            rowHashes = new long[Math.max(rows, 1024)];
        }
        long[] hashes = rowHashes;
        Keys.hash(keys, storages, rows, hashes);
        // One non-NULL integer key: its hash is a bijection of the key, so equal hashes are equal keys,
        // except for the NULL group, whose hash is a constant.
        boolean hashIsKey = keys.length == 1 && (storages[0] == Storage.INT32 || storages[0] == Storage.INT64)
                && keys[0].getNullCount() == 0;
        for (int i = 0; i < rows; i++) {
            long hash = hashes[i];
            int mask = slots.length - 1;
            int slot = (int) (hash ^ (hash >>> 32)) & mask;
            while (true) {
                int entry = slots[slot];
                if (entry == 0) {
                    int group = insert(keys, i);
                    slots[slot] = group + 1;
                    slotHashes[slot] = hash;
                    groupIds[i] = group;
                    if (groupCount > slots.length * LOAD_FACTOR) {
                        rehash();
                    }
                    break;
                }
                if (slotHashes[slot] == hash) {
                    int group = entry - 1;
                    if (hashIsKey ? !nullKeys[0][group] : keysEqual(keys, i, group)) {
                        groupIds[i] = group;
                        break;
                    }
                }
                slot = (slot + 1) & mask;
            }
        }
    }

    private boolean keysEqual(FieldVector[] keys, int row, int group) {
        for (int k = 0; k < keys.length; k++) {
            boolean rowNull = keys[k].isNull(row);
            if (rowNull != nullKeys[k][group]) {
                return false;
            }
            if (rowNull) {
                continue;
            }
            boolean equal = storages[k] == Storage.UTF8
                    ? Utf8.equals(keys[k], row, stringKeys[k][group])
                    : Keys.longValue(keys[k], storages[k], row) == longKeys[k][group];
            if (!equal) {
                return false;
            }
        }
        return true;
    }

    private int insert(FieldVector[] keys, int row) {
        int group = groupCount++;
        if (group == nullKeys[0].length) {
            int capacity = group * 2;
            for (int k = 0; k < keys.length; k++) {
                nullKeys[k] = Arrays.copyOf(nullKeys[k], capacity);
                if (stringKeys[k] != null) {
                    stringKeys[k] = Arrays.copyOf(stringKeys[k], capacity);
                } else {
                    longKeys[k] = Arrays.copyOf(longKeys[k], capacity);
                }
            }
        }
        for (int k = 0; k < keys.length; k++) {
            if (keys[k].isNull(row)) {
                nullKeys[k][group] = true;
            } else if (storages[k] == Storage.UTF8) {
                stringKeys[k][group] = Utf8.bytes(keys[k], row);
            } else {
                longKeys[k][group] = Keys.longValue(keys[k], storages[k], row);
            }
        }
        return group;
    }

    private void rehash() {
        int[] bigger = new int[slots.length * 2];
        long[] biggerHashes = new long[bigger.length];
        int mask = bigger.length - 1;
        for (int old = 0; old < slots.length; old++) {
            if (slots[old] == 0) {
                continue;
            }
            long hash = slotHashes[old];
            int slot = (int) (hash ^ (hash >>> 32)) & mask;
            while (bigger[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            bigger[slot] = slots[old];
            biggerHashes[slot] = hash;
        }
        slots = bigger;
        slotHashes = biggerHashes;
    }

    /** Writes key column {@code k} of groups [from, from + count) into {@code target}. */
    void writeKeys(int k, FieldVector target, int from, int count) {
        DataType type = keyTypes.get(k);
        if (storages[k] == Storage.INT64 || storages[k] == Storage.INT32) {
            boolean wide = storages[k] == Storage.INT64;
            ArrowBuf data = target.getDataBuffer();
            for (int i = 0; i < count; i++) {
                int group = from + i;
                if (!nullKeys[k][group]) {
                    if (wide) {
                        data.setLong((long) i << 3, longKeys[k][group]);
                    } else {
                        data.setInt((long) i << 2, (int) longKeys[k][group]);
                    }
                    BitVectorHelper.setBit(target.getValidityBuffer(), i);
                }
            }
            target.setValueCount(count);
            return;
        }
        for (int i = 0; i < count; i++) {
            int group = from + i;
            Object value;
            if (nullKeys[k][group]) {
                value = null;
            } else if (storages[k] == Storage.UTF8) {
                value = new String(stringKeys[k][group], java.nio.charset.StandardCharsets.UTF_8);
            } else {
                long bits = longKeys[k][group];
                value = switch (storages[k]) {
                    case FLOAT32 -> (double) (float) Double.longBitsToDouble(bits);
                    case FLOAT64 -> Double.longBitsToDouble(bits);
                    case BIT -> bits != 0;
                    default -> bits;
                };
            }
            ValueAccess.set(target, i, type, value);
        }
        target.setValueCount(count);
    }
}
