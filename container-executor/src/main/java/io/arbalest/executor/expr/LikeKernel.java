package io.arbalest.executor.expr;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.planner.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * LIKE with a pattern made of literal text and {@code %} only (the common case: 'abc%',
 * '%abc%', '%a%b%'), matched on the UTF-8 bytes in place: the literal pieces must appear in
 * order, the first at the start and the last at the end unless the pattern begins or ends
 * with {@code %}. Patterns with {@code _} or an escape use the regular-expression kernel.
 */
final class LikeKernel implements Kernel {
    private final Kernel input;
    private final byte[][] pieces;
    private final boolean anchoredStart;
    private final boolean anchoredEnd;
    private final BufferAllocator allocator;

    private LikeKernel(Kernel input, byte[][] pieces, boolean anchoredStart, boolean anchoredEnd,
            BufferAllocator allocator) {
        this.input = input;
        this.pieces = pieces;
        this.anchoredStart = anchoredStart;
        this.anchoredEnd = anchoredEnd;
        this.allocator = allocator;
    }

    /** A kernel for {@code pattern}, or null when it needs the general matcher. */
    static LikeKernel of(Kernel input, String pattern, String escape, BufferAllocator allocator) {
        if (pattern.indexOf('_') >= 0 || escape != null && !escape.isEmpty() && pattern.contains(escape)) {
            return null;
        }
        List<byte[]> pieces = new ArrayList<>();
        for (String piece : pattern.split("%", -1)) {
            pieces.add(piece.getBytes(StandardCharsets.UTF_8));
        }
        // "abc" -> [abc]; "%abc%" -> [, abc, ]: an empty first/last piece means that end is free.
        return new LikeKernel(input, pieces.toArray(new byte[0][]), !pattern.startsWith("%"), !pattern.endsWith("%"),
                allocator);
    }

    @Override
    public FieldVector evaluate(Batch batch) {
        FieldVector strings = input.evaluate(batch);
        int rows = batch.rowCount();
        BitVector out = (BitVector) Vectors.allocate("like", DataType.BOOLEAN, rows, allocator);
        try {
            ArrowBuf data = strings.getDataBuffer();
            for (int i = 0; i < rows; i++) {
                if (strings.isNull(i)) {
                    continue;
                }
                out.set(i, matches(data, Utf8.start(strings, i), Utf8.end(strings, i)) ? 1 : 0);
            }
            out.setValueCount(rows);
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        } finally {
            input.release(strings);
        }
    }

    private boolean matches(ArrowBuf data, int start, int end) {
        if (pieces.length == 1) { // no % at all: equality
            return end - start == pieces[0].length && at(data, start, pieces[0]);
        }
        int position = start;
        int limit = end;
        byte[] first = pieces[0];
        byte[] last = pieces[pieces.length - 1];
        if (anchoredStart) {
            if (limit - position < first.length || !at(data, position, first)) {
                return false;
            }
            position += first.length;
        }
        if (anchoredEnd) {
            if (limit - position < last.length || !at(data, limit - last.length, last)) {
                return false;
            }
            limit -= last.length;
        }
        for (int p = 1; p < pieces.length - 1; p++) {
            int found = find(data, position, limit, pieces[p]);
            if (found < 0) {
                return false;
            }
            position = found + pieces[p].length;
        }
        return position <= limit;
    }

    private static boolean at(ArrowBuf data, int offset, byte[] piece) {
        for (int k = 0; k < piece.length; k++) {
            if (data.getByte(offset + k) != piece[k]) {
                return false;
            }
        }
        return true;
    }

    private static int find(ArrowBuf data, int from, int to, byte[] piece) {
        if (piece.length == 0) {
            return from;
        }
        byte head = piece[0];
        for (int i = from; i + piece.length <= to; i++) {
            if (data.getByte(i) == head && at(data, i, piece)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public DataType type() {
        return DataType.BOOLEAN;
    }
}
