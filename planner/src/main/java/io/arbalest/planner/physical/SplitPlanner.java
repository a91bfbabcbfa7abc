package io.arbalest.planner.physical;

import io.arbalest.planner.catalog.DataFile;
import io.arbalest.planner.catalog.RowGroup;
import io.arbalest.planner.catalog.Table;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts a table into scan splits (consecutive Parquet row groups of one file up to a target
 * size; a whole CSV file) and deals them to partitions so each partition reads about as many bytes.
 */
final class SplitPlanner {
    private SplitPlanner() {
    }

    static List<List<ScanSplit>> plan(Table table, List<DataFile> files, int maxPartitions, long splitBytes) {
        List<SizedSplit> splits = new ArrayList<>();
        for (DataFile file : files) {
            if (!file.footerRead()) {
                splits.add(new SizedSplit(new ScanSplit(file.path(), List.of(), file.partitionValues(), true),
                        file.length()));
                continue;
            }
            if (file.rowGroups().isEmpty()) {
                if (table.format() != io.arbalest.planner.catalog.FileFormat.PARQUET) {
                    splits.add(new SizedSplit(new ScanSplit(file.path(), List.of(), file.partitionValues()),
                            file.length()));
                }
                continue; // a Parquet file without row groups holds no rows
            }
            List<Integer> current = new ArrayList<>();
            long currentBytes = 0;
            for (RowGroup rowGroup : file.rowGroups()) {
                if (!current.isEmpty() && currentBytes + rowGroup.compressedBytes() > splitBytes) {
                    splits.add(new SizedSplit(new ScanSplit(file.path(), current, file.partitionValues()), currentBytes));
                    current = new ArrayList<>();
                    currentBytes = 0;
                }
                current.add(rowGroup.index());
                currentBytes += rowGroup.compressedBytes();
            }
            splits.add(new SizedSplit(new ScanSplit(file.path(), current, file.partitionValues()), currentBytes));
        }
        int partitionCount = Math.max(1, Math.min(maxPartitions, splits.size()));
        List<List<ScanSplit>> partitions = new ArrayList<>();
        long[] loads = new long[partitionCount];
        for (int i = 0; i < partitionCount; i++) {
            partitions.add(new ArrayList<>());
        }
        // Largest first onto the least loaded partition: a greedy balance that is within 4/3 of optimal.
        splits.sort(Comparator.comparingLong(SizedSplit::bytes).reversed());
        for (SizedSplit split : splits) {
            int target = 0;
            for (int i = 1; i < partitionCount; i++) {
                if (loads[i] < loads[target]) {
                    target = i;
                }
            }
            partitions.get(target).add(split.split());
            loads[target] += split.bytes();
        }
        return partitions;
    }

    private record SizedSplit(ScanSplit split, long bytes) {
    }
}
