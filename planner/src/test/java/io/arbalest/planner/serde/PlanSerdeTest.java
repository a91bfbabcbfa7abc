package io.arbalest.planner.serde;

import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.DataType;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Constants survive their trip to the executors: every representation, decimals of both widths. */
class PlanSerdeTest {
    @Test
    void literalsRoundTrip() {
        DataType wide = DataType.decimal(38, 20);
        List<Literal> literals = List.of(
                new Literal(new BigInteger("-99999999999999999999999999999999999999"), wide),
                new Literal(BigInteger.ZERO, wide),
                new Literal(BigInteger.ONE.shiftLeft(100), wide),
                Literal.nullOf(wide),
                new Literal(-123456789012345678L, DataType.decimal(18, 2)),
                new Literal(true, DataType.BOOLEAN),
                new Literal(1.5, DataType.DOUBLE),
                new Literal("é", DataType.VARCHAR));
        for (Literal literal : literals) {
            assertThat(PlanSerde.fromProto(PlanSerde.toProto(literal))).as(literal.toString()).isEqualTo(literal);
        }
    }

    @Test
    void aWideDecimalConstantHoldsABigInteger() {
        assertThat(Literal.zeroOf(DataType.decimal(25, 2)).value()).isEqualTo(BigInteger.ZERO);
        assertThat(Literal.zeroOf(DataType.decimal(18, 2)).value()).isEqualTo(0L);
        assertThat(new Literal(new BigInteger("12345678901234567890123"), DataType.decimal(30, 3)).toString())
                .isEqualTo("12345678901234567890.123");
    }
}
