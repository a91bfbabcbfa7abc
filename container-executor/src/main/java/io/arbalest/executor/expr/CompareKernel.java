package io.arbalest.executor.expr;

import io.arbalest.executor.batch.Batch;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

import java.nio.charset.StandardCharsets;

/**
 * =, <>, <, <=, >, >=, IS [NOT] DISTINCT FROM over two operands of one type. Strings compare
 * as unsigned UTF-8 bytes (code point order). A constant right operand is compared without
 * materialising it. NULL in, NULL out, except for the DISTINCT forms.
 */
final class CompareKernel implements Kernel {
    private final Function function;
    private final Kernel left;
    private final Kernel right;
    private final BufferAllocator allocator;
    private final Storage storage;
    /** A non-NULL string constant right operand's UTF-8 bytes, compared without materialising it; else null. */
    private final byte[] constantString;

    CompareKernel(Function function, Kernel left, Kernel right, BufferAllocator allocator) {
        this.function = function;
        this.left = left;
        this.right = right;
        this.allocator = allocator;
        this.storage = Storage.of(left.type());
        this.constantString = right instanceof LiteralKernel literal && literal.literal().value() instanceof String text
                && storage == Storage.UTF8 ? text.getBytes(StandardCharsets.UTF_8) : null;
    }

    @Override
    public FieldVector evaluate(Batch batch) {
        int rows = batch.rowCount();
        FieldVector a = left.evaluate(batch);
        FieldVector b = null;
        BitVector out = new BitVector("compare", allocator);
        try {
            out.allocateNew(rows);
            boolean distinctForm = function == Function.IS_DISTINCT_FROM || function == Function.IS_NOT_DISTINCT_FROM;
            Literal constant = distinctForm ? null : numericConstant();
            boolean stringConstant = !distinctForm && constantString != null;
            if (constant == null && !stringConstant) {
                b = right.evaluate(batch);
            }
            if (distinctForm) {
                compareDistinct(a, b, out, rows);
            } else {
                if (b == null) {
                    Bits.andValidity(out, rows, a);
                } else {
                    Bits.andValidity(out, rows, a, b);
                }
                ArrowBuf x = a.getDataBuffer();
                ArrowBuf y = b == null ? null : b.getDataBuffer();
                ArrowBuf bits = out.getDataBuffer();
                int accept = acceptedSigns();
                switch (storage) {
                    case INT32 -> integers(x, y, constant == null ? 0 : (int) constant.longValue(), false, rows, accept,
                            bits);
                    case INT64 -> integers(x, y, constant == null ? 0 : constant.longValue(), true, rows, accept, bits);
                    case FLOAT32 -> doubles(x, y, constant == null ? 0 : (float) constant.doubleValue(), true, rows,
                            accept, bits);
                    case FLOAT64 -> doubles(x, y, constant == null ? 0 : constant.doubleValue(), false, rows, accept,
                            bits);
                    case INT128 -> {
                        java.math.BigInteger value = constant == null ? null : (java.math.BigInteger) constant.value();
                        wideIntegers(x, y, value == null ? 0 : value.shiftRight(64).longValue(),
                                value == null ? 0 : value.longValue(), rows, accept, bits);
                    }
                    case UTF8 -> {
                        if (b == null) {
                            strings(a, constantString, rows, accept, bits);
                        } else {
                            rowByRow(a, b, rows, bits);
                        }
                    }
                    default -> rowByRow(a, b, rows, bits);
                }
            }
            out.setValueCount(rows);
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        } finally {
            left.release(a);
            if (b != null) {
                right.release(b);
            }
        }
    }

    /** A non-NULL numeric constant right operand, compared without materialising it; else null. */
    private Literal numericConstant() {
        if (right instanceof LiteralKernel literal && !literal.literal().isNull()
                && Storage.of(literal.type()) == storage && storage != Storage.UTF8 && storage != Storage.BIT) {
            return literal.literal();
        }
        return null;
    }

    /**
     * Strings against a constant. Equality (=, <>) checks the length first and then the bytes eight
     * at a time; orderings compare bytes, unsigned (code point order).
     */
    private static void strings(FieldVector a, byte[] constant, int rows, int accept, ArrowBuf out) {
        ArrowBuf offsets = a.getOffsetBuffer();
        ArrowBuf data = a.getDataBuffer();
        boolean equality = accept == 0b010 || accept == 0b101;
        int n = constant.length;
        long[] words = new long[n >>> 3];
        for (int w = 0; w < words.length; w++) {
            for (int k = 7; k >= 0; k--) {
                words[w] = words[w] << 8 | (constant[(w << 3) + k] & 0xFFL); // little-endian, as ArrowBuf.getLong reads
            }
        }
        long word = 0;
        int end = rows == 0 ? 0 : offsets.getInt(0);
        for (int i = 0; i < rows; i++) {
            int start = end;
            end = offsets.getInt(((long) i + 1) << 2);
            int length = end - start;
            int sign;
            if (equality) {
                sign = length == n && bytesEqual(data, start, constant, words) ? 0 : 1;
            } else {
                sign = Integer.signum(Utf8.compare(data, start, length, constant));
            }
            word |= (long) ((accept >>> (sign + 1)) & 1) << i;
            if ((i & 63) == 63) {
                out.setLong((long) (i >>> 6) << 3, word);
                word = 0;
            }
        }
        writeTail(out, rows, word);
    }

    /** Whether the {@code constant.length} bytes of {@code data} from {@code start} are {@code constant}'s. */
    private static boolean bytesEqual(ArrowBuf data, int start, byte[] constant, long[] words) {
        for (int w = 0; w < words.length; w++) {
            if (data.getLong(start + ((long) w << 3)) != words[w]) {
                return false;
            }
        }
        for (int k = words.length << 3; k < constant.length; k++) {
            if (data.getByte(start + k) != constant[k]) {
                return false;
            }
        }
        return true;
    }


    /** Bit s + 1 set when a comparison whose sign is s (-1, 0, 1) satisfies the operator. */
    private int acceptedSigns() {
        return switch (function) {
            case EQUAL -> 0b010;
            case NOT_EQUAL -> 0b101;
            case LESS_THAN -> 0b001;
            case LESS_THAN_OR_EQUAL -> 0b011;
            case GREATER_THAN -> 0b100;
            case GREATER_THAN_OR_EQUAL -> 0b110;
            default -> throw new IllegalStateException(function.name());
        };
    }

    // One loop per storage, operator and constant folded into the accepted-sign mask, 64 results a word.

    /** 64-bit integers ({@code wide}) or 32-bit ones, widened. */
    private static void integers(ArrowBuf a, ArrowBuf b, long constant, boolean wide, int rows, int accept,
            ArrowBuf out) {
        long word = 0;
        for (int i = 0; i < rows; i++) {
            long x = wide ? a.getLong((long) i << 3) : a.getInt((long) i << 2);
            long y = b == null ? constant : wide ? b.getLong((long) i << 3) : b.getInt((long) i << 2);
            int sign = (x > y ? 1 : 0) - (x < y ? 1 : 0);
            word |= (long) ((accept >>> (sign + 1)) & 1) << i;
            if ((i & 63) == 63) {
                out.setLong((long) (i >>> 6) << 3, word);
                word = 0;
            }
        }
        writeTail(out, rows, word);
    }

    /** 128-bit integers: the signed high words, then the unsigned low words. */
    private static void wideIntegers(ArrowBuf a, ArrowBuf b, long constantHigh, long constantLow, int rows, int accept,
            ArrowBuf out) {
        long word = 0;
        for (int i = 0; i < rows; i++) {
            long xh = Int128.high(a, i);
            long yh = b == null ? constantHigh : Int128.high(b, i);
            int sign;
            if (xh != yh) {
                sign = xh < yh ? -1 : 1;
            } else {
                long xl = Int128.low(a, i);
                long yl = b == null ? constantLow : Int128.low(b, i);
                sign = Integer.signum(Long.compareUnsigned(xl, yl));
            }
            word |= (long) ((accept >>> (sign + 1)) & 1) << i;
            if ((i & 63) == 63) {
                out.setLong((long) (i >>> 6) << 3, word);
                word = 0;
            }
        }
        writeTail(out, rows, word);
    }

    private static void doubles(ArrowBuf a, ArrowBuf b, double constant, boolean single, int rows, int accept,
            ArrowBuf out) {
        long word = 0;
        for (int i = 0; i < rows; i++) {
            double x = single ? a.getFloat((long) i << 2) : a.getDouble((long) i << 3);
            double y = b == null ? constant : single ? b.getFloat((long) i << 2) : b.getDouble((long) i << 3);
            int sign = Integer.signum(Double.compare(x, y));
            word |= (long) ((accept >>> (sign + 1)) & 1) << i;
            if ((i & 63) == 63) {
                out.setLong((long) (i >>> 6) << 3, word);
                word = 0;
            }
        }
        writeTail(out, rows, word);
    }

    /** The bits of the last, partial word: byte by byte, as the buffer may end before a whole word. */
    private static void writeTail(ArrowBuf out, int rows, long word) {
        int done = rows & ~63;
        int bytes = (rows - done + 7) >>> 3;
        for (int k = 0; k < bytes; k++) {
            out.setByte((done >>> 3) + k, (byte) (word >>> (8 * k)));
        }
    }

    private void rowByRow(FieldVector a, FieldVector b, int rows, ArrowBuf data) {
        int currentByte = 0;
        for (int i = 0; i < rows; i++) {
            if (test(compare(a, b, i))) {
                currentByte |= 1 << (i & 7);
            }
            if ((i & 7) == 7) {
                data.setByte(i >>> 3, currentByte);
                currentByte = 0;
            }
        }
        if ((rows & 7) != 0) {
            data.setByte(rows >>> 3, currentByte);
        }
    }

    private void compareDistinct(FieldVector a, FieldVector b, BitVector out, int rows) {
        boolean wantDistinct = function == Function.IS_DISTINCT_FROM;
        for (int i = 0; i < rows; i++) {
            boolean aNull = a.isNull(i);
            boolean bNull = b.isNull(i);
            boolean distinct = aNull != bNull || !aNull && compare(a, b, i) != 0;
            out.set(i, distinct == wantDistinct ? 1 : 0);
        }
    }

    private boolean test(int comparison) {
        return switch (function) {
            case EQUAL -> comparison == 0;
            case NOT_EQUAL -> comparison != 0;
            case LESS_THAN -> comparison < 0;
            case LESS_THAN_OR_EQUAL -> comparison <= 0;
            case GREATER_THAN -> comparison > 0;
            case GREATER_THAN_OR_EQUAL -> comparison >= 0;
            default -> throw new IllegalStateException(function.name());
        };
    }

    /** Compares row i of a with row i of b; NULL slots compare as whatever they hold (zero). */
    private int compare(FieldVector a, FieldVector b, int i) {
        return switch (storage) {
            case INT32 -> Integer.compare(a.getDataBuffer().getInt((long) i << 2), b.getDataBuffer().getInt((long) i << 2));
            case INT64 -> Long.compare(a.getDataBuffer().getLong((long) i << 3), b.getDataBuffer().getLong((long) i << 3));
            case FLOAT32 -> Float.compare(a.getDataBuffer().getFloat((long) i << 2), b.getDataBuffer().getFloat((long) i << 2));
            case FLOAT64 -> Double.compare(a.getDataBuffer().getDouble((long) i << 3), b.getDataBuffer().getDouble((long) i << 3));
            case BIT -> Integer.compare(((BitVector) a).get(i), ((BitVector) b).get(i));
            case UTF8 -> Utf8.compare(a, i, b, i);
            case INT128 -> Int128.compare(a.getDataBuffer(), i, b.getDataBuffer(), i);
        };
    }

    @Override
    public DataType type() {
        return DataType.BOOLEAN;
    }
}
