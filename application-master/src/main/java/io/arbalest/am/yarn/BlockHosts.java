package io.arbalest.am.yarn;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hosts that hold the most bytes of a warehouse's files, from the file system's block
 * locations (one listing, no file opened): where executors read locally.
 */
final class BlockHosts {
    private BlockHosts() {
    }

    /** Up to {@code limit} hosts, most bytes first; empty when the file system has no locality (local files). */
    static List<String> of(String warehouse, Configuration conf, int limit) throws IOException {
        Path root = new Path(warehouse);
        FileSystem fs = root.getFileSystem(conf);
        Map<String, Long> bytesByHost = new HashMap<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
        while (files.hasNext()) {
            for (BlockLocation block : files.next().getBlockLocations()) {
                for (String host : block.getHosts()) {
                    bytesByHost.merge(host, block.getLength(), Long::sum);
                }
            }
        }
        if (bytesByHost.size() == 1 && bytesByHost.containsKey("localhost")) {
            return List.of(); // a local file system says "localhost" for everything
        }
        return bytesByHost.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(limit).map(Map.Entry::getKey).toList();
    }
}
