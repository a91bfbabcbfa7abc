package io.arbalest.executor.batch;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

import java.util.ArrayList;
import java.util.List;

/** Copies selected rows of vectors into new vectors: the core of filter, sort and top-N. */
public final class VectorGather {
    private VectorGather() {
    }

    /** A new batch holding rows {@code indices[0..count)} of {@code batch}, in that order. */
    public static Batch gather(Batch batch, int[] indices, int count, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (int c = 0; c < batch.columnCount(); c++) {
                vectors.add(gather(batch.vector(c), indices, count, allocator));
            }
            return new Batch(vectors, count);
        } catch (RuntimeException | Error e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
    }

    /**
     * Fills rows [0, rows) of {@code target} (allocated, of the sources' class): row i takes row
     * {@code rowIn[i]} of {@code sources[sourceOf[i]]}, or NULL where {@code sourceOf[i]} is -1.
     * Returns false, writing nothing, when some source used is not of the target's class.
     */
    public static boolean gatherFrom(FieldVector[] sources, int[] sourceOf, int[] rowIn, FieldVector target, int rows) {
        for (int i = 0; i < rows; i++) {
            if (sourceOf[i] >= 0 && sources[sourceOf[i]].getClass() != target.getClass()) {
                return false;
            }
        }
        if (target instanceof VarCharVector strings) {
            long total = 0;
            for (int i = 0; i < rows; i++) {
                if (sourceOf[i] >= 0 && !sources[sourceOf[i]].isNull(rowIn[i])) {
                    VarCharVector source = (VarCharVector) sources[sourceOf[i]];
                    total += source.getEndOffset(rowIn[i]) - source.getStartOffset(rowIn[i]);
                }
            }
            while (strings.getDataBuffer().capacity() < total) {
                strings.reallocDataBuffer();
            }
            ArrowBuf to = strings.getDataBuffer();
            ArrowBuf offsets = strings.getOffsetBuffer();
            ArrowBuf validity = strings.getValidityBuffer();
            int position = 0;
            offsets.setInt(0, 0);
            for (int i = 0; i < rows; i++) {
                if (sourceOf[i] >= 0 && !sources[sourceOf[i]].isNull(rowIn[i])) {
                    VarCharVector source = (VarCharVector) sources[sourceOf[i]];
                    int start = source.getStartOffset(rowIn[i]);
                    int length = source.getEndOffset(rowIn[i]) - start;
                    to.setBytes(position, source.getDataBuffer(), start, length);
                    position += length;
                    BitVectorHelper.setBit(validity, i);
                }
                offsets.setInt((long) (i + 1) << 2, position);
            }
            strings.setLastSet(rows - 1);
        } else if (target instanceof BitVector bits) {
            for (int i = 0; i < rows; i++) {
                if (sourceOf[i] >= 0 && !sources[sourceOf[i]].isNull(rowIn[i])) {
                    bits.set(i, ((BitVector) sources[sourceOf[i]]).get(rowIn[i]));
                }
            }
        } else {
            BaseFixedWidthVector fixed = (BaseFixedWidthVector) target;
            int width = fixed.getTypeWidth();
            ArrowBuf to = fixed.getDataBuffer();
            ArrowBuf validity = fixed.getValidityBuffer();
            ArrowBuf[] data = new ArrowBuf[sources.length];
            ArrowBuf[] valid = new ArrowBuf[sources.length];
            for (int s = 0; s < sources.length; s++) {
                if (sources[s] != null) {
                    data[s] = sources[s].getDataBuffer();
                    valid[s] = sources[s].getValidityBuffer();
                }
            }
            for (int i = 0; i < rows; i++) {
                int s = sourceOf[i];
                int row = rowIn[i];
                if (s < 0 || (valid[s].getByte(row >>> 3) >> (row & 7) & 1) == 0) {
                    continue;
                }
                if (width == 8) {
                    to.setLong((long) i << 3, data[s].getLong((long) row << 3));
                } else if (width == 4) {
                    to.setInt((long) i << 2, data[s].getInt((long) row << 2));
                } else {
                    to.setBytes((long) i * width, data[s], (long) row * width, width);
                }
                BitVectorHelper.setBit(validity, i);
            }
        }
        return true;
    }

    public static FieldVector gather(FieldVector source, int[] indices, int count, BufferAllocator allocator) {
        FieldVector target = (FieldVector) source.getTransferPair(source.getField().getName(), allocator).getTo();
        try {
            if (source instanceof VarCharVector strings) {
                gatherStrings(strings, (VarCharVector) target, indices, count);
            } else if (source instanceof BitVector bits) {
                BitVector out = (BitVector) target;
                out.allocateNew(count);
                for (int i = 0; i < count; i++) {
                    int row = indices[i];
                    if (!bits.isNull(row)) {
                        out.set(i, bits.get(row));
                    }
                }
            } else {
                gatherFixed((BaseFixedWidthVector) source, (BaseFixedWidthVector) target, indices, count);
            }
            target.setValueCount(count);
            return target;
        } catch (RuntimeException | Error e) {
            target.close();
            throw e;
        }
    }

    private static void gatherFixed(BaseFixedWidthVector source, BaseFixedWidthVector target, int[] indices,
            int count) {
        target.setInitialCapacity(Math.max(count, 1));
        target.allocateNew();
        int width = source.getTypeWidth();
        ArrowBuf from = source.getDataBuffer();
        ArrowBuf to = target.getDataBuffer();
        ArrowBuf fromValidity = source.getValidityBuffer();
        ArrowBuf toValidity = target.getValidityBuffer();
        // Counting the source's NULLs reads its whole bitmap: worth it unless the source is far larger
        // than the gather (a join's build side), where copying the bits row by row is cheaper.
        boolean hasNulls = source.getValueCount() > 64L * count || source.getNullCount() > 0;
        if (width == 8) {
            for (int i = 0; i < count; i++) {
                to.setLong((long) i << 3, from.getLong((long) indices[i] << 3));
            }
        } else if (width == 4) {
            for (int i = 0; i < count; i++) {
                to.setInt((long) i << 2, from.getInt((long) indices[i] << 2));
            }
        } else {
            for (int i = 0; i < count; i++) {
                to.setBytes((long) i * width, from, (long) indices[i] * width, width);
            }
        }
        if (!hasNulls) {
            int fullBytes = count >>> 3;
            toValidity.setOne(0, fullBytes);
            for (int i = fullBytes << 3; i < count; i++) {
                BitVectorHelper.setBit(toValidity, i);
            }
        } else {
            for (int i = 0; i < count; i++) {
                int row = indices[i];
                if ((fromValidity.getByte(row >>> 3) >> (row & 7) & 1) != 0) {
                    BitVectorHelper.setBit(toValidity, i);
                }
            }
        }
    }

    private static void gatherStrings(VarCharVector source, VarCharVector target, int[] indices, int count) {
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            int row = indices[i];
            if (!source.isNull(row)) {
                bytes += source.getEndOffset(row) - source.getStartOffset(row);
            }
        }
        target.allocateNew(Math.max(bytes, 1), Math.max(count, 1));
        ArrowBuf from = source.getDataBuffer();
        ArrowBuf to = target.getDataBuffer();
        ArrowBuf offsets = target.getOffsetBuffer();
        ArrowBuf toValidity = target.getValidityBuffer();
        int position = 0;
        offsets.setInt(0, 0);
        for (int i = 0; i < count; i++) {
            int row = indices[i];
            if (!source.isNull(row)) {
                int start = source.getStartOffset(row);
                int length = source.getEndOffset(row) - start;
                to.setBytes(position, from, start, length);
                position += length;
                BitVectorHelper.setBit(toValidity, i);
            }
            offsets.setInt((long) (i + 1) << 2, position);
        }
        target.setLastSet(count - 1);
    }
}
