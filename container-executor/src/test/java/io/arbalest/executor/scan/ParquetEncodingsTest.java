package io.arbalest.executor.scan;

import io.arbalest.executor.AllocatorExtension;
import io.arbalest.executor.Rows;
import io.arbalest.executor.operator.OperatorContext;
import io.arbalest.executor.parquet.ParquetScan;
import io.arbalest.planner.catalog.ParquetTypes;
import io.arbalest.planner.physical.ScanSplit;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every column type the engine reads, required and optional with NULLs, written by parquet-mr
 * with and without dictionaries, as v1 and v2 pages (v2 brings the delta encodings), with pages
 * of 37 rows so that batches start and end inside pages, over several row groups. The values
 * read must be the ones generated, converted as the engine represents them.
 */
@ExtendWith(AllocatorExtension.class)
class ParquetEncodingsTest {
    private static final int ROWS = 3000;
    private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;
    private static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.INT64).named("id")
            .optional(PrimitiveTypeName.INT32).named("i32")
            .required(PrimitiveTypeName.INT64).named("i64")
            .optional(PrimitiveTypeName.DOUBLE).named("dbl")
            .optional(PrimitiveTypeName.FLOAT).named("flt")
            .optional(PrimitiveTypeName.BOOLEAN).named("flag")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("low_card")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("high_card")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("required_str")
            .required(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named("day")
            .optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.decimalType(2, 7)).named("dec32")
            .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.decimalType(2, 15)).named("dec64")
            .optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(8)
            .as(LogicalTypeAnnotation.decimalType(3, 18)).named("dec_fixed")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.decimalType(2, 12)).named("dec_binary")
            .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(false, TimeUnit.MILLIS))
            .named("ts_millis")
            .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(false, TimeUnit.NANOS))
            .named("ts_nanos")
            .optional(PrimitiveTypeName.INT96).named("ts96")
            .optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(32, false)).named("u32")
            .named("t");

    @TempDir
    Path dir;

    private static boolean isNull(int row, int column) {
        return column > 0 && (row * 31 + column * 7) % (5 + column) == 0;
    }

    /** Row {@code i} as the engine represents it (the expectation) and its Parquet group (the input). */
    private static List<Object> expected(int i) {
        long ts = i * 3_601_000L - 5 + (i % 2 == 0 ? 0 : -10_000_000_000L);
        long nanos = i * 1_000_000_007L - 3 - (i % 3 == 0 ? 5_000_000_000_000L : 0);
        long micros96 = (17_000 + i % 900 - 0L) * 86_400_000_000L + (i * 1_234_567L % 86_400_000_000L) / 1000;
        List<Object> row = new ArrayList<>(Arrays.asList(
                (long) i, (long) (i * 7 - 500), i * 1_000_003L - 99, i * 0.25, (double) (i * 0.5f), i % 3 == 0,
                "n" + i % 50, "comment-" + i + "x".repeat(i % 5), i % 4 == 0 ? "" : "r" + i % 300,
                18_000L + i % 400, (long) (i * 3 - 1000), i * 12_345L - 700_000, i * 98_765_431L - 123_456_789_012L,
                -i * 17L + 4_321, ts * 1000, Math.floorDiv(nanos, 1000L), micros96, 4_294_967_295L - i));
        for (int c = 0; c < row.size(); c++) {
            if (isNull(i, c) && SCHEMA.getType(c).getRepetition() != org.apache.parquet.schema.Type.Repetition.REQUIRED) {
                row.set(c, null);
            }
        }
        return row;
    }

    private static Group group(SimpleGroupFactory factory, int i) {
        List<Object> row = expected(i);
        long ts = i * 3_601_000L - 5 + (i % 2 == 0 ? 0 : -10_000_000_000L);
        long nanos = i * 1_000_000_007L - 3 - (i % 3 == 0 ? 5_000_000_000_000L : 0);
        Group g = factory.newGroup();
        for (int c = 0; c < row.size(); c++) {
            if (row.get(c) == null) {
                continue;
            }
            switch (SCHEMA.getFieldName(c)) {
                case "id", "i64", "dec64" -> g.add(c, (Long) row.get(c));
                case "i32", "day", "dec32" -> g.add(c, (int) (long) (Long) row.get(c));
                case "dbl" -> g.add(c, (Double) row.get(c));
                case "flt" -> g.add(c, i * 0.5f);
                case "flag" -> g.add(c, (Boolean) row.get(c));
                case "low_card", "high_card", "required_str" -> g.add(c, (String) row.get(c));
                case "dec_fixed" -> g.add(c, Binary.fromConstantByteArray(fixed(BigInteger.valueOf((Long) row.get(c)), 8)));
                case "dec_binary" -> g.add(c, Binary.fromConstantByteArray(BigInteger.valueOf((Long) row.get(c)).toByteArray()));
                case "ts_millis" -> g.add(c, ts);
                case "ts_nanos" -> g.add(c, nanos);
                case "ts96" -> g.add(c, new NanoTime((int) (JULIAN_DAY_OF_EPOCH + 17_000 + i % 900),
                        i * 1_234_567L % 86_400_000_000L));
                case "u32" -> g.add(c, -1 - i);
                default -> throw new IllegalStateException(SCHEMA.getFieldName(c));
            }
        }
        return g;
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[length];
        Arrays.fill(out, value.signum() < 0 ? (byte) -1 : 0);
        System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
        return out;
    }

    @ParameterizedTest(name = "{0} dictionary={1} batch={2}")
    @CsvSource({"PARQUET_1_0, true, 100", "PARQUET_1_0, false, 100", "PARQUET_2_0, true, 64",
            "PARQUET_2_0, false, 1000", "PARQUET_1_0, true, 1"})
    void readsEveryTypeAndEncodingAsGenerated(WriterVersion version, boolean dictionary, int batchRows,
            BufferAllocator allocator) throws IOException {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("t.parquet").toUri());
        SimpleGroupFactory factory = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(file).withType(SCHEMA)
                .withConf(new Configuration()).withWriterVersion(version).withDictionaryEncoding(dictionary)
                .withDictionaryPageSize(4096) // high_card outgrows it: pages fall back from dictionary to plain
                .withPageRowCountLimit(37).withRowGroupSize(64 * 1024L)
                .withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
            for (int i = 0; i < ROWS; i++) {
                writer.write(group(factory, i));
            }
        }

        List<Integer> rowGroups;
        Set<Encoding> encodings = new HashSet<>();
        RowSchema table;
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, new Configuration()))) {
            List<BlockMetaData> blocks = reader.getFooter().getBlocks();
            rowGroups = IntStream.range(0, blocks.size()).boxed().toList();
            for (BlockMetaData block : blocks) {
                for (ColumnChunkMetaData chunk : block.getColumns()) {
                    encodings.addAll(chunk.getEncodings());
                }
            }
            table = ParquetTypes.toRowSchema(reader.getFooter().getFileMetaData().getSchema(), file.toString());
        }
        assertThat(rowGroups).as("several row groups").hasSizeGreaterThan(1);
        if (dictionary) {
            assertThat(encodings).contains(Encoding.PLAIN,
                    version == WriterVersion.PARQUET_1_0 ? Encoding.PLAIN_DICTIONARY : Encoding.RLE_DICTIONARY);
        } else if (version == WriterVersion.PARQUET_2_0) {
            assertThat(encodings).contains(Encoding.DELTA_BINARY_PACKED, Encoding.DELTA_BYTE_ARRAY);
        }

        List<Integer> columns = IntStream.range(0, table.size()).boxed().toList();
        ParquetScan scan = new ParquetScan(table, columns, Optional.empty(),
                List.of(new ScanSplit(file.toString(), rowGroups)),
                OperatorContext.inMemory(allocator, batchRows), new Configuration());
        List<List<Object>> rows = Rows.drain(scan);
        assertThat(rows).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) {
            assertThat(rows.get(i)).as("row %d", i).isEqualTo(expected(i));
        }
    }
}
