package io.arbalest.executor.operator;

import io.arbalest.executor.AllocatorExtension;
import io.arbalest.executor.Rows;
import io.arbalest.executor.expr.ExpressionCompiler;
import io.arbalest.executor.expr.Kernel;
import io.arbalest.planner.expr.ColumnRef;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static io.arbalest.executor.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(AllocatorExtension.class)
class ExpandOperatorTest {
    private static final DataType V = DataType.VARCHAR;
    private static final DataType I = DataType.INT;
    private static final DataType B = DataType.BIGINT;

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 100, 1000, 3000})
    void emitsEachRowOncePerProjectionWithNullsAndRepeatedColumns(int batchRows, BufferAllocator allocator) {
        RowSchema input = Rows.schema(V, I);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rows.add(row(i % 9 == 0 ? null : "s" + (i % 7) + "-".repeat(i % 5), i % 3 == 0 ? null : (long) (i % 10)));
        }
        ExpressionCompiler compiler = new ExpressionCompiler(allocator);
        List<List<Expr>> projections = List.of(
                List.of(new ColumnRef(0, V), Literal.nullOf(I), new ColumnRef(0, V), new ColumnRef(1, I), new Literal(0L, B)),
                List.of(Literal.nullOf(V), new ColumnRef(1, I), new ColumnRef(0, V), new ColumnRef(1, I), new Literal(1L, B)));
        List<List<Kernel>> kernels = projections.stream().map(p -> p.stream().map(compiler::compile).toList()).toList();
        RowSchema output = Rows.schema(V, I, V, I, B);

        List<List<Object>> actual = Rows.drain(new ExpandOperator(Rows.source(input, rows, batchRows, allocator), kernels,
                output, OperatorContext.inMemory(allocator, 1024)));

        List<List<Object>> expected = new ArrayList<>();
        for (int start = 0; start < rows.size(); start += batchRows) {
            List<List<Object>> chunk = rows.subList(start, Math.min(rows.size(), start + batchRows));
            for (List<Object> r : chunk) {
                expected.add(row(r.get(0), null, r.get(0), r.get(1), 0L));
            }
            for (List<Object> r : chunk) {
                expected.add(row(null, r.get(1), r.get(0), r.get(1), 1L));
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void emptyInputGivesNoRows(BufferAllocator allocator) {
        RowSchema input = Rows.schema(V);
        ExpressionCompiler compiler = new ExpressionCompiler(allocator);
        List<List<Kernel>> kernels = List.of(List.of(compiler.compile(new ColumnRef(0, V))),
                List.of(compiler.compile(Literal.nullOf(V))));
        Operator expand = new ExpandOperator(Rows.source(input, List.of(List.of()), allocator), kernels, input,
                OperatorContext.inMemory(allocator, 1024));
        assertThat(Rows.drain(expand)).isEmpty();
    }
}
