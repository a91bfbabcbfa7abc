package io.arbalest.executor.parquet;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VarCharVector;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.io.api.Binary;

/**
 * A column chunk's dictionary in the engine's representation, as arrays indexed by dictionary
 * id: converted once per chunk (through {@link ColumnDecoder}'s conversions), then looked up
 * by {@link ColumnChunkReader} for every dictionary-encoded page.
 */
final class DecodedDictionary {
    long[] longs;
    int[] ints;
    double[] doubles;
    float[] floats;
    byte[] bytes;
    int[] offsets;
    /** Strings again, each padded with zeros to whole little-endian words: entry id is words[wordOffsets[id], wordOffsets[id + 1]). */
    long[] words;
    int[] wordOffsets;

    /** Null for booleans, which parquet-mr never dictionary-encodes; they take the value-at-a-time path. */
    static DecodedDictionary of(ColumnDecoder column, Dictionary dictionary) {
        int size = dictionary.getMaxId() + 1;
        DictionaryEntries entries = new DictionaryEntries(dictionary);
        DecodedDictionary d = new DecodedDictionary();
        switch (column.storage()) {
            case INT64 -> {
                d.longs = new long[size];
                for (int id = 0; id < size; id++) {
                    d.longs[id] = column.readLong(entries);
                }
            }
            case INT32 -> {
                d.ints = new int[size];
                for (int id = 0; id < size; id++) {
                    d.ints[id] = entries.readInteger();
                }
            }
            case FLOAT64 -> {
                d.doubles = new double[size];
                for (int id = 0; id < size; id++) {
                    d.doubles[id] = entries.readDouble();
                }
            }
            case FLOAT32 -> {
                d.floats = new float[size];
                for (int id = 0; id < size; id++) {
                    d.floats[id] = entries.readFloat();
                }
            }
            case UTF8 -> {
                d.offsets = new int[size + 1];
                long total = 0;
                for (int id = 0; id < size; id++) {
                    total += dictionary.decodeToBinary(id).length();
                }
                if (total > Integer.MAX_VALUE - 8) {
                    return null;
                }
                d.bytes = new byte[(int) total];
                int end = 0;
                for (int id = 0; id < size; id++) {
                    Binary value = entries.readBytes();
                    int length = value.length();
                    value.toByteBuffer().get(d.bytes, end, length);
                    end += length;
                    d.offsets[id + 1] = end;
                }
                d.wordOffsets = new int[size + 1];
                for (int id = 0; id < size; id++) {
                    d.wordOffsets[id + 1] = d.wordOffsets[id] + (d.offsets[id + 1] - d.offsets[id] + 7) / 8;
                }
                d.words = new long[d.wordOffsets[size]];
                for (int id = 0; id < size; id++) {
                    for (int b = d.offsets[id]; b < d.offsets[id + 1]; b++) {
                        int k = b - d.offsets[id];
                        d.words[d.wordOffsets[id] + k / 8] |= (d.bytes[b] & 0xFFL) << (8 * (k % 8));
                    }
                }
            }
            case BIT, INT128 -> {
                return null; // read value by value
            }
        }
        return d;
    }

    /**
     * Rows [start, start + n) of a string vector, all present, from dictionary entries: the data
     * buffer grown once, then offsets written and each entry copied eight bytes at a time (its
     * last word may write up to seven bytes past it, which the next entry or nothing overwrites).
     */
    void appendStrings(VarCharVector strings, int start, int n, int[] ids) {
        strings.fillEmpties(start); // the offsets of earlier NULL rows
        ArrowBuf offsetBuffer = strings.getOffsetBuffer();
        long position = offsetBuffer.getInt((long) start << 2);
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += offsets[ids[i] + 1] - offsets[ids[i]];
        }
        while (strings.getDataBuffer().capacity() < position + total + Long.BYTES) {
            strings.reallocDataBuffer();
        }
        ArrowBuf data = strings.getDataBuffer();
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            long at = position;
            for (int w = wordOffsets[id]; w < wordOffsets[id + 1]; w++) {
                data.setLong(at, words[w]);
                at += Long.BYTES;
            }
            position += offsets[id + 1] - offsets[id];
            offsetBuffer.setInt((long) (start + i + 1) << 2, (int) position);
        }
        strings.setLastSet(start + n - 1);
    }

    /** A dictionary's entries in id order, read as a {@link ValuesReader} so that {@link ColumnDecoder} converts them. */
    private static final class DictionaryEntries extends ValuesReader {
        private final Dictionary dictionary;
        private int next;

        DictionaryEntries(Dictionary dictionary) {
            this.dictionary = dictionary;
        }

        @Override
        public int readInteger() {
            return dictionary.decodeToInt(next++);
        }

        @Override
        public long readLong() {
            return dictionary.decodeToLong(next++);
        }

        @Override
        public float readFloat() {
            return dictionary.decodeToFloat(next++);
        }

        @Override
        public double readDouble() {
            return dictionary.decodeToDouble(next++);
        }

        @Override
        public Binary readBytes() {
            return dictionary.decodeToBinary(next++);
        }

        @Override
        public void skip() {
            next++;
        }
    }
}
