package io.arbalest.executor.expr;

import io.arbalest.executor.batch.Batch;
import io.arbalest.planner.types.DataType;
import org.apache.arrow.vector.FieldVector;

/**
 * An expression compiled for the engine: computes one value per row of a batch, a batch at a
 * time. The returned vector is owned by the caller, unless {@link #borrowsInput()} says it is
 * one of the batch's own vectors.
 *
 * <p>Invariant every kernel keeps: a NULL slot of a fixed-width result holds zero (or a value
 * computed from zeros), so loops may compute over NULL slots without raising false errors.
 */
public interface Kernel {
    FieldVector evaluate(Batch batch);

    DataType type();

    /** True when {@link #evaluate} returns a vector of the input batch itself (a column reference). */
    default boolean borrowsInput() {
        return false;
    }

    /** The input column this kernel returns as is, if it is a plain column reference. */
    default java.util.OptionalInt inputColumn() {
        return java.util.OptionalInt.empty();
    }

    /** Closes the result of {@link #evaluate} unless it is borrowed from the batch. */
    default void release(FieldVector result) {
        if (!borrowsInput()) {
            result.close();
        }
    }
}
