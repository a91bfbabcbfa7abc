package io.arbalest.executor.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

import java.nio.charset.StandardCharsets;

/** Byte-level access to the strings of a VarCharVector, without decoding them. */
public final class Utf8 {
    private Utf8() {
    }

    public static int start(FieldVector vector, int index) {
        return vector.getOffsetBuffer().getInt((long) index << 2);
    }

    public static int end(FieldVector vector, int index) {
        return vector.getOffsetBuffer().getInt((long) (index + 1) << 2);
    }

    /** Unsigned lexicographic comparison of two strings' UTF-8 bytes, which is code point order. */
    public static int compare(FieldVector a, int i, FieldVector b, int j) {
        ArrowBuf x = a.getDataBuffer();
        ArrowBuf y = b.getDataBuffer();
        int xStart = start(a, i);
        int xLength = end(a, i) - xStart;
        int yStart = start(b, j);
        int yLength = end(b, j) - yStart;
        int common = Math.min(xLength, yLength);
        for (int k = 0; k < common; k++) {
            int p = x.getByte(xStart + k) & 0xFF;
            int q = y.getByte(yStart + k) & 0xFF;
            if (p != q) {
                return p - q;
            }
        }
        return xLength - yLength;
    }

    /** Compares row i's string with {@code value}'s bytes, unsigned. */
    public static int compare(FieldVector a, int i, byte[] value) {
        int start = start(a, i);
        return compare(a.getDataBuffer(), start, end(a, i) - start, value);
    }

    /** Compares the {@code length} bytes of {@code data} from {@code start} with {@code value}'s, unsigned. */
    public static int compare(ArrowBuf data, int start, int length, byte[] value) {
        int common = Math.min(length, value.length);
        for (int k = 0; k < common; k++) {
            int p = data.getByte(start + k) & 0xFF;
            int q = value[k] & 0xFF;
            if (p != q) {
                return p - q;
            }
        }
        return length - value.length;
    }

    public static boolean equals(FieldVector a, int i, byte[] value) {
        int start = start(a, i);
        int length = end(a, i) - start;
        if (length != value.length) {
            return false;
        }
        ArrowBuf data = a.getDataBuffer();
        for (int k = 0; k < length; k++) {
            if (data.getByte(start + k) != value[k]) {
                return false;
            }
        }
        return true;
    }

    public static byte[] bytes(FieldVector vector, int index) {
        int start = start(vector, index);
        byte[] bytes = new byte[end(vector, index) - start];
        vector.getDataBuffer().getBytes(start, bytes);
        return bytes;
    }

    public static String string(FieldVector vector, int index) {
        return new String(bytes(vector, index), StandardCharsets.UTF_8);
    }

    /** A 64-bit hash of the string's bytes (FNV-1a mixed), equal for equal strings. */
    public static long hash(FieldVector vector, int index) {
        ArrowBuf data = vector.getDataBuffer();
        int start = start(vector, index);
        int end = end(vector, index);
        long hash = 0xcbf29ce484222325L;
        for (int k = start; k < end; k++) {
            hash ^= data.getByte(k) & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
