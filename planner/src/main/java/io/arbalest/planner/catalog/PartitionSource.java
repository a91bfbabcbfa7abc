package io.arbalest.planner.catalog;

import io.arbalest.planner.expr.Literal;

import java.util.List;

/**
 * The partitions of a table whose files are listed only for the partitions a query reads, after
 * its filters on the partition columns chose them (a metastore's partitioned table: its partition
 * names are cheap to list, each partition's files and footers are not).
 */
public interface PartitionSource {
    /** Every partition's values, in the order of the table's partition columns; NULL as a null literal. */
    List<List<Literal>> partitions();

    /** The files of the partitions at these indexes of {@link #partitions()}, each with its partition's values. */
    List<DataFile> files(List<Integer> partitions);
}
