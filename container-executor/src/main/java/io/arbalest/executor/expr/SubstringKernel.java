package io.arbalest.executor.expr;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * SUBSTRING(text FROM start [FOR length]) with constant start and length, on the UTF-8 bytes:
 * characters are counted by their lead bytes, and the substring's bytes copied, no String per
 * row. Same semantics as {@link ScalarFunctions#substring}.
 */
final class SubstringKernel implements Kernel {
    private final Kernel text;
    private final long start;
    /** Characters to take; -1: to the end. */
    private final long length;
    private final boolean negativeLength;
    private final BufferAllocator allocator;

    /** A negative {@code length} is an error when some row is not NULL (not before: CASE may guard it). */
    SubstringKernel(Kernel text, long start, Long length, BufferAllocator allocator) {
        this.text = text;
        this.start = start;
        this.length = length == null ? -1 : length;
        this.negativeLength = length != null && length < 0;
        this.allocator = allocator;
    }

    @Override
    public FieldVector evaluate(Batch batch) {
        int rows = batch.rowCount();
        FieldVector input = text.evaluate(batch);
        VarCharVector out = (VarCharVector) Vectors.create("substring", DataType.VARCHAR, allocator);
        try {
            VarCharVector strings = (VarCharVector) input;
            long inputBytes = rows == 0 ? 0 : strings.getEndOffset(rows - 1) - strings.getStartOffset(0);
            out.allocateNew(Math.max(1, inputBytes), Math.max(1, rows));
            ArrowBuf from = strings.getDataBuffer();
            ArrowBuf to = out.getDataBuffer();
            ArrowBuf offsets = out.getOffsetBuffer();
            ArrowBuf validity = out.getValidityBuffer();
            // Characters [first, last) of each string, 1-based; last is exclusive.
            long first = Math.max(start, 1);
            long last = length < 0 || length > Long.MAX_VALUE - first ? Long.MAX_VALUE : start + length;
            int position = 0;
            offsets.setInt(0, 0);
            for (int i = 0; i < rows; i++) {
                if (!strings.isNull(i)) {
                    if (negativeLength) {
                        throw new QueryExecutionException("SUBSTRING length must not be negative, but is " + length
                                + ".");
                    }
                    int end = strings.getEndOffset(i);
                    int p = strings.getStartOffset(i);
                    long character = 1;
                    while (character < first && p < end) {
                        p += width(from.getByte(p));
                        character++;
                    }
                    int begin = Math.min(p, end);
                    while (character < last && p < end) {
                        p += width(from.getByte(p));
                        character++;
                    }
                    int bytes = Math.min(p, end) - begin;
                    if (bytes > 0) {
                        to.setBytes(position, from, begin, bytes);
                        position += bytes;
                    }
                    BitVectorHelper.setBit(validity, i);
                }
                offsets.setInt((long) (i + 1) << 2, position);
            }
            out.setLastSet(rows - 1);
            out.setValueCount(rows);
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        } finally {
            text.release(input);
        }
    }

    /** Bytes of the UTF-8 character whose lead byte is {@code lead}. */
    private static int width(byte lead) {
        int b = lead & 0xFF;
        return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    }

    @Override
    public DataType type() {
        return DataType.VARCHAR;
    }
}
