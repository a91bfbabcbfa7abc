package io.arbalest.executor.operator.join;

import io.arbalest.executor.AllocatorExtension;
import io.arbalest.executor.Rows;
import io.arbalest.executor.expr.ExpressionCompiler;
import io.arbalest.executor.expr.Kernel;
import io.arbalest.executor.operator.Operator;
import io.arbalest.executor.operator.OperatorContext;
import io.arbalest.executor.spill.SpillPartitions;
import io.arbalest.executor.spill.SpillSpace;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.expr.Call;
import io.arbalest.planner.expr.ColumnRef;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.physical.JoinType;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static io.arbalest.executor.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Joins whose build side does not fit their memory limit: the grace hash join (build and probe
 * rows partitioned to spill files, joined part by part, parts too large partitioned again) gives
 * what the Java reference gives for every join type, and leaves no memory and no file behind.
 */
@ExtendWith(AllocatorExtension.class)
class HashJoinSpillTest {
    private static final RowSchema PROBE = Rows.schema(DataType.BIGINT, DataType.VARCHAR, DataType.BIGINT);
    private static final RowSchema BUILD = Rows.schema(DataType.BIGINT, DataType.BIGINT);
    private static final long LIMIT_BYTES = 1 << 20;

    /** Keys in [0, keys) with NULLs; several rows a key on both sides. */
    private static List<List<Object>> probeRows(int count, int keys) {
        Random random = new Random(5);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(row(i % 11 == 0 ? null : (long) random.nextInt(keys), "p" + i, (long) random.nextInt(100)));
        }
        return rows;
    }

    private static List<List<Object>> buildRows(int count, int keys) {
        Random random = new Random(6);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(row(i % 13 == 0 ? null : (long) random.nextInt(keys), (long) random.nextInt(100)));
        }
        return rows;
    }

    private static RowSchema output(JoinType type) {
        return type.emitsPairs() ? Rows.schema(DataType.BIGINT, DataType.VARCHAR, DataType.BIGINT, DataType.BIGINT,
                DataType.BIGINT) : type == JoinType.SEMI || type == JoinType.ANTI ? PROBE : BUILD;
    }

    private static Optional<Kernel> residual(boolean residual, BufferAllocator allocator) {
        return residual ? Optional.of(new ExpressionCompiler(allocator).compile(Call.of(Function.LESS_THAN,
                DataType.BOOLEAN, new ColumnRef(2, DataType.BIGINT), new ColumnRef(4, DataType.BIGINT))))
                : Optional.empty();
    }

    /** The join's rows in {@code limited} memory spilling to {@code spill}; the build spilled. */
    private static List<List<Object>> spillingJoin(JoinType type, boolean residual, List<List<Object>> probe,
            List<List<Object>> build, BufferAllocator limited, Path spill) {
        return spillingJoin(type, residual, probe, build, limited, new SpillSpace(spill));
    }

    private static List<List<Object>> spillingJoin(JoinType type, boolean residual, List<List<Object>> probe,
            List<List<Object>> build, BufferAllocator limited, SpillSpace space) {
        OperatorContext context = new OperatorContext(limited, 1000, Optional.of(space));
        Optional<Kernel> condition = residual(residual, limited);
        List<List<Object>> rows;
        try (JoinBuild shared = new JoinBuild(a -> Rows.source(BUILD, build, 1000, a), BUILD, List.of(0),
                List.of(false), JoinBuild.presenceOnly(type, residual), context)) {
            Operator join = new HashJoinOperator(Rows.source(PROBE, probe, 1000, limited), shared, type, List.of(0),
                    condition, output(type), context);
            rows = Rows.drain(join);
        }
        assertThat(space.bytes()).as("bytes spilled (the build side did not fit)").isPositive();
        return rows;
    }

    private static void assertSameRows(List<List<Object>> actual, List<List<Object>> expected) {
        // As multisets; AssertJ's containsExactlyInAnyOrder is quadratic.
        assertThat(actual.stream().map(String::valueOf).sorted().toList())
                .isEqualTo(expected.stream().map(String::valueOf).sorted().toList());
    }

    private static void assertNoFilesLeft(Path spill) throws Exception {
        try (Stream<Path> left = Files.list(spill)) {
            assertThat(left).as("spill files after the join is closed").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(JoinType.class)
    void everyJoinTypeSpillsAndMatchesReference(JoinType type, BufferAllocator allocator, @TempDir Path spill)
            throws Exception {
        List<List<Object>> probe = probeRows(30_000, 20_000);
        List<List<Object>> build = buildRows(40_000, 20_000);
        for (boolean residual : List.of(false, true)) {
            try (BufferAllocator limited = allocator.newChildAllocator("join", 0, LIMIT_BYTES)) {
                assertSameRows(spillingJoin(type, residual, probe, build, limited, spill),
                        JoinReference.join(type, probe, build, true, false, residual));
                assertThat(limited.getAllocatedMemory()).as("memory after the join is closed").isZero();
            }
            assertNoFilesLeft(spill);
        }
    }

    /** A build whose parts are still too large for memory: they are partitioned again (other hash bits). */
    @Test
    void partsTooLargeArePartitionedAgain(BufferAllocator allocator, @TempDir Path spill) throws Exception {
        List<List<Object>> probe = probeRows(60_000, 400_000);
        List<List<Object>> build = buildRows(300_000, 400_000);
        for (JoinType type : List.of(JoinType.INNER, JoinType.FULL, JoinType.ANTI)) {
            SpillSpace space = new SpillSpace(spill);
            try (BufferAllocator limited = allocator.newChildAllocator("join", 0, LIMIT_BYTES)) {
                assertSameRows(spillingJoin(type, false, probe, build, limited, space),
                        JoinReference.join(type, probe, build, true, false, false));
                assertThat(limited.getAllocatedMemory()).isZero();
            }
            assertThat(space.files()).as("files of the first round (build and probe) and more")
                    .isGreaterThan(2L * (SpillPartitions.COUNT + 1));
            assertNoFilesLeft(spill);
        }
    }

    /** Two probe partitions share one spilled build; the build's files go when the last is done. */
    @Test
    void probePartitionsShareASpilledBuild(BufferAllocator allocator, @TempDir Path spill) throws Exception {
        List<List<Object>> probe = probeRows(30_000, 20_000);
        List<List<Object>> build = buildRows(40_000, 20_000);
        try (BufferAllocator limited = allocator.newChildAllocator("join", 0, LIMIT_BYTES)) {
            OperatorContext context = new OperatorContext(limited, 1000, Optional.of(new SpillSpace(spill)));
            List<List<Object>> rows = new ArrayList<>();
            try (JoinBuild shared = new JoinBuild(a -> Rows.source(BUILD, build, 1000, a), BUILD, List.of(0),
                    List.of(false), false, context)) {
                shared.users(2);
                for (List<List<Object>> half : List.of(probe.subList(0, 15_000), probe.subList(15_000, 30_000))) {
                    rows.addAll(Rows.drain(new HashJoinOperator(Rows.source(PROBE, half, 1000, limited), shared,
                            JoinType.INNER, List.of(0), Optional.empty(), output(JoinType.INNER), context)));
                }
                assertThat(limited.getAllocatedMemory()).as("memory once both probe partitions are done").isZero();
                assertNoFilesLeft(spill);
            }
            assertSameRows(rows, JoinReference.join(JoinType.INNER, probe, build, true, false, false));
        }
    }

    /** One key with more build rows than memory cannot be split by hashing: a clear error, not heap exhaustion. */
    @Test
    void oneKeyLargerThanMemoryFailsSayingSo(BufferAllocator allocator, @TempDir Path spill) throws Exception {
        List<List<Object>> build = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            build.add(row(7L, (long) i));
        }
        try (BufferAllocator limited = allocator.newChildAllocator("join", 0, LIMIT_BYTES)) {
            assertThatThrownBy(() -> spillingJoin(JoinType.INNER, false, probeRows(1000, 10), build, limited, spill))
                    .isInstanceOf(QueryExecutionException.class)
                    .hasMessageContaining("A join key has more rows")
                    .hasMessageContaining("arbalest.query.memory");
            assertThat(limited.getAllocatedMemory()).isZero();
        }
        assertNoFilesLeft(spill);
    }

    /** Spilling off: a build beyond the limit is an out-of-memory error, which the driver names the setting for. */
    @Test
    void buildBeyondTheLimitWithoutSpillFailsForMemory(BufferAllocator allocator) {
        List<List<Object>> build = buildRows(300_000, 400_000);
        try (BufferAllocator limited = allocator.newChildAllocator("join", 0, LIMIT_BYTES)) {
            OperatorContext context = OperatorContext.inMemory(limited, 1000);
            try (JoinBuild shared = new JoinBuild(a -> Rows.source(BUILD, build, 1000, a), BUILD, List.of(0),
                    List.of(false), false, context)) {
                Operator join = new HashJoinOperator(Rows.source(PROBE, probeRows(100, 10), 1000, limited), shared,
                        JoinType.INNER, List.of(0), Optional.empty(), output(JoinType.INNER), context);
                assertThatThrownBy(() -> Rows.drain(join)).isInstanceOf(OutOfMemoryException.class);
            }
            assertThat(limited.getAllocatedMemory()).isZero();
        }
    }
}
