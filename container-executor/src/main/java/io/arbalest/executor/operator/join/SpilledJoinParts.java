package io.arbalest.executor.operator.join;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.operator.Operator;
import io.arbalest.executor.operator.OperatorContext;
import io.arbalest.executor.operator.SpilledRows;
import io.arbalest.executor.spill.SpillFile;
import io.arbalest.executor.spill.SpillPartitions;
import io.arbalest.planner.physical.JoinType;
import io.arbalest.planner.types.RowSchema;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The parts of one probe operator's grace hash join (see HashJoinOperator): its probe rows
 * partitioned as a spilled build's, queued with the build's parts, and handed out one at a time
 * with the part's table built; a part whose build still spills is partitioned again in its place.
 */
final class SpilledJoinParts implements AutoCloseable {
    /**
     * One spilled part: its build rows ({@code ownsBuild}: these parts' to remove, else the shared
     * build's), its probe rows (these parts'), and how many times they were partitioned. The part
     * of {@code nullKeys} holds the rows whose key is NULL: they match nothing.
     */
    record Part(SpillFile build, boolean ownsBuild, SpillFile probe, int round, boolean nullKeys)
            implements AutoCloseable {
        /** False when joining the part can give no rows for {@code type} (a side it needs is empty). */
        boolean joins(JoinType type) {
            boolean matches = !nullKeys && build.rows() > 0 && probe.rows() > 0;
            return matches || keepsUnmatchedProbeRows(type) && probe.rows() > 0
                    || keepsUnmatchedBuildRows(type) && build.rows() > 0;
        }

        @Override
        public void close() {
            probe.close();
            if (ownsBuild) {
                build.close();
            }
        }
    }

    /** What to join next: a part's table and probe rows, or (for the NULL keys' part) its unmatched rows. */
    sealed interface Next permits Pair, NullKeys {
        Part part();
    }

    /** A part to join as usual: {@code build} and {@code probe} are the caller's to close. */
    record Pair(Part part, JoinBuild build, Operator probe) implements Next {
    }

    /** The part of NULL keys: nothing matches, the join type's unmatched rows come out as they are. */
    record NullKeys(Part part) implements Next {
    }

    private final JoinBuild shared;
    private final JoinType type;
    private final RowSchema probeSchema;
    private final List<Integer> probeKeys;
    private final OperatorContext context;
    /** Not joined yet, the next first. */
    private final Deque<Part> parts = new ArrayDeque<>();

    SpilledJoinParts(JoinBuild shared, JoinType type, RowSchema probeSchema, List<Integer> probeKeys,
            OperatorContext context) {
        this.shared = shared;
        this.type = type;
        this.probeSchema = probeSchema;
        this.probeKeys = List.copyOf(probeKeys);
        this.context = context;
    }

    /** True when {@code type} keeps probe rows without a match (with NULL build columns, or alone). */
    static boolean keepsUnmatchedProbeRows(JoinType type) {
        return type.probeOuter() || type == JoinType.ANTI;
    }

    /** True when {@code type} keeps build rows without a match (with NULL probe columns, or alone). */
    static boolean keepsUnmatchedBuildRows(JoinType type) {
        return type.buildOuter() || type == JoinType.BUILD_ANTI;
    }

    /**
     * Writes all of {@code probeRows} to spill files partitioned as {@code spilledBuild}'s rows
     * and queues the parts before those queued already (a part split again is joined in its
     * place). A part's build ({@code buildIsPart}) gives its files to these parts and is closed,
     * with its probe rows; the shared build keeps its files, and the caller its probe input.
     */
    void partition(JoinBuild spilledBuild, boolean buildIsPart, Operator probeRows) {
        SpillPartitions buildParts = buildIsPart ? spilledBuild.takeSpilledParts() : spilledBuild.spilledParts();
        try (SpillPartitions probeParts = SpillPartitions.forJoin(context.spill().orElseThrow(), probeSchema,
                probeKeys, spilledBuild.nullSafe(), buildParts.round(), context.allocator())) {
            for (Optional<Batch> next = probeRows.next(); next.isPresent(); next = probeRows.next()) {
                OperatorContext.checkCancelled();
                try (Batch batch = next.get()) {
                    probeParts.write(batch);
                }
            }
            probeParts.finish();
            for (int p = SpillPartitions.COUNT - 1; p >= 0; p--) {
                SpillFile buildPart = buildIsPart ? buildParts.take(p) : buildParts.file(p);
                parts.push(new Part(buildPart, buildIsPart, probeParts.take(p), buildParts.round(), false));
            }
            SpillFile buildNulls = buildIsPart ? buildParts.takeNullKeys() : buildParts.nullKeys();
            parts.push(new Part(buildNulls, buildIsPart, probeParts.takeNullKeys(), buildParts.round(), true));
        } finally {
            if (buildIsPart) {
                buildParts.close();
                spilledBuild.close();
                probeRows.close();
            }
        }
    }

    /** The next part that can give rows, its table built; empty when none is left. The caller closes its part. */
    Optional<Next> next() {
        while (!parts.isEmpty()) {
            Part part = parts.pop();
            if (!part.joins(type)) {
                part.close();
                continue;
            }
            if (part.nullKeys()) {
                return Optional.of(new NullKeys(part));
            }
            JoinBuild partBuild = shared.forPart(part.build(), part.round(), context);
            Operator partProbe = null;
            try {
                partBuild.get();
                partProbe = new SpilledRows(part.probe(), probeSchema, context.allocator());
                if (partBuild.spilled()) {
                    partition(partBuild, true, partProbe); // too large still: its parts take its place
                    part.close();
                    continue;
                }
            } catch (RuntimeException | Error e) {
                partBuild.close();
                if (partProbe != null) {
                    partProbe.close();
                }
                part.close();
                throw e;
            }
            return Optional.of(new Pair(part, partBuild, partProbe));
        }
        return Optional.empty();
    }

    /** Removes the parts not joined. */
    @Override
    public void close() {
        parts.forEach(Part::close);
        parts.clear();
    }
}
