package io.arbalest.executor.parquet;

import io.arbalest.executor.expr.Bits;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.parquet.CorruptDeltaByteArrays;
import org.apache.parquet.VersionParser;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.RequiresPreviousReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes one (flat) column of one row group, page by page, straight into Arrow vectors, many
 * values per call: definition levels and dictionary indices through {@link HybridDecoder},
 * dictionary values looked up in arrays decoded once per column chunk, PLAIN fixed-width pages
 * copied as bytes, PLAIN strings copied without a Binary per value. Encodings without such a
 * path (delta, byte-stream-split, booleans, binary decimals, INT96) are read value by value
 * through parquet-mr's own readers.
 */
final class ColumnChunkReader {
    private final ColumnDecoder column;
    private final PageReader pages;
    private final VersionParser.ParsedVersion writerVersion;
    private final int maxDefinitionLevel;
    private final Dictionary dictionary;
    private final DecodedDictionary decodedDictionary;

    private int pageRowsLeft;
    /** Definition levels of the current page; null when the column is required. */
    private LevelReader levels;
    private PageValues values;
    private ValuesReader previousReader;
    private int[] levelBuffer = new int[0];
    private int[] indexBuffer = new int[0];

    ColumnChunkReader(ColumnDecoder column, PageReader pages, VersionParser.ParsedVersion writerVersion) {
        this.column = column;
        this.pages = pages;
        this.writerVersion = writerVersion;
        this.maxDefinitionLevel = column.descriptor().getMaxDefinitionLevel();
        DictionaryPage dictionaryPage = pages.readDictionaryPage();
        if (dictionaryPage == null) {
            dictionary = null;
            decodedDictionary = null;
        } else {
            try {
                dictionary = dictionaryPage.getEncoding().initDictionary(column.descriptor(), dictionaryPage);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            decodedDictionary = DecodedDictionary.of(column, dictionary);
        }
    }

    /** Decodes the column's next {@code rows} values into {@code vector}'s first rows (allocated for them). */
    void read(FieldVector vector, int rows) {
        int done = 0;
        while (done < rows) {
            if (pageRowsLeft == 0) {
                nextPage();
                continue;
            }
            int n = Math.min(rows - done, pageRowsLeft);
            readFromPage(vector, done, n);
            done += n;
            pageRowsLeft -= n;
        }
    }

    private void readFromPage(FieldVector vector, int start, int n) {
        ArrowBuf validity = vector.getValidityBuffer();
        if (levels == null) {
            Bits.setValid(validity, start, n);
            values.read(vector, start, n, null, n);
            return;
        }
        if (levelBuffer.length < n) {
            levelBuffer = new int[Math.max(n, 1024)];
        }
        levels.read(levelBuffer, n);
        int present = 0;
        for (int i = 0; i < n; i++) {
            if (levelBuffer[i] == maxDefinitionLevel) {
                BitVectorHelper.setBit(validity, start + i);
                present++;
            }
        }
        values.read(vector, start, n, present == n ? null : levelBuffer, present);
    }

    private void nextPage() {
        DataPage page = pages.readPage();
        if (page == null) {
            throw new ParquetDecodingException("column " + column.descriptor().getPrimitiveType().getName()
                    + " has fewer values than its row group has rows");
        }
        try {
            if (page instanceof DataPageV1 v1) {
                startPageV1(v1);
            } else {
                startPageV2((DataPageV2) page);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pageRowsLeft = page.getValueCount();
    }

    private void startPageV1(DataPageV1 page) throws IOException {
        ByteBuffer bytes = littleEndian(page.getBytes());
        int valuesStart = 0;
        if (maxDefinitionLevel == 0) {
            levels = null;
        } else if (page.getDlEncoding() == Encoding.RLE) {
            int length = BytesUtils.readIntLittleEndian(bytes, 0);
            levels = hybridLevels(bytes, 4, length);
            valuesStart = 4 + length;
        } else {
            ValuesReader reader = page.getDlEncoding().getValuesReader(column.descriptor(), ValuesType.DEFINITION_LEVEL);
            reader.initFromPage(page.getValueCount(), ByteBufferInputStream.wrap(bytes.duplicate()));
            levels = (out, n) -> {
                for (int i = 0; i < n; i++) {
                    out[i] = reader.readInteger();
                }
            };
            valuesStart = reader.getNextOffset();
        }
        values = pageValues(page.getValueEncoding(), page.getValueCount(), bytes, valuesStart);
    }

    private void startPageV2(DataPageV2 page) throws IOException {
        if (maxDefinitionLevel == 0) {
            levels = null;
        } else {
            ByteBuffer definitionLevels = littleEndian(page.getDefinitionLevels());
            levels = hybridLevels(definitionLevels, 0, definitionLevels.limit());
        }
        values = pageValues(page.getDataEncoding(), page.getValueCount(), littleEndian(page.getData()), 0);
    }

    private LevelReader hybridLevels(ByteBuffer bytes, int offset, int length) {
        HybridDecoder decoder = new HybridDecoder(BytesUtils.getWidthFromMaxInt(maxDefinitionLevel), bytes, offset,
                length);
        return (out, n) -> decoder.read(out, 0, n);
    }

    private static ByteBuffer littleEndian(BytesInput input) throws IOException {
        return input.toByteBuffer().slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private PageValues pageValues(Encoding encoding, int valueCount, ByteBuffer bytes, int start) throws IOException {
        if (encoding.usesDictionary() && dictionary == null) {
            throw new ParquetDecodingException("column " + column.descriptor().getPrimitiveType().getName()
                    + " has " + encoding + " pages but no dictionary page");
        }
        if (encoding.usesDictionary() && decodedDictionary != null) {
            int bitWidth = bytes.get(start) & 0xFF;
            HybridDecoder indexes = new HybridDecoder(bitWidth, bytes, start + 1, bytes.limit() - start - 1);
            return new DictionaryValues(indexes);
        }
        if (encoding == Encoding.PLAIN && column.sameLayout()) {
            return new PlainFixedValues(bytes, start, column.physical() == PrimitiveTypeName.INT64
                    || column.physical() == PrimitiveTypeName.DOUBLE ? 8 : 4);
        }
        if (encoding == Encoding.PLAIN && column.strings()) {
            return new PlainStringValues(bytes, start);
        }
        ValuesReader reader = encoding.usesDictionary()
                ? encoding.getDictionaryBasedValuesReader(column.descriptor(), ValuesType.VALUES, dictionary)
                : encoding.getValuesReader(column.descriptor(), ValuesType.VALUES);
        ByteBuffer valueBytes = bytes.duplicate();
        valueBytes.position(start);
        reader.initFromPage(valueCount, ByteBufferInputStream.wrap(valueBytes.slice()));
        if (CorruptDeltaByteArrays.requiresSequentialReads(writerVersion, encoding)
                && previousReader instanceof RequiresPreviousReader
                && reader instanceof RequiresPreviousReader sequential) {
            sequential.setPreviousReader(previousReader); // PARQUET-246: old writers' delta strings span pages
        }
        previousReader = reader;
        return new ReaderValues(reader);
    }

    private int[] indexes(HybridDecoder decoder, int count) {
        if (indexBuffer.length < count) {
            indexBuffer = new int[Math.max(count, 1024)];
        }
        decoder.read(indexBuffer, 0, count);
        return indexBuffer;
    }

    /** The next values of a page into rows [start, start + n); levels null when all are present. */
    private interface PageValues {
        void read(FieldVector vector, int start, int n, int[] levels, int present);
    }

    private interface LevelReader {
        void read(int[] out, int n);
    }

    private final class DictionaryValues implements PageValues {
        private final HybridDecoder indexes;

        DictionaryValues(HybridDecoder indexes) {
            this.indexes = indexes;
        }

        @Override
        public void read(FieldVector vector, int start, int n, int[] levels, int present) {
            int[] ids = indexes(indexes, present);
            DecodedDictionary d = decodedDictionary;
            ArrowBuf data = vector.getDataBuffer();
            int next = 0;
            switch (column.storage()) {
                case INT64 -> {
                    long[] dict = d.longs;
                    for (int i = 0; i < n; i++) {
                        if (levels == null || levels[i] == maxDefinitionLevel) {
                            data.setLong((long) (start + i) << 3, dict[ids[next++]]);
                        }
                    }
                }
                case INT32 -> {
                    int[] dict = d.ints;
                    for (int i = 0; i < n; i++) {
                        if (levels == null || levels[i] == maxDefinitionLevel) {
                            data.setInt((long) (start + i) << 2, dict[ids[next++]]);
                        }
                    }
                }
                case FLOAT64 -> {
                    double[] dict = d.doubles;
                    for (int i = 0; i < n; i++) {
                        if (levels == null || levels[i] == maxDefinitionLevel) {
                            data.setDouble((long) (start + i) << 3, dict[ids[next++]]);
                        }
                    }
                }
                case FLOAT32 -> {
                    float[] dict = d.floats;
                    for (int i = 0; i < n; i++) {
                        if (levels == null || levels[i] == maxDefinitionLevel) {
                            data.setFloat((long) (start + i) << 2, dict[ids[next++]]);
                        }
                    }
                }
                case UTF8 -> {
                    VarCharVector strings = (VarCharVector) vector;
                    if (levels == null) {
                        d.appendStrings(strings, start, n, ids);
                        return;
                    }
                    byte[] bytes = d.bytes;
                    int[] offsets = d.offsets;
                    for (int i = 0; i < n; i++) {
                        if (levels[i] == maxDefinitionLevel) {
                            int id = ids[next++];
                            strings.setSafe(start + i, bytes, offsets[id], offsets[id + 1] - offsets[id]);
                        }
                    }
                }
                case BIT -> throw new IllegalStateException("no decoded dictionary for booleans");
            }
        }
    }

    /** PLAIN values stored exactly as the engine stores them: copied as bytes. */
    private final class PlainFixedValues implements PageValues {
        private final ByteBuffer bytes;
        private final int width;
        private int position;

        PlainFixedValues(ByteBuffer bytes, int start, int width) {
            this.bytes = bytes;
            this.position = start;
            this.width = width;
        }

        @Override
        public void read(FieldVector vector, int start, int n, int[] levels, int present) {
            if (position + present * width > bytes.limit()) {
                throw new ParquetDecodingException("a PLAIN page holds fewer values than it says");
            }
            ArrowBuf data = vector.getDataBuffer();
            if (levels == null) {
                data.setBytes((long) start * width, bytes, position, n * width);
                position += n * width;
                return;
            }
            for (int i = 0; i < n; i++) {
                if (levels[i] == maxDefinitionLevel) {
                    long index = (long) (start + i) * width;
                    if (width == 8) {
                        data.setLong(index, bytes.getLong(position));
                    } else {
                        data.setInt(index, bytes.getInt(position));
                    }
                    position += width;
                }
            }
        }
    }

    /** Any other encoding: value by value through parquet-mr's reader for it. */
    private final class ReaderValues implements PageValues {
        private final ValuesReader reader;

        ReaderValues(ValuesReader reader) {
            this.reader = reader;
        }

        @Override
        public void read(FieldVector vector, int start, int n, int[] levels, int present) {
            for (int i = 0; i < n; i++) {
                if (levels == null || levels[i] == maxDefinitionLevel) {
                    column.readInto(reader, vector, start + i);
                }
            }
        }
    }

    /** PLAIN strings: a 4-byte little-endian length, then the bytes. */
    private final class PlainStringValues implements PageValues {
        private final ByteBuffer bytes;
        private int position;

        PlainStringValues(ByteBuffer bytes, int start) {
            this.bytes = bytes;
            this.position = start;
        }

        @Override
        public void read(FieldVector vector, int start, int n, int[] levels, int present) {
            VarCharVector strings = (VarCharVector) vector;
            for (int i = 0; i < n; i++) {
                if (levels == null || levels[i] == maxDefinitionLevel) {
                    int length = bytes.getInt(position);
                    if (length < 0 || position + 4 + length > bytes.limit()) {
                        throw new ParquetDecodingException("a PLAIN string runs past the end of its page");
                    }
                    strings.setSafe(start + i, bytes, position + 4, length);
                    position += 4 + length;
                }
            }
        }
    }
}
