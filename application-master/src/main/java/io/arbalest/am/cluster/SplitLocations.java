package io.arbalest.am.cluster;

import io.arbalest.planner.physical.PhysicalNode;
import io.arbalest.planner.physical.ScanNode;
import io.arbalest.planner.physical.ScanSplit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a scan task's data lives: the hosts holding most of its files' blocks (from the file
 * system's block locations, one lookup per file, cached), as addresses, so that the scheduler
 * can give the task to an executor on one of them. Host names differ between HDFS (DataNode
 * names) and YARN (NodeManager names) even on one machine; addresses do not.
 */
final class SplitLocations {
    private static final Logger LOG = LoggerFactory.getLogger(SplitLocations.class);

    private final Configuration conf;
    private final Map<String, Set<String>> hostsByFile = new ConcurrentHashMap<>();
    private final Map<String, String> addresses = new ConcurrentHashMap<>();

    SplitLocations(Configuration conf) {
        this.conf = conf;
    }

    /**
     * The addresses of the hosts that hold the data of task {@code partition} of a stage with
     * {@code plan}: those of the partitioned scans it reads (a scan of one partition that every
     * task reads, a broadcast side, says nothing about where the task should run). Empty when
     * nothing is known.
     */
    Set<String> of(PhysicalNode plan, int partition) {
        Set<String> hosts = new HashSet<>();
        collect(plan, partition, hosts);
        return hosts;
    }

    private void collect(PhysicalNode node, int partition, Set<String> hosts) {
        if (node instanceof ScanNode scan && scan.partitions().size() > 1 && partition < scan.partitions().size()) {
            for (ScanSplit split : scan.partitions().get(partition)) {
                hosts.addAll(hostsOf(split.path()));
            }
        }
        for (PhysicalNode child : node.children()) {
            collect(child, partition, hosts);
        }
    }

    private Set<String> hostsOf(String file) {
        return hostsByFile.computeIfAbsent(file, this::lookUp);
    }

    /** The hosts holding the most bytes of a file's blocks, as addresses. */
    private Set<String> lookUp(String file) {
        try {
            Path path = new Path(file);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus status = fs.getFileStatus(path);
            Map<String, Long> bytesByHost = new HashMap<>();
            for (BlockLocation block : fs.getFileBlockLocations(status, 0, status.getLen())) {
                for (String host : block.getHosts()) {
                    bytesByHost.merge(addresses.computeIfAbsent(host, SplitLocations::address), block.getLength(),
                            Long::sum);
                }
            }
            long most = bytesByHost.values().stream().mapToLong(Long::longValue).max().orElse(0);
            Set<String> hosts = new HashSet<>();
            bytesByHost.forEach((host, bytes) -> {
                if (bytes == most) {
                    hosts.add(host);
                }
            });
            return hosts;
        } catch (IOException | RuntimeException e) {
            LOG.debug("No block locations for {}: {}", file, e.toString());
            return Set.of();
        }
    }

    /** A host name as its address; the name itself when it does not resolve. */
    static String address(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            return host;
        }
    }
}
