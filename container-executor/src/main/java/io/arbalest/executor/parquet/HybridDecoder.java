package io.arbalest.executor.parquet;

import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;
import org.apache.parquet.io.ParquetDecodingException;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Decodes Parquet's RLE/bit-packing hybrid (definition levels, dictionary indices) many values
 * at a time into an int array: repeated runs become array fills, bit-packed runs are unpacked
 * eight values per call by parquet-mr's generated {@link BytePacker}s.
 */
final class HybridDecoder {
    private final int bitWidth;
    private final BytePacker packer;
    /** The encoded bytes: a heap buffer's own array, else a copy; positions are indexes into it. */
    private final byte[] in;
    private final int end;
    private int position;

    /** Values left in the current run; {@code packed} tells its kind. */
    private int runLeft;
    private boolean packed;
    private int repeatedValue;
    /** The current bit-packed run, unpacked, and the next of its values to hand out. */
    private int[] unpacked = new int[64];
    private int unpackedNext;
    private final byte[] padded;

    /** Reads {@code length} bytes of {@code in} from {@code offset}. */
    HybridDecoder(int bitWidth, ByteBuffer in, int offset, int length) {
        if (bitWidth < 0 || bitWidth > 32) {
            throw new ParquetDecodingException("RLE/bit-packed data has bit width " + bitWidth);
        }
        this.bitWidth = bitWidth;
        this.packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
        if (in.hasArray()) {
            this.in = in.array();
            this.position = in.arrayOffset() + offset;
        } else {
            this.in = new byte[length];
            in.get(offset, this.in, 0, length);
            this.position = 0;
        }
        this.end = position + length;
        this.padded = new byte[Math.max(1, bitWidth)];
    }

    /** Fills {@code out[offset, offset + count)} with the next values. */
    void read(int[] out, int offset, int count) {
        while (count > 0) {
            if (runLeft == 0) {
                readRunHeader();
            }
            int n = Math.min(count, runLeft);
            if (packed) {
                System.arraycopy(unpacked, unpackedNext, out, offset, n);
                unpackedNext += n;
            } else {
                Arrays.fill(out, offset, offset + n, repeatedValue);
            }
            runLeft -= n;
            offset += n;
            count -= n;
        }
    }

    private void readRunHeader() {
        int header = readUnsignedVarInt();
        if ((header & 1) == 0) {
            packed = false;
            runLeft = header >>> 1;
            int bytes = (bitWidth + 7) >>> 3;
            int value = 0;
            for (int b = 0; b < bytes; b++) {
                value |= (byteAt(position++) & 0xFF) << (8 * b);
            }
            repeatedValue = value;
        } else {
            packed = true;
            int groups = header >>> 1;
            if (bitWidth > 0 ? (long) groups * bitWidth > end - position + bitWidth : groups > 1 << 20) {
                throw new ParquetDecodingException("RLE/bit-packed data announces " + groups
                        + " groups of 8 values, more than its page holds");
            }
            int values = groups * 8;
            if (unpacked.length < values) {
                unpacked = new int[Math.max(values, unpacked.length * 2)];
            }
            for (int g = 0; g < groups; g++) {
                if (position + bitWidth <= end) {
                    packer.unpack8Values(in, position, unpacked, g * 8);
                } else {
                    // The last group of a page may be cut short: its missing bytes are zeros.
                    Arrays.fill(padded, (byte) 0);
                    for (int b = 0; position + b < end; b++) {
                        padded[b] = in[position + b];
                    }
                    packer.unpack8Values(padded, 0, unpacked, g * 8);
                }
                position += bitWidth;
            }
            unpackedNext = 0;
            runLeft = values;
        }
        if (runLeft == 0) {
            throw new ParquetDecodingException("RLE/bit-packed data has an empty run");
        }
    }

    private int readUnsignedVarInt() {
        int value = 0;
        int shift = 0;
        while (true) {
            int b = byteAt(position++);
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
            if (shift > 28) {
                throw new ParquetDecodingException("RLE/bit-packed data has a malformed run header");
            }
        }
    }

    private byte byteAt(int index) {
        if (index >= end) {
            throw new ParquetDecodingException("RLE/bit-packed data ends in the middle of a run");
        }
        return in[index];
    }
}
