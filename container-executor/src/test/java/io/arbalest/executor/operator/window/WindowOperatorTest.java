package io.arbalest.executor.operator.window;

import io.arbalest.executor.AllocatorExtension;
import io.arbalest.executor.Rows;
import io.arbalest.executor.operator.OperatorContext;
import io.arbalest.executor.spill.SpillSpace;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.physical.SortKey;
import io.arbalest.planner.physical.ValuesNode;
import io.arbalest.planner.physical.WindowNode;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;

import static io.arbalest.executor.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Windows whose input does not fit their memory limit spill by the hash of their PARTITION BY
 * keys and compute part by part: the same rows and results as in memory, nothing left behind.
 */
@ExtendWith(AllocatorExtension.class)
class WindowOperatorTest {
    /** k BIGINT (NULLs too), v BIGINT, s VARCHAR */
    private static final RowSchema INPUT = Rows.schema(DataType.BIGINT, DataType.BIGINT, DataType.VARCHAR);
    private static final long LIMIT_BYTES = 1 << 20;

    private static List<List<Object>> rows(int count, int keys) {
        Random random = new Random(9);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(row(i % 17 == 0 ? null : (long) random.nextInt(keys), (long) random.nextInt(1000), "s" + i));
        }
        return rows;
    }

    /** ROW_NUMBER(), SUM(v) (running) and LAG(s) over (PARTITION BY partitionKeys ORDER BY v, s). */
    private static WindowNode window(List<Integer> partitionKeys) {
        List<WindowNode.Function> functions = List.of(
                new WindowNode.Function(WindowNode.Kind.ROW_NUMBER, OptionalInt.empty(), Optional.empty(), 0,
                        Optional.empty(), DataType.BIGINT, "rn"),
                new WindowNode.Function(WindowNode.Kind.SUM, OptionalInt.of(1), Optional.of(DataType.BIGINT), 0,
                        Optional.empty(), DataType.BIGINT, "running"),
                new WindowNode.Function(WindowNode.Kind.LAG, OptionalInt.of(2), Optional.of(DataType.VARCHAR), 1,
                        Optional.empty(), DataType.VARCHAR, "previous"));
        List<Column> columns = new ArrayList<>(INPUT.columns());
        functions.forEach(f -> columns.add(new Column(f.name(), f.type(), true)));
        WindowNode.Frame frame = new WindowNode.Frame(false, new WindowNode.Bound(
                WindowNode.BoundKind.UNBOUNDED_PRECEDING, 0), new WindowNode.Bound(WindowNode.BoundKind.CURRENT_ROW, 0));
        return new WindowNode(new ValuesNode(INPUT, List.of()), partitionKeys,
                List.of(new SortKey(1, true, false), new SortKey(2, true, false)), frame, functions,
                new RowSchema(columns));
    }

    private static List<String> sorted(List<List<Object>> rows) {
        return rows.stream().map(String::valueOf).sorted().toList();
    }

    private static void assertNoFilesLeft(Path spill) throws Exception {
        try (Stream<Path> left = Files.list(spill)) {
            assertThat(left).as("spill files after the window is closed").isEmpty();
        }
    }

    @Test
    void windowLargerThanMemorySpillsByPartitionKeysAndMatchesInMemory(BufferAllocator allocator, @TempDir Path spill)
            throws Exception {
        List<List<Object>> input = rows(60_000, 3_000);
        WindowNode node = window(List.of(0));
        List<List<Object>> inMemory = Rows.drain(new WindowOperator(Rows.source(INPUT, input, 1000, allocator), node,
                OperatorContext.inMemory(allocator, 1000)));
        SpillSpace space = new SpillSpace(spill);
        try (BufferAllocator limited = allocator.newChildAllocator("window", 0, LIMIT_BYTES)) {
            List<List<Object>> spilled = Rows.drain(new WindowOperator(Rows.source(INPUT, input, 1000, limited), node,
                    new OperatorContext(limited, 1000, Optional.of(space))));
            assertThat(space.bytes()).as("bytes spilled").isPositive();
            assertThat(sorted(spilled)).isEqualTo(sorted(inMemory));
            assertThat(limited.getAllocatedMemory()).isZero();
        }
        assertNoFilesLeft(spill);
    }

    /** Without PARTITION BY the window is one partition: beyond memory it fails for memory, it cannot spill. */
    @Test
    void windowWithoutPartitionKeysBeyondMemoryFailsForMemory(BufferAllocator allocator, @TempDir Path spill) {
        try (BufferAllocator limited = allocator.newChildAllocator("window", 0, LIMIT_BYTES)) {
            assertThatThrownBy(() -> Rows.drain(new WindowOperator(Rows.source(INPUT, rows(60_000, 3_000), 1000,
                    limited), window(List.of()), new OperatorContext(limited, 1000, Optional.of(new SpillSpace(spill))))))
                    .isInstanceOf(OutOfMemoryException.class);
            assertThat(limited.getAllocatedMemory()).isZero();
        }
    }

    /** One window partition larger than memory cannot be split: a clear error. */
    @Test
    void onePartitionLargerThanMemoryFailsSayingSo(BufferAllocator allocator, @TempDir Path spill) throws Exception {
        List<List<Object>> input = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            input.add(row(5L, (long) i, "s" + i));
        }
        try (BufferAllocator limited = allocator.newChildAllocator("window", 0, LIMIT_BYTES)) {
            assertThatThrownBy(() -> Rows.drain(new WindowOperator(Rows.source(INPUT, input, 1000, limited),
                    window(List.of(0)), new OperatorContext(limited, 1000, Optional.of(new SpillSpace(spill))))))
                    .isInstanceOf(QueryExecutionException.class)
                    .hasMessageContaining("A window partition has more rows than fit")
                    .hasMessageContaining("arbalest.query.memory");
            assertThat(limited.getAllocatedMemory()).isZero();
        }
        assertNoFilesLeft(spill);
    }
}
