package io.arbalest.executor.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/** Validity-bitmap helpers that work a word or a byte at a time instead of a bit at a time. */
public final class Bits {
    private Bits() {
    }

    public static boolean isValid(ArrowBuf validity, int index) {
        return (validity.getByte(index >>> 3) >> (index & 7) & 1) != 0;
    }

    public static void setValid(ArrowBuf validity, int index) {
        BitVectorHelper.setBit(validity, index);
    }

    /** Marks the {@code count} values from {@code start} valid. */
    public static void setValid(ArrowBuf validity, int start, int count) {
        int end = start + count;
        int i = start;
        for (; i < end && (i & 7) != 0; i++) {
            BitVectorHelper.setBit(validity, i);
        }
        int fullBytes = (end - i) >>> 3;
        if (fullBytes > 0) {
            validity.setOne(i >>> 3, fullBytes);
            i += fullBytes << 3;
        }
        for (; i < end; i++) {
            BitVectorHelper.setBit(validity, i);
        }
    }

    /** Marks every one of the first {@code count} values valid. */
    public static void setAllValid(FieldVector vector, int count) {
        setValid(vector.getValidityBuffer(), 0, count);
    }

    /** Sets the output's validity to the AND of the inputs' over the first {@code count} values. */
    public static void andValidity(FieldVector out, int count, FieldVector... inputs) {
        ArrowBuf target = out.getValidityBuffer();
        int bytes = (count + 7) >>> 3;
        boolean first = true;
        for (FieldVector input : inputs) {
            ArrowBuf source = input.getValidityBuffer();
            if (first) {
                target.setBytes(0, source, 0, bytes);
                first = false;
            } else {
                for (int b = 0; b < bytes; b++) {
                    target.setByte(b, target.getByte(b) & source.getByte(b));
                }
            }
        }
        if (first) {
            setAllValid(out, count);
        }
    }

    /**
     * True when none of the vector's first {@code count} values is NULL, read from the validity
     * bitmap itself (so it also holds before the vector's value count is set).
     */
    public static boolean noNulls(FieldVector vector, int count) {
        return BitVectorHelper.getNullCount(vector.getValidityBuffer(), count) == 0;
    }
}
