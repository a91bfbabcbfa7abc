package io.arbalest.bench;

import io.arbalest.planner.config.ArbalestConfig;

/**
 * The queries of the base class with every equi-join partitioned: both inputs hash-partitioned
 * on the join keys, partition p joining partition p (FULL, RIGHT, SEMI and ANTI joins too);
 * shuffle files read from local disk where they are on this host.
 */
class PartitionedJoinsIT extends DistributedQueriesBase {
    @Override
    ArbalestConfig config() {
        return ArbalestConfig.defaults().with(ArbalestConfig.MASTER, "local-cluster[2,1,1024]")
                .with(ArbalestConfig.BROADCAST_JOIN_BYTES, "0");
    }
}
