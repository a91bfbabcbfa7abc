package io.arbalest.am.cluster;

import io.arbalest.planner.catalog.FileFormat;
import io.arbalest.planner.physical.ScanNode;
import io.arbalest.planner.physical.ScanSplit;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a scan task's data lives, from the file system's block locations. */
class SplitLocationsTest {
    private static final RowSchema SCHEMA = RowSchema.of(new Column("x", DataType.BIGINT, true));
    private final SplitLocations locations = new SplitLocations(new Configuration());

    @TempDir
    Path directory;

    private ScanNode scan(List<List<ScanSplit>> partitions) {
        return new ScanNode("t", FileFormat.CSV, SCHEMA, List.of(0), Optional.empty(), partitions);
    }

    @Test
    void aPartitionedScanIsWhereItsFilesAre() throws Exception {
        Path first = Files.writeString(directory.resolve("a.csv"), "x\n1\n");
        Path second = Files.writeString(directory.resolve("b.csv"), "x\n2\n");
        ScanNode scan = scan(List.of(List.of(new ScanSplit(first.toUri().toString(), List.of())),
                List.of(new ScanSplit(second.toUri().toString(), List.of()))));

        // The local file system puts every block on "localhost".
        assertThat(locations.of(scan, 1)).isEqualTo(Set.of(SplitLocations.address("localhost")));
    }

    @Test
    void aScanEveryTaskReadsWhole() throws Exception {
        Path file = Files.writeString(directory.resolve("a.csv"), "x\n1\n");
        ScanNode broadcast = scan(List.of(List.of(new ScanSplit(file.toUri().toString(), List.of()))));

        assertThat(locations.of(broadcast, 0)).isEmpty();
    }

    @Test
    void aMissingFileIsNowhere() {
        ScanNode scan = scan(List.of(List.of(new ScanSplit(directory.resolve("gone.csv").toUri().toString(), List.of())),
                List.of()));

        assertThat(locations.of(scan, 0)).isEmpty();
    }
}
