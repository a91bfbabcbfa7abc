package io.arbalest.executor.operator.aggregate;

import io.arbalest.executor.batch.Keys;
import io.arbalest.executor.expr.Int128;
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
 * Maps group keys to dense group ids with an open-addressing hash table. Each slot holds its
 * group's hash and id side by side; a group's integer keys are stored together in one long
 * array (strings as byte arrays, allocated only for new groups), so probing a row allocates
 * nothing and touches few cache lines. NULL keys form their own group, as SQL's GROUP BY requires.
 */
final class GroupTable {
    private static final float LOAD_FACTOR = 0.5f;

    private final List<DataType> keyTypes;
    private final Storage[] storages;
    /**
     * Key {@code k}'s place among the integer (non-UTF8) keys' words; -1 for string keys. A 128-bit
     * key takes two words, its low one at its place and its high one after it.
     */
    private final int[] place;
    private final int integerKeyCount;
    /** The integer keys of group g at [g * integerKeyCount, (g + 1) * integerKeyCount). */
    private long[] integerKeys;
    private byte[][][] stringKeys;
    private boolean[][] nullKeys;
    /** Per key: whether any group has a NULL in it (if not, a non-NULL row needs no look at nullKeys). */
    private final boolean[] nullGroups;
    /** Two longs per slot: the hash of its group and the group id + 1 (0: empty). */
    private long[] table = new long[2 * 64];
    private int capacity = 64;
    private long[] rowHashes = new long[0];
    private int groupCount;
    /** Bytes of the string keys stored (with their arrays' headers). */
    private long stringBytes;
    /** Sum of the table words the lookahead loop read; kept so that the JIT cannot drop that loop. */
    private long touched;

    GroupTable(List<DataType> keyTypes) {
        this.keyTypes = List.copyOf(keyTypes);
        int keys = keyTypes.size();
        storages = new Storage[keys];
        place = new int[keys];
        stringKeys = new byte[keys][][];
        nullKeys = new boolean[keys][16];
        nullGroups = new boolean[keys];
        int integers = 0;
        for (int k = 0; k < keys; k++) {
            storages[k] = Storage.of(keyTypes.get(k));
            if (storages[k] == Storage.UTF8) {
                place[k] = -1;
                stringKeys[k] = new byte[16][];
            } else {
                place[k] = integers;
                integers += storages[k] == Storage.INT128 ? 2 : 1;
            }
        }
        integerKeyCount = integers;
        integerKeys = new long[16 * integers];
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
            if (i % Keys.LOOK_AHEAD == 0) {
                lookAhead(hashes, i, Math.min(rows, i + Keys.LOOK_AHEAD), !hashIsKey);
            }
            long hash = hashes[i];
            int mask = capacity - 1;
            int slot = Keys.slot(hash, mask);
            while (true) {
                long entry = table[2 * slot + 1];
                if (entry == 0) {
                    int group = insert(keys, i);
                    table[2 * slot] = hash;
                    table[2 * slot + 1] = group + 1;
                    groupIds[i] = group;
                    if (groupCount > capacity * LOAD_FACTOR) {
                        rehash();
                    }
                    break;
                }
                if (table[2 * slot] == hash) {
                    int group = (int) entry - 1;
                    if (hashIsKey ? !nullKeys[0][group] : keysEqual(keys, i, group)) {
                        groupIds[i] = group;
                        break;
                    }
                }
                slot = (slot + 1) & mask;
            }
        }
    }

    /**
     * Reads the slots of rows [from, to)'s hashes (and, with {@code keysToo}, the integer keys of the
     * groups found there) before the rows are grouped: these loads do not depend on each other, so a
     * large table's cache misses overlap instead of coming one row at a time.
     */
    private void lookAhead(long[] hashes, int from, int to, boolean keysToo) {
        int mask = capacity - 1;
        if (mask < Keys.SMALL_TABLE) {
            return; // a small table stays in the cache
        }
        long sum = Keys.readSlotsAhead(table, mask, hashes, from, to);
        if (keysToo && integerKeyCount > 0) {
            for (int i = from; i < to; i++) {
                long hash = hashes[i];
                long entry = table[2 * Keys.slot(hash, mask) + 1];
                if (entry != 0) {
                    sum += integerKeys[(int) (entry - 1) * integerKeyCount];
                }
            }
        }
        touched += sum;
    }

    private boolean keysEqual(FieldVector[] keys, int row, int group) {
        for (int k = 0; k < keys.length; k++) {
            boolean rowNull = keys[k].isNull(row);
            if (rowNull || nullGroups[k]) {
                if (rowNull != nullKeys[k][group]) {
                    return false;
                }
                if (rowNull) {
                    continue;
                }
            }
            int at = group * integerKeyCount + place[k];
            boolean equal = switch (storages[k]) {
                case UTF8 -> Utf8.equals(keys[k], row, stringKeys[k][group]);
                case INT128 -> Int128.low(keys[k].getDataBuffer(), row) == integerKeys[at]
                        && Int128.high(keys[k].getDataBuffer(), row) == integerKeys[at + 1];
                default -> Keys.longValue(keys[k], storages[k], row) == integerKeys[at];
            };
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
                }
            }
            integerKeys = Arrays.copyOf(integerKeys, capacity * integerKeyCount);
        }
        for (int k = 0; k < keys.length; k++) {
            if (keys[k].isNull(row)) {
                nullKeys[k][group] = true;
                nullGroups[k] = true;
            } else if (storages[k] == Storage.UTF8) {
                stringKeys[k][group] = Utf8.bytes(keys[k], row);
                stringBytes += stringKeys[k][group].length + 16;
            } else if (storages[k] == Storage.INT128) {
                integerKeys[group * integerKeyCount + place[k]] = Int128.low(keys[k].getDataBuffer(), row);
                integerKeys[group * integerKeyCount + place[k] + 1] = Int128.high(keys[k].getDataBuffer(), row);
            } else {
                integerKeys[group * integerKeyCount + place[k]] = Keys.longValue(keys[k], storages[k], row);
            }
        }
        return group;
    }

    /** The heap this table holds: its slots, its keys' arrays and the string keys' bytes (an estimate). */
    long heapBytes() {
        long bytes = 8L * table.length + 8L * integerKeys.length + 8L * rowHashes.length + stringBytes;
        for (int k = 0; k < nullKeys.length; k++) {
            bytes += nullKeys[k].length + (stringKeys[k] == null ? 0 : 8L * stringKeys[k].length);
        }
        return bytes;
    }

    private void rehash() {
        int biggerCapacity = capacity * 2;
        long[] bigger = new long[2 * biggerCapacity];
        int mask = biggerCapacity - 1;
        for (int old = 0; old < capacity; old++) {
            if (table[2 * old + 1] == 0) {
                continue;
            }
            long hash = table[2 * old];
            int slot = Keys.slot(hash, mask);
            while (bigger[2 * slot + 1] != 0) {
                slot = (slot + 1) & mask;
            }
            bigger[2 * slot] = hash;
            bigger[2 * slot + 1] = table[2 * old + 1];
        }
        table = bigger;
        capacity = biggerCapacity;
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
                    long value = integerKeys[group * integerKeyCount + place[k]];
                    if (wide) {
                        data.setLong((long) i << 3, value);
                    } else {
                        data.setInt((long) i << 2, (int) value);
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
                long bits = integerKeys[group * integerKeyCount + place[k]];
                value = switch (storages[k]) {
                    case INT128 -> Int128.toBigInteger(integerKeys[group * integerKeyCount + place[k] + 1], bits);
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
