package io.arbalest.executor.operator.aggregate;

import io.arbalest.executor.AllocatorExtension;
import io.arbalest.executor.Rows;
import io.arbalest.executor.operator.Operator;
import io.arbalest.executor.operator.OperatorContext;
import io.arbalest.planner.physical.AggregateCall;
import io.arbalest.planner.physical.AggregateFunction;
import io.arbalest.planner.physical.AggregateMode;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

import static io.arbalest.executor.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hash aggregation against a plain Java reference: grouped and global, NULL keys and
 * arguments, FILTER, single-step and partial-then-final, empty input, more groups than a batch.
 */
@ExtendWith(AllocatorExtension.class)
class HashAggregateTest {
    private static final DataType DEC = DataType.decimal(15, 2);
    /** key VARCHAR, key BIGINT, amount DECIMAL(15,2), flag BOOLEAN. */
    private static final RowSchema INPUT = Rows.schema(DataType.VARCHAR, DataType.BIGINT, DEC, DataType.BOOLEAN);

    private static List<List<Object>> data(int rows) {
        Random random = new Random(7);
        List<List<Object>> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            data.add(row(i % 13 == 0 ? null : "k" + random.nextInt(5),
                    i % 17 == 0 ? null : (long) random.nextInt(300),
                    i % 6 == 0 ? null : (long) random.nextInt(100_000) - 20_000,
                    i % 4 == 0 ? null : random.nextBoolean()));
        }
        return data;
    }

    private static List<AggregateCall> calls() {
        Optional<DataType> dec = Optional.of(DEC);
        return List.of(
                new AggregateCall(AggregateFunction.COUNT_STAR, OptionalInt.empty(), Optional.empty(), OptionalInt.empty(),
                        DataType.BIGINT, "n"),
                new AggregateCall(AggregateFunction.COUNT, OptionalInt.of(2), dec, OptionalInt.empty(), DataType.BIGINT, "c"),
                new AggregateCall(AggregateFunction.SUM, OptionalInt.of(2), dec, OptionalInt.empty(),
                        DEC.decimalSumType(), "s"),
                new AggregateCall(AggregateFunction.MIN, OptionalInt.of(2), dec, OptionalInt.empty(), DEC, "lo"),
                new AggregateCall(AggregateFunction.MAX, OptionalInt.of(0), Optional.of(DataType.VARCHAR), OptionalInt.empty(),
                        DataType.VARCHAR, "hi"),
                new AggregateCall(AggregateFunction.AVG, OptionalInt.of(2), dec, OptionalInt.empty(),
                        DataType.decimal(19, 6), "a"),
                new AggregateCall(AggregateFunction.SUM, OptionalInt.of(2), dec, OptionalInt.of(3),
                        DEC.decimalSumType(), "sf"));
    }

    /**
     * The reference answer: per group, in the engine representation (the sums, DECIMAL(25, 2), and
     * the average, DECIMAL(19, 6), are 128-bit decimals: BigIntegers).
     */
    private static Map<List<Object>, List<Object>> reference(List<List<Object>> rows, List<Integer> keys) {
        Map<List<Object>, List<List<Object>>> groups = new HashMap<>();
        for (List<Object> r : rows) {
            List<Object> key = new ArrayList<>();
            keys.forEach(k -> key.add(r.get(k)));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        if (keys.isEmpty() && groups.isEmpty()) {
            groups.put(List.of(), List.of());
        }
        Map<List<Object>, List<Object>> answer = new HashMap<>();
        groups.forEach((key, members) -> {
            List<Long> amounts = members.stream().map(r -> (Long) r.get(2)).filter(Objects::nonNull).toList();
            List<Long> filtered = members.stream().filter(r -> Boolean.TRUE.equals(r.get(3)))
                    .map(r -> (Long) r.get(2)).filter(Objects::nonNull).toList();
            BigInteger sum = amounts.isEmpty() ? null : BigInteger.valueOf(amounts.stream().mapToLong(Long::longValue).sum());
            Object avg = amounts.isEmpty() ? null : new BigDecimal(sum)
                    .divide(BigDecimal.valueOf(amounts.size()), 4, RoundingMode.HALF_UP).unscaledValue();
            List<Object> values = new ArrayList<>(key);
            values.addAll(Arrays.asList((long) members.size(), (long) amounts.size(), sum,
                    amounts.stream().min(Long::compare).orElse(null),
                    members.stream().map(r -> (String) r.get(0)).filter(Objects::nonNull).max(String::compareTo).orElse(null),
                    avg, filtered.isEmpty() ? null : BigInteger.valueOf(filtered.stream().mapToLong(Long::longValue).sum())));
            answer.put(key, values);
        });
        return answer;
    }

    private static RowSchema output(List<Integer> keys, List<AggregateCall> calls, boolean partial) {
        List<Column> columns = new ArrayList<>();
        keys.forEach(k -> columns.add(INPUT.column(k)));
        for (AggregateCall call : calls) {
            if (partial) {
                for (DataType state : call.stateTypes()) {
                    columns.add(new Column(call.name() + "$state", state, true));
                }
            } else {
                columns.add(new Column(call.name(), call.type(), true));
            }
        }
        return new RowSchema(columns);
    }

    private static Map<List<Object>, List<Object>> byKey(List<List<Object>> rows, int keyCount) {
        Map<List<Object>, List<Object>> map = new HashMap<>();
        for (List<Object> r : rows) {
            assertThat(map.put(new ArrayList<>(r.subList(0, keyCount)), r)).as("group emitted twice: " + r).isNull();
        }
        return map;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 4096})
    void singleStepMatchesReference(int batchRows, BufferAllocator allocator) {
        List<List<Object>> rows = data(2000);
        List<Integer> keys = List.of(0, 1);
        Operator aggregate = new HashAggregate(Rows.source(INPUT, rows, batchRows, allocator), AggregateMode.SINGLE,
                keys, calls(), output(keys, calls(), false), OperatorContext.inMemory(allocator, 100));
        assertThat(byKey(Rows.drain(aggregate), 2)).isEqualTo(reference(rows, keys));
    }

    @Test
    void partialThenFinalMatchesReference(BufferAllocator allocator) {
        List<List<Object>> rows = data(3000);
        List<Integer> keys = List.of(1);
        // Two partial aggregates over halves of the input, their states gathered into one final.
        List<List<Object>> states = new ArrayList<>();
        RowSchema partialSchema = output(keys, calls(), true);
        for (List<List<Object>> half : List.of(rows.subList(0, 1500), rows.subList(1500, 3000))) {
            states.addAll(Rows.drain(new HashAggregate(Rows.source(INPUT, half, 64, allocator), AggregateMode.PARTIAL,
                    keys, calls(), partialSchema, OperatorContext.inMemory(allocator, 50))));
        }
        Operator finalStep = new HashAggregate(Rows.source(partialSchema, states, 37, allocator), AggregateMode.FINAL,
                List.of(0), calls(), output(keys, calls(), false), OperatorContext.inMemory(allocator, 50));
        assertThat(byKey(Rows.drain(finalStep), 1)).isEqualTo(reference(rows, keys));
    }

    /** More groups than a cache-sized table (the look-ahead path), two integer keys (one with NULLs) and a string. */
    @Test
    void manyGroupsOfSeveralKeysMatchReference(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(DataType.BIGINT, DataType.INT, DataType.VARCHAR, DataType.BIGINT);
        Random random = new Random(11);
        List<List<Object>> rows = new ArrayList<>();
        Map<List<Object>, Long> expected = new HashMap<>();
        for (int i = 0; i < 120_000; i++) {
            Long a = (long) random.nextInt(30_000);
            Long b = random.nextInt(10) == 0 ? null : (long) random.nextInt(3);
            String c = "s" + random.nextInt(2);
            long v = random.nextInt(1000);
            rows.add(row(a, b, c, v));
            expected.merge(Arrays.asList(a, b, c), v, Long::sum);
        }
        List<AggregateCall> sum = List.of(new AggregateCall(AggregateFunction.SUM, OptionalInt.of(3),
                Optional.of(DataType.BIGINT), OptionalInt.empty(), DataType.BIGINT, "s"));
        Operator aggregate = new HashAggregate(Rows.source(schema, rows, 4096, allocator), AggregateMode.SINGLE,
                List.of(0, 1, 2), sum, Rows.schema(DataType.BIGINT, DataType.INT, DataType.VARCHAR, DataType.BIGINT),
                OperatorContext.inMemory(allocator, 4096));
        Map<List<Object>, Long> actual = new HashMap<>();
        for (List<Object> r : Rows.drain(aggregate)) {
            assertThat(actual.put(Arrays.asList(r.get(0), r.get(1), r.get(2)), (Long) r.get(3))).isNull();
        }
        assertThat(expected.size()).isGreaterThan(20_000);
        assertThat(actual).isEqualTo(expected);
    }

    /** Rows with many groups (a string key with NULLs and a number key) for the tests that force spilling. */
    private static List<List<Object>> manyGroups(int rows) {
        Random random = new Random(3);
        List<List<Object>> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            data.add(row(i % 29 == 0 ? null : "key-" + random.nextInt(20_000),
                    i % 31 == 0 ? null : (long) random.nextInt(3),
                    i % 6 == 0 ? null : (long) random.nextInt(100_000) - 20_000,
                    i % 4 == 0 ? null : random.nextBoolean()));
        }
        return data;
    }

    /**
     * SINGLE aggregation whose groups do not fit its memory spills partial states by key hash and
     * aggregates the parts one at a time: the reference answer, nothing allocated or on disk after.
     */
    @Test
    void singleStepLargerThanMemorySpillsAndMatchesReference(BufferAllocator allocator,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path spill) throws Exception {
        List<List<Object>> rows = manyGroups(60_000);
        List<Integer> keys = List.of(0, 1);
        try (BufferAllocator limited = allocator.newChildAllocator("aggregate", 0, 8 << 20)) {
            HashAggregate aggregate = new HashAggregate(Rows.source(INPUT, rows, 1000, limited), AggregateMode.SINGLE,
                    keys, calls(), output(keys, calls(), false), Optional.empty(), spilling(limited, 500, spill));
            Map<List<Object>, List<Object>> actual = byKey(Rows.drain(aggregate), 2);
            assertThat(aggregate.spilledBytes()).as("bytes spilled").isPositive();
            assertThat(actual).isEqualTo(reference(rows, keys));
            assertThat(limited.getAllocatedMemory()).isZero();
        }
        try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(spill)) {
            assertThat(left).as("spill files after the aggregation is closed").isEmpty();
        }
    }

    /** PARTIAL aggregation out of memory hands on its groups and starts again; FINAL (spilling too) merges them. */
    @Test
    void partialFlushesAndFinalSpillsWhenMemoryIsShort(BufferAllocator allocator,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path spill) throws Exception {
        List<List<Object>> rows = manyGroups(60_000);
        List<Integer> keys = List.of(0);
        RowSchema partialSchema = output(keys, calls(), true);
        try (BufferAllocator limited = allocator.newChildAllocator("aggregate", 0, 8 << 20)) {
            List<List<Object>> states = Rows.drain(new HashAggregate(Rows.source(INPUT, rows, 1000, limited),
                    AggregateMode.PARTIAL, keys, calls(), partialSchema, OperatorContext.inMemory(limited, 500)));
            assertThat(states.size()).as("a partial aggregation that flushed emits some groups more than once")
                    .isGreaterThan(reference(rows, keys).size());
            HashAggregate finalStep = new HashAggregate(Rows.source(partialSchema, states, 700, limited),
                    AggregateMode.FINAL, List.of(0), calls(), output(keys, calls(), false),
                    Optional.empty(), spilling(limited, 500, spill));
            assertThat(byKey(Rows.drain(finalStep), 1)).isEqualTo(reference(rows, keys));
            assertThat(finalStep.spilledBytes()).isPositive();
            assertThat(limited.getAllocatedMemory()).isZero();
        }
    }

    /** Without a spill directory, groups beyond the memory limit are an out-of-memory error, not heap exhaustion. */
    @Test
    void groupsBeyondTheLimitWithoutSpillFailForMemory(BufferAllocator allocator) {
        List<List<Object>> rows = manyGroups(60_000);
        try (BufferAllocator limited = allocator.newChildAllocator("aggregate", 0, 2 << 20)) {
            Operator aggregate = new HashAggregate(Rows.source(INPUT, rows, 1000, limited), AggregateMode.SINGLE,
                    List.of(0), calls(), output(List.of(0), calls(), false), OperatorContext.inMemory(limited, 500));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Rows.drain(aggregate))
                    .isInstanceOf(org.apache.arrow.memory.OutOfMemoryException.class)
                    .hasMessageContaining("spilling is off");
        }
    }

    private static OperatorContext spilling(BufferAllocator allocator, int batchRows, java.nio.file.Path directory) {
        return new OperatorContext(allocator, batchRows,
                Optional.of(new io.arbalest.executor.spill.SpillSpace(directory)));
    }

    @Test
    void globalAggregateOverNoRowsIsOneRow(BufferAllocator allocator) {
        Operator aggregate = new HashAggregate(Rows.source(INPUT, List.of(List.of()), allocator), AggregateMode.SINGLE,
                List.of(), calls(), output(List.of(), calls(), false), OperatorContext.inMemory(allocator, 100));
        assertThat(Rows.drain(aggregate)).containsExactly(row(0L, 0L, null, null, null, null, null));
    }

    @Test
    void groupedAggregateOverNoRowsIsNoRows(BufferAllocator allocator) {
        Operator aggregate = new HashAggregate(Rows.source(INPUT, List.of(), 10, allocator), AggregateMode.SINGLE,
                List.of(0), calls(), output(List.of(0), calls(), false), OperatorContext.inMemory(allocator, 100));
        assertThat(Rows.drain(aggregate)).isEmpty();
    }

    @Test
    void sumOverflowIsAnError(BufferAllocator allocator) {
        RowSchema schema = Rows.schema(DataType.BIGINT);
        List<AggregateCall> sum = List.of(new AggregateCall(AggregateFunction.SUM, OptionalInt.of(0),
                Optional.of(DataType.BIGINT), OptionalInt.empty(), DataType.BIGINT, "s"));
        Operator aggregate = new HashAggregate(Rows.source(schema, List.of(row(Long.MAX_VALUE), row(1L)), 1, allocator),
                AggregateMode.SINGLE, List.of(), sum, Rows.schema(DataType.BIGINT),
                OperatorContext.inMemory(allocator, 100));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Rows.drain(aggregate))
                .isInstanceOf(io.arbalest.planner.error.QueryExecutionException.class)
                .hasMessageContaining("overflow");
    }
}
