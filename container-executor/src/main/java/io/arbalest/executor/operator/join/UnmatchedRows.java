package io.arbalest.executor.operator.join;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.operator.SpilledRows;
import io.arbalest.planner.physical.JoinType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;

import java.util.Optional;

/**
 * The spilled part of NULL keys of a grace hash join, which matches nothing: the rows the join
 * type keeps unmatched, probe rows first, then build rows, with NULL columns for the other side
 * in outer joins and as they are in ANTI and BUILD_ANTI joins.
 */
final class UnmatchedRows implements AutoCloseable {
    private final JoinType type;
    private final RowSchema schema;
    private final BufferAllocator allocator;
    private SpilledRows probeRows;
    private SpilledRows buildRows;

    /** {@code schema}: the join's output. */
    UnmatchedRows(SpilledJoinParts.Part part, JoinType type, RowSchema probeSchema, RowSchema buildSchema,
            RowSchema schema, BufferAllocator allocator) {
        this.type = type;
        this.schema = schema;
        this.allocator = allocator;
        if (SpilledJoinParts.keepsUnmatchedProbeRows(type)) {
            probeRows = new SpilledRows(part.probe(), probeSchema, allocator);
        }
        if (SpilledJoinParts.keepsUnmatchedBuildRows(type)) {
            buildRows = new SpilledRows(part.build(), buildSchema, allocator);
        }
    }

    /** The next batch (the caller's); empty when there is none. */
    Optional<Batch> next() {
        while (probeRows != null || buildRows != null) {
            boolean fromProbe = probeRows != null;
            SpilledRows source = fromProbe ? probeRows : buildRows;
            Optional<Batch> next = source.next();
            if (next.isEmpty()) {
                source.close();
                if (fromProbe) {
                    probeRows = null;
                } else {
                    buildRows = null;
                }
                continue;
            }
            Batch batch = next.get();
            if (!(fromProbe ? type.probeOuter() : type.buildOuter())) {
                return Optional.of(batch); // ANTI, BUILD_ANTI: the rows as they are
            }
            try (batch) {
                int[] all = new int[batch.rowCount()];
                for (int i = 0; i < all.length; i++) {
                    all[i] = i;
                }
                return Optional.of(OuterRows.withNullColumns(batch, all, all.length, fromProbe, schema, allocator));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        if (probeRows != null) {
            probeRows.close();
        }
        if (buildRows != null) {
            buildRows.close();
        }
    }
}
