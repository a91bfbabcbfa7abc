package io.arbalest.sdk;

import io.arbalest.proto.logical.WindowExpression;
import io.arbalest.proto.logical.WindowFrame;

/**
 * The window of a window function: partitioning, order and frame, as Spark's WindowSpec.
 * Immutable; start one with {@link Window}.
 */
public final class WindowSpec {
    private final WindowExpression window;

    WindowSpec() {
        this(WindowExpression.getDefaultInstance());
    }

    private WindowSpec(WindowExpression window) {
        this.window = window;
    }

    public WindowSpec partitionBy(String... columns) {
        return partitionBy(Functions.columns(columns));
    }

    public WindowSpec partitionBy(Column... columns) {
        return new WindowSpec(window.toBuilder().clearPartitionBy().addAllPartitionBy(Column.expressions(columns)).build());
    }

    public WindowSpec orderBy(String... columns) {
        return orderBy(Functions.columns(columns));
    }

    public WindowSpec orderBy(Column... columns) {
        return new WindowSpec(window.toBuilder().clearOrderBy().addAllOrderBy(Column.expressions(columns)).build());
    }

    /**
     * A frame of rows relative to the current one: negative offsets precede it;
     * {@link Window#unboundedPreceding}, {@link Window#currentRow} and
     * {@link Window#unboundedFollowing} are the ends.
     */
    public WindowSpec rowsBetween(long start, long end) {
        return frame(false, start, end);
    }

    /** A frame of the rows whose ORDER BY value lies in the range (only unbounded ends and the current row yet). */
    public WindowSpec rangeBetween(long start, long end) {
        return frame(true, start, end);
    }

    private WindowSpec frame(boolean range, long start, long end) {
        if (start > end) {
            throw new IllegalArgumentException("A window frame starts before it ends: " + start + " > " + end + ".");
        }
        return new WindowSpec(window.toBuilder().setFrame(WindowFrame.newBuilder().setRange(range).setLower(start)
                .setUpper(end)).build());
    }

    WindowExpression toProto() {
        return window;
    }
}
