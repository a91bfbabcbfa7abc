package io.arbalest.executor.operator.join;

import io.arbalest.executor.AllocatorExtension;
import io.arbalest.executor.Rows;
import io.arbalest.executor.expr.ExpressionCompiler;
import io.arbalest.executor.expr.Kernel;
import io.arbalest.executor.operator.Operator;
import io.arbalest.executor.operator.OperatorContext;
import io.arbalest.planner.expr.Call;
import io.arbalest.planner.expr.ColumnRef;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.physical.JoinType;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

import static io.arbalest.executor.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every join type against a nested-loop reference in Java: NULL keys, duplicate keys on both
 * sides, a residual over both sides, small output batches, several probe batches.
 */
@ExtendWith(AllocatorExtension.class)
class HashJoinOperatorTest {
    /** probe: key BIGINT, tag VARCHAR, x BIGINT */
    private static final RowSchema PROBE = Rows.schema(DataType.BIGINT, DataType.VARCHAR, DataType.BIGINT);
    /** build: key BIGINT, y BIGINT */
    private static final RowSchema BUILD = Rows.schema(DataType.BIGINT, DataType.BIGINT);

    private static List<List<Object>> probeRows() {
        Random random = new Random(3);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(row(i % 11 == 0 ? null : (long) random.nextInt(40), "p" + i, (long) random.nextInt(100)));
        }
        return rows;
    }

    private static List<List<Object>> buildRows() {
        return buildRows(120);
    }

    private static List<List<Object>> buildRows(int count) {
        Random random = new Random(4);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(row(i % 13 == 0 ? null : (long) random.nextInt(60), (long) random.nextInt(100)));
        }
        return rows;
    }

    private static List<List<Object>> reference(JoinType type, boolean keyed, boolean nullSafe, boolean residual) {
        return reference(type, keyed, nullSafe, residual, 120);
    }

    private static List<List<Object>> reference(JoinType type, boolean keyed, boolean nullSafe, boolean residual,
            int buildCount) {
        return JoinReference.join(type, probeRows(), buildRows(buildCount), keyed, nullSafe, residual);
    }

    private static List<List<Object>> run(BufferAllocator allocator, JoinType type, boolean keyed, boolean nullSafe,
            boolean residual) {
        return run(allocator, type, keyed, nullSafe, residual, 120);
    }

    private static List<List<Object>> run(BufferAllocator allocator, JoinType type, boolean keyed, boolean nullSafe,
            boolean residual, int buildCount) {
        RowSchema output = type.emitsPairs() ? Rows.schema(DataType.BIGINT, DataType.VARCHAR, DataType.BIGINT,
                DataType.BIGINT, DataType.BIGINT) : type == JoinType.SEMI || type == JoinType.ANTI ? PROBE : BUILD;
        List<Integer> probeKeys = keyed ? List.of(0) : List.of();
        List<Integer> buildKeys = keyed ? List.of(0) : List.of();
        List<Boolean> safe = keyed ? List.of(nullSafe) : List.of();
        Optional<Kernel> condition = residual ? Optional.of(new ExpressionCompiler(allocator).compile(
                Call.of(Function.LESS_THAN, DataType.BOOLEAN, new ColumnRef(2, DataType.BIGINT),
                        new ColumnRef(4, DataType.BIGINT)))) : Optional.empty();
        OperatorContext context = OperatorContext.inMemory(allocator, 37);
        try (JoinBuild build = new JoinBuild(a -> Rows.source(BUILD, buildRows(buildCount), 50, a), BUILD, buildKeys, safe,
                JoinBuild.presenceOnly(type, condition.isPresent()), context)) {
            Operator join = new HashJoinOperator(Rows.source(PROBE, probeRows(), 64, allocator), build, type, probeKeys,
                    condition, output, context);
            return Rows.drain(join);
        }
    }

    @ParameterizedTest
    @EnumSource(JoinType.class)
    void hashJoinMatchesReference(JoinType type, BufferAllocator allocator) {
        assertThat(run(allocator, type, true, false, false))
                .containsExactlyInAnyOrderElementsOf(reference(type, true, false, false));
    }

    @ParameterizedTest
    @EnumSource(JoinType.class)
    void hashJoinWithResidualMatchesReference(JoinType type, BufferAllocator allocator) {
        assertThat(run(allocator, type, true, false, true))
                .containsExactlyInAnyOrderElementsOf(reference(type, true, false, true));
    }

    @ParameterizedTest
    @EnumSource(JoinType.class)
    void nestedLoopJoinMatchesReference(JoinType type, BufferAllocator allocator) {
        assertThat(run(allocator, type, false, false, true))
                .containsExactlyInAnyOrderElementsOf(reference(type, false, false, true));
    }

    /**
     * Build sides of every small size, so that hash tables are as full as they get (most probe keys
     * miss), and one whose table is large enough to be read ahead.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 24, 48, 97, 50_000})
    @Timeout(60) // a full open-addressing table would probe forever
    void buildSidesOfAnySizeMatchReference(int buildCount, BufferAllocator allocator) {
        for (JoinType type : List.of(JoinType.INNER, JoinType.SEMI, JoinType.ANTI, JoinType.FULL, JoinType.BUILD_SEMI,
                JoinType.BUILD_ANTI)) {
            assertThat(run(allocator, type, true, false, false, buildCount)).as("%s join", type)
                    .containsExactlyInAnyOrderElementsOf(reference(type, true, false, false, buildCount));
        }
    }

    @Test
    void nullSafeKeysMatchNulls(BufferAllocator allocator) {
        List<List<Object>> actual = run(allocator, JoinType.INNER, true, true, false);
        assertThat(actual).containsExactlyInAnyOrderElementsOf(reference(JoinType.INNER, true, true, false));
        assertThat(actual).anySatisfy(r -> assertThat(r.get(0)).isNull());
    }

    @Test
    void emptyBuildSide(BufferAllocator allocator) {
        OperatorContext context = OperatorContext.inMemory(allocator, 100);
        try (JoinBuild build = new JoinBuild(a -> Rows.source(BUILD, List.of(), 50, a), BUILD, List.of(0),
                List.of(false), true, context)) {
            Operator join = new HashJoinOperator(Rows.source(PROBE, probeRows(), 64, allocator), build, JoinType.ANTI,
                    List.of(0), Optional.empty(), PROBE, context);
            assertThat(Rows.drain(join)).isEqualTo(probeRows());
        }
    }
}
