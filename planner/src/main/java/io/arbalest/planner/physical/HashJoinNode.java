package io.arbalest.planner.physical;

import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.types.RowSchema;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Joins a streamed probe input with a build input held in a hash table on the equi-join keys.
 * With no keys every build row is a candidate for every probe row (a nested-loop join). A
 * pair joins when its keys are equal (NULL never equals anything, unless the key is
 * null-safe, i.e. IS NOT DISTINCT FROM) and the residual, over the probe columns followed by
 * the build columns, is TRUE.
 *
 * <p>Output: the probe columns, then the build columns (only the probe columns for SEMI and
 * ANTI, only the build columns for BUILD_SEMI and BUILD_ANTI). Either the build input is one
 * partition and each probe partition joins against the whole of it (a broadcast join), so a
 * join that {@link JoinType#marksBuildRows marks build rows} needs a single probe partition; or both
 * inputs are hash-partitioned on their keys into the same number of partitions and partition
 * p of the probe joins partition p of the build (a partitioned join, any type).
 *
 * @param estimatedBuildBytes the planner's estimate of the build input's size, -1 when unknown:
 *     what the distributed planner weighs to broadcast the build side or partition both
 */
public record HashJoinNode(PhysicalNode probe, PhysicalNode build, JoinType type, List<Integer> probeKeys,
        List<Integer> buildKeys, List<Boolean> nullSafe, Optional<Expr> residual, RowSchema schema,
        long estimatedBuildBytes) implements PhysicalNode {
    public HashJoinNode {
        requireNonNull(probe, "probe is null");
        requireNonNull(build, "build is null");
        requireNonNull(type, "type is null");
        probeKeys = List.copyOf(probeKeys);
        buildKeys = List.copyOf(buildKeys);
        nullSafe = List.copyOf(nullSafe);
        requireNonNull(residual, "residual is null");
        requireNonNull(schema, "schema is null");
        if (probeKeys.size() != buildKeys.size() || nullSafe.size() != probeKeys.size()) {
            throw new IllegalArgumentException("join key lists differ in size");
        }
        if (build.partitionCount() != 1 && build.partitionCount() != probe.partitionCount()) {
            throw new IllegalArgumentException("the build input must be one partition or as many as the probe's");
        }
        if (type.marksBuildRows() && probe.partitionCount() != 1 && build.partitionCount() == 1) {
            throw new IllegalArgumentException(type + " join needs a single probe partition");
        }
    }

    @Override
    public List<PhysicalNode> children() {
        return List.of(probe, build);
    }

    @Override
    public PhysicalNode withChildren(List<PhysicalNode> children) {
        return new HashJoinNode(children.get(0), children.get(1), type, probeKeys, buildKeys, nullSafe, residual,
                schema, estimatedBuildBytes);
    }

    /** True when partition p of the probe joins partition p of the build, not all of it. */
    public boolean partitioned() {
        return build.partitionCount() > 1;
    }

    @Override
    public int partitionCount() {
        return probe.partitionCount();
    }

    @Override
    public String describe() {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < probeKeys.size(); i++) {
            keys.append(i == 0 ? "" : ", ").append('$').append(probeKeys.get(i))
                    .append(nullSafe.get(i) ? " <=> " : " = ").append("build.$").append(buildKeys.get(i));
        }
        return (probeKeys.isEmpty() ? "NestedLoopJoin " : "HashJoin ") + type + " [" + keys + "]"
                + residual.map(r -> " residual " + r).orElse("");
    }
}
