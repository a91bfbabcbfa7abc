package io.arbalest.executor.scan;

import io.arbalest.executor.AllocatorExtension;
import io.arbalest.executor.Rows;
import io.arbalest.executor.operator.OperatorContext;
import io.arbalest.executor.csv.CsvScan;
import io.arbalest.executor.parquet.ParquetScan;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.expr.Call;
import io.arbalest.planner.expr.ColumnRef;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.physical.ScanSplit;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.arbalest.executor.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parquet and CSV scans: NULLs (also at the end of a batch), batch sizes, projection, pruning, bad files. */
@ExtendWith(AllocatorExtension.class)
class ScanTest {
    private static final DataType DEC = DataType.decimal(15, 2);
    private static final RowSchema TABLE = new RowSchema(List.of(
            new Column("id", DataType.BIGINT, false), new Column("name", DataType.VARCHAR, true),
            new Column("amount", DEC, true), new Column("day", DataType.DATE, true)));
    private static final MessageType PARQUET = Types.buildMessage()
            .required(PrimitiveTypeName.INT64).named("id")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("name")
            .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.decimalType(2, 15)).named("amount")
            .optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named("day")
            .named("t");

    @TempDir
    Path dir;

    /** Rows with ids [from, to): names NULL for ids divisible by 10 (so every batch of 10 ends with one). */
    private static List<List<Object>> rows(int from, int to) {
        List<List<Object>> rows = new ArrayList<>();
        for (long id = from; id < to; id++) {
            rows.add(row(id, id % 10 == 9 ? null : "name-" + "x".repeat((int) (id % 4)) + id,
                    id % 7 == 3 ? null : id * 125 - 40_000, id % 5 == 4 ? null : 18_000 + id));
        }
        return rows;
    }

    private String writeParquet(String name, List<List<Object>> rows) throws IOException {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve(name).toUri());
        SimpleGroupFactory groups = new SimpleGroupFactory(PARQUET);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(file).withType(PARQUET)
                .withConf(new Configuration()).build()) {
            for (List<Object> r : rows) {
                Group group = groups.newGroup();
                group.add(0, (Long) r.get(0));
                if (r.get(1) != null) {
                    group.add(1, (String) r.get(1));
                }
                if (r.get(2) != null) {
                    group.add(2, (Long) r.get(2));
                }
                if (r.get(3) != null) {
                    group.add(3, (int) (long) (Long) r.get(3));
                }
                writer.write(group);
            }
        }
        return file.toString();
    }

    private ParquetScan parquet(List<Integer> columns, Optional<Expr> predicate, List<String> files, int batchRows,
            BufferAllocator allocator) {
        List<ScanSplit> splits = files.stream().map(f -> new ScanSplit(f, List.of(0))).toList();
        return new ParquetScan(TABLE, columns, predicate, splits, OperatorContext.inMemory(allocator, batchRows),
                new Configuration());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 999, 1000, 5000})
    void parquetReadsEveryValueAtAnyBatchSize(int batchRows, BufferAllocator allocator) throws IOException {
        List<List<Object>> first = rows(0, 1000);
        List<List<Object>> second = rows(1000, 1500);
        List<String> files = List.of(writeParquet("a.parquet", first), writeParquet("b.parquet", second));
        List<List<Object>> expected = new ArrayList<>(first);
        expected.addAll(second);
        assertThat(Rows.drain(parquet(List.of(0, 1, 2, 3), Optional.empty(), files, batchRows, allocator)))
                .isEqualTo(expected);
    }

    @Test
    void parquetDecodesOnlyProjectedColumnsInTheirOrder(BufferAllocator allocator) throws IOException {
        List<List<Object>> rows = rows(0, 300);
        String file = writeParquet("a.parquet", rows);
        List<List<Object>> expected = rows.stream().map(r -> row(r.get(3), r.get(1))).toList();
        assertThat(Rows.drain(parquet(List.of(3, 1), Optional.empty(), List.of(file), 64, allocator)))
                .isEqualTo(expected);
    }

    @Test
    void parquetSkipsRowGroupsThatCannotMatch(BufferAllocator allocator) throws IOException {
        List<String> files = List.of(writeParquet("low.parquet", rows(0, 1000)),
                writeParquet("high.parquet", rows(1000, 2000)));
        Expr idBelow = Call.of(Function.LESS_THAN, DataType.BOOLEAN, new ColumnRef(0, DataType.BIGINT),
                new Literal(500L, DataType.BIGINT));
        // The scan returns whole row groups that might match; the filter above it removes the rest.
        assertThat(Rows.drain(parquet(List.of(0), Optional.of(idBelow), files, 256, allocator)))
                .hasSize(1000).allSatisfy(r -> assertThat((Long) r.get(0)).isLessThan(1000));
        Expr nameIsNull = Call.of(Function.IS_NULL, DataType.BOOLEAN, new ColumnRef(1, DataType.VARCHAR));
        assertThat(Rows.drain(parquet(List.of(0, 1), Optional.of(nameIsNull), files, 256, allocator)))
                .as("a row group with NULLs is never pruned by IS NULL").hasSize(2000);
    }

    @Test
    void corruptParquetFileIsATypedErrorNamingTheFile(BufferAllocator allocator) throws IOException {
        Path broken = dir.resolve("broken.parquet");
        Files.write(broken, "PAR1 this is not parquet PAR1".getBytes(StandardCharsets.UTF_8));
        String file = new org.apache.hadoop.fs.Path(broken.toUri()).toString();
        assertThatThrownBy(() -> Rows.drain(parquet(List.of(0), Optional.empty(), List.of(file), 10, allocator)))
                .isInstanceOf(QueryExecutionException.class).hasMessageContaining("broken.parquet");
    }

    private CsvScan csv(Path file, List<Integer> columns, int batchRows, BufferAllocator allocator) {
        String path = new org.apache.hadoop.fs.Path(file.toUri()).toString();
        return new CsvScan(TABLE, columns, List.of(new ScanSplit(path, List.of())),
                OperatorContext.inMemory(allocator, batchRows), new Configuration());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 100})
    void csvParsesQuotedFieldsAndEmptyAsNull(int batchRows, BufferAllocator allocator) throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, "id,name,amount,day\n"
                + "1,plain,12.50,2024-02-29\n"
                + "2,\"comma, \"\"quote\"\"\nand newline\",-0.05,\n"
                + "3,,,1970-01-01\n");
        assertThat(Rows.drain(csv(file, List.of(0, 1, 2, 3), batchRows, allocator))).containsExactly(
                row(1L, "plain", 1250L, java.time.LocalDate.of(2024, 2, 29).toEpochDay()),
                row(2L, "comma, \"quote\"\nand newline", -5L, null),
                row(3L, null, null, 0L));
    }

    @Test
    void csvValueThatDoesNotParseNamesFileLineAndColumn(BufferAllocator allocator) throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "id,name,amount,day\n1,a,1.00,2024-01-01\n2,b,lots,2024-01-02\n");
        assertThatThrownBy(() -> Rows.drain(csv(file, List.of(0, 2), 10, allocator)))
                .isInstanceOf(QueryExecutionException.class)
                .hasMessageContaining("bad.csv").hasMessageContaining("line 3").hasMessageContaining("amount")
                .hasMessageContaining("lots");
    }

    @Test
    void csvWithOnlyAHeaderIsEmpty(BufferAllocator allocator) throws IOException {
        Path file = dir.resolve("empty.csv");
        Files.writeString(file, "id,name,amount,day\n");
        assertThat(Rows.drain(csv(file, List.of(0), 10, allocator))).isEmpty();
    }
}
