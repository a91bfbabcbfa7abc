package io.arbalest.executor.operator;

import io.arbalest.executor.AllocatorExtension;
import io.arbalest.executor.Rows;
import io.arbalest.executor.expr.ExpressionCompiler;
import io.arbalest.executor.spill.SpillSpace;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.expr.Call;
import io.arbalest.planner.expr.ColumnRef;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.physical.SortKey;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.arbalest.executor.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Filter, project, sort, top-N, limit, values and the local exchange over inputs cut into
 * batches of different sizes (1 row, ragged, empty batches), with NULLs in every column.
 */
@ExtendWith(AllocatorExtension.class)
class OperatorTest {
    private static final RowSchema SCHEMA = Rows.schema(DataType.BIGINT, DataType.VARCHAR, DataType.DOUBLE);

    /** 500 rows: a key with duplicates, a string, a double; NULLs at different periods. */
    private static List<List<Object>> data() {
        Random random = new Random(42);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(row(i % 7 == 0 ? null : (long) random.nextInt(50),
                    i % 5 == 0 ? null : "v" + random.nextInt(30),
                    i % 11 == 0 ? null : random.nextInt(1000) / 8.0));
        }
        return rows;
    }

    private static Operator source(List<List<Object>> rows, int batchRows, BufferAllocator allocator) {
        return Rows.source(SCHEMA, rows, batchRows, allocator);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 100, 1000})
    void filterKeepsRowsWherePredicateIsTrue(int batchRows, BufferAllocator allocator) {
        List<List<Object>> rows = data();
        // $0 > 20 : NULL keys are dropped, as are FALSE rows.
        Call predicate = Call.of(Function.GREATER_THAN, DataType.BOOLEAN, new ColumnRef(0, DataType.BIGINT),
                new Literal(20L, DataType.BIGINT));
        Operator filter = new FilterOperator(source(rows, batchRows, allocator),
                new ExpressionCompiler(allocator).compile(predicate), OperatorContext.inMemory(allocator, 1024));
        List<List<Object>> expected = rows.stream().filter(r -> r.get(0) != null && (Long) r.get(0) > 20).toList();
        assertThat(Rows.drain(filter)).isEqualTo(expected);
    }

    @Test
    void filterPassesEmptyAndAllRejectedBatches(BufferAllocator allocator) {
        List<List<List<Object>>> chunks = List.of(List.of(), List.of(row(1L, "a", 1.0)), List.of(), List.of(row(null, "b", 2.0)));
        Call predicate = Call.of(Function.IS_NOT_NULL, DataType.BOOLEAN, new ColumnRef(0, DataType.BIGINT));
        Operator filter = new FilterOperator(Rows.source(SCHEMA, chunks, allocator),
                new ExpressionCompiler(allocator).compile(predicate), OperatorContext.inMemory(allocator, 1024));
        assertThat(Rows.drain(filter)).containsExactly(row(1L, "a", 1.0));
    }

    @Test
    void projectMovesCopiesAndComputesColumns(BufferAllocator allocator) {
        List<List<Object>> rows = data();
        ExpressionCompiler compiler = new ExpressionCompiler(allocator);
        ColumnRef key = new ColumnRef(0, DataType.BIGINT);
        // [$1, $0, $0 * 2, $0]: a moved column, a column that appears twice, a computed one.
        RowSchema output = Rows.schema(DataType.VARCHAR, DataType.BIGINT, DataType.BIGINT, DataType.BIGINT);
        Operator project = new ProjectOperator(source(rows, 64, allocator), List.of(
                compiler.compile(new ColumnRef(1, DataType.VARCHAR)), compiler.compile(key),
                compiler.compile(Call.of(Function.MULTIPLY, DataType.BIGINT, key, new Literal(2L, DataType.BIGINT))),
                compiler.compile(key)), output, OperatorContext.inMemory(allocator, 1024));
        List<List<Object>> expected = rows.stream()
                .map(r -> row(r.get(1), r.get(0), r.get(0) == null ? null : (Long) r.get(0) * 2, r.get(0))).toList();
        assertThat(Rows.drain(project)).isEqualTo(expected);
    }

    private static Comparator<List<Object>> order(List<SortKey> keys) {
        Comparator<List<Object>> comparator = null;
        for (SortKey key : keys) {
            Comparator<Object> values = (a, b) -> {
                @SuppressWarnings("unchecked")
                Comparable<Object> x = (Comparable<Object>) a;
                return key.ascending() ? x.compareTo(b) : -x.compareTo(b);
            };
            Comparator<List<Object>> one = Comparator.comparing(r -> r.get(key.column()),
                    key.nullsFirst() ? Comparator.nullsFirst(values) : Comparator.nullsLast(values));
            comparator = comparator == null ? one : comparator.thenComparing(one);
        }
        return comparator;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 33, 1000})
    void sortOrdersByEveryKeyWithNullPlacement(int batchRows, BufferAllocator allocator) {
        List<List<Object>> rows = data();
        List<SortKey> keys = List.of(new SortKey(0, false, true), new SortKey(1, true, false), new SortKey(2, true, true));
        Operator sort = new SortOperator(source(rows, batchRows, allocator), keys, OptionalLong.empty(),
                OperatorContext.inMemory(allocator, 50));
        List<List<Object>> actual = Rows.drain(sort);
        List<List<Object>> expected = rows.stream().sorted(order(keys)).toList();
        // Rows equal on all keys may come in any order: compare the key columns.
        assertThat(actual).hasSize(expected.size());
        assertThat(actual).isSortedAccordingTo(order(keys));
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * A sort whose input does not fit its memory limit writes sorted runs to disk and merges them:
     * the same order as in memory, several runs, no memory left and no file once it is closed.
     */
    @ParameterizedTest
    @ValueSource(ints = {7, 1000})
    void sortLargerThanMemorySpillsSortedRunsAndMerges(int outputBatchRows, BufferAllocator allocator,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path spill) throws Exception {
        Random random = new Random(7);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            rows.add(row(i % 13 == 0 ? null : (long) random.nextInt(5000), "value-" + random.nextInt(100_000),
                    i % 17 == 0 ? null : random.nextInt(100_000) / 8.0));
        }
        List<SortKey> keys = List.of(new SortKey(0, true, false), new SortKey(1, false, true));
        try (BufferAllocator limited = allocator.newChildAllocator("sort", 0, 1 << 20)) {
            SortOperator sort = new SortOperator(source(rows, 256, limited), keys, OptionalLong.empty(),
                    new OperatorContext(limited, outputBatchRows, java.util.Optional.of(new SpillSpace(spill))));
            List<List<Object>> actual = Rows.drain(sort);
            assertThat(sort.spilledRuns()).as("sorted runs written").isGreaterThan(2);
            assertThat(sort.spilledBytes()).isPositive();
            assertThat(actual).hasSize(rows.size());
            assertThat(actual).isSortedAccordingTo(order(keys));
            // The same rows (as a multiset; AssertJ's containsExactlyInAnyOrder is quadratic).
            assertThat(actual.stream().map(Object::toString).sorted().toList())
                    .isEqualTo(rows.stream().map(Object::toString).sorted().toList());
            assertThat(limited.getAllocatedMemory()).as("memory after the sort is closed").isZero();
        }
        try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(spill)) {
            assertThat(left).as("spill files after the sort is closed").isEmpty();
        }
    }

    /** Spilling off (no directory): the same input fails for memory instead of writing anything. */
    @Test
    void sortWithoutSpillFailsForMemory(BufferAllocator allocator) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            rows.add(row((long) i, "value-" + i, i / 8.0));
        }
        try (BufferAllocator limited = allocator.newChildAllocator("sort", 0, 1 << 20)) {
            SortOperator sort = new SortOperator(source(rows, 256, limited), List.of(new SortKey(0, false, false)),
                    OptionalLong.empty(), OperatorContext.inMemory(limited, 1000));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Rows.drain(sort))
                    .isInstanceOf(org.apache.arrow.memory.OutOfMemoryException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 10, 499, 500, 600})
    void topNKeepsTheFirstRows(int limit, BufferAllocator allocator) {
        List<List<Object>> rows = data();
        List<SortKey> keys = List.of(new SortKey(2, true, false), new SortKey(1, false, false), new SortKey(0, true, false));
        Operator topN = new SortOperator(source(rows, 16, allocator), keys, OptionalLong.of(limit),
                OperatorContext.inMemory(allocator, 64));
        List<List<Object>> actual = Rows.drain(topN);
        List<List<Object>> sorted = rows.stream().sorted(order(keys)).toList();
        assertThat(actual).hasSize(Math.min(limit, rows.size()));
        assertThat(actual).isSortedAccordingTo(order(keys));
        for (int i = 0; i < actual.size(); i++) {
            assertThat(order(keys).compare(actual.get(i), sorted.get(i))).as("row " + i).isZero();
        }
    }

    @Test
    void sortOfNoRows(BufferAllocator allocator) {
        Operator sort = new SortOperator(Rows.source(SCHEMA, List.of(List.of()), allocator),
                List.of(new SortKey(0, true, false)), OptionalLong.of(5), OperatorContext.inMemory(allocator, 64));
        assertThat(Rows.drain(sort)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 10, 1000})
    void limitAndOffsetAcrossBatchBoundaries(int batchRows, BufferAllocator allocator) {
        List<List<Object>> rows = data();
        for (long offset : new long[] {0, 1, 9, 10, 499, 500, 700}) {
            for (OptionalLong limit : List.of(OptionalLong.empty(), OptionalLong.of(0), OptionalLong.of(1),
                    OptionalLong.of(25))) {
                Operator operator = new LimitOperator(source(rows, batchRows, allocator), offset, limit,
                        OperatorContext.inMemory(allocator, batchRows));
                int from = (int) Math.min(offset, rows.size());
                int to = (int) Math.min(rows.size(), from + limit.orElse(rows.size()));
                assertThat(Rows.drain(operator)).as("offset " + offset + " limit " + limit)
                        .isEqualTo(rows.subList(from, to));
            }
        }
    }

    @Test
    void valuesEmitConstants(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(DataType.BIGINT, DataType.VARCHAR);
        List<List<Literal>> rows = List.of(
                List.of(new Literal(1L, DataType.BIGINT), new Literal("a", DataType.VARCHAR)),
                List.of(Literal.nullOf(DataType.BIGINT), Literal.nullOf(DataType.VARCHAR)));
        assertThat(Rows.drain(new ValuesOperator(schema, rows, OperatorContext.inMemory(allocator, 1024)))).containsExactly(row(1L, "a"), row(null, null));
        assertThat(Rows.drain(new ValuesOperator(schema, List.of(), OperatorContext.inMemory(allocator, 1024)))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void gatherExchangeDeliversEveryPartitionOnce(int slots, BufferAllocator allocator) {
        List<List<Object>> rows = data();
        int partitions = 4;
        Operator exchange = new GatherExchange(SCHEMA, partitions, slots, p -> {
            BufferAllocator child = allocator.newChildAllocator("p" + p, 0, Long.MAX_VALUE);
            List<List<Object>> part = new ArrayList<>();
            for (int i = p; i < rows.size(); i += partitions) {
                part.add(rows.get(i));
            }
            return closingAllocator(Rows.source(SCHEMA, part, 13, child), child);
        }, allocator);
        assertThat(Rows.drain(exchange)).containsExactlyInAnyOrderElementsOf(rows);
    }

    @Test
    void gatherExchangeFailsWithThePartitionsError(BufferAllocator allocator) {
        Operator exchange = new GatherExchange(SCHEMA, 3, 2, p -> {
            if (p == 1) {
                throw new QueryExecutionException("partition 1 broke");
            }
            return Rows.source(SCHEMA, data(), 10, allocator);
        }, allocator);
        assertThatThrownBy(() -> Rows.drain(exchange)).hasMessageContaining("partition 1 broke");
    }

    @Test
    void gatherExchangeClosedEarlyReleasesEverything(BufferAllocator allocator) {
        Operator exchange = new GatherExchange(SCHEMA, 4, 2,
                p -> Rows.source(SCHEMA, data(), 1, allocator), allocator);
        Optional<io.arbalest.executor.batch.Batch> first = exchange.next();
        assertThat(first).isPresent();
        first.get().close();
        exchange.close(); // the allocator extension checks that no batch in flight leaked
    }

    /**
     * Closing an exchange early stops producers that read all their input before answering
     * (here top-N sorts over endless inputs): without that, close would wait for them forever.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void gatherExchangeClosedEarlyStopsProducersThatReadAllTheirInput(BufferAllocator allocator) throws Exception {
        CountDownLatch reading = new CountDownLatch(2);
        Operator exchange = new GatherExchange(SCHEMA, 2, 2, p -> {
            BufferAllocator child = allocator.newChildAllocator("p" + p, 0, Long.MAX_VALUE);
            Operator endless = new Operator() {
                @Override
                public RowSchema schema() {
                    return SCHEMA;
                }

                @Override
                public Optional<io.arbalest.executor.batch.Batch> next() {
                    reading.countDown();
                    return Optional.of(Rows.batch(SCHEMA, data().subList(0, 10), child));
                }

                @Override
                public void close() {
                }
            };
            return closingAllocator(new SortOperator(endless, List.of(new SortKey(0, true, false)), OptionalLong.of(5),
                    OperatorContext.inMemory(child, 100)), child);
        }, allocator);
        assertThat(reading.await(30, TimeUnit.SECONDS)).as("both producers reading").isTrue();
        exchange.close(); // the allocator extension checks that the stopped sorts freed their batches
    }

    /** An operator that also closes its allocator, as a task does. */
    private static Operator closingAllocator(Operator operator, BufferAllocator allocator) {
        return new Operator() {
            @Override
            public RowSchema schema() {
                return operator.schema();
            }

            @Override
            public Optional<io.arbalest.executor.batch.Batch> next() {
                return operator.next();
            }

            @Override
            public void close() {
                operator.close();
                allocator.close();
            }
        };
    }
}
