package io.arbalest.shuffle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import static java.util.Objects.requireNonNull;

/**
 * Where an executor keeps shuffle output: {@code ROOT/JOB/stage-S/map-M/part-P.arrow}, one
 * Arrow IPC stream per output partition of each map task.
 */
public final class ShuffleFiles {
    private final Path root;

    public ShuffleFiles(Path root) {
        this.root = requireNonNull(root, "root is null");
    }

    public Path mapDirectory(String jobId, int stage, int mapPartition) {
        return jobDirectory(jobId).resolve("stage-" + stage).resolve("map-" + mapPartition);
    }

    public Path file(String jobId, int stage, int mapPartition, int outputPartition) {
        return partitionFile(mapDirectory(jobId, stage, mapPartition), outputPartition);
    }

    public static Path partitionFile(Path mapDirectory, int outputPartition) {
        return mapDirectory.resolve("part-" + outputPartition + ".arrow");
    }

    /** Deletes everything a job left; a job without files is fine. */
    public void removeJob(String jobId) {
        deleteRecursively(jobDirectory(jobId));
    }

    /** Deletes every job's files and the directory itself (an executor that stops). */
    public void removeAll() {
        deleteRecursively(root);
    }

    /** True when no job has files here. */
    public boolean isEmpty() {
        try (var entries = Files.list(root)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path jobDirectory(String jobId) {
        if (jobId.isEmpty() || jobId.contains("/") || jobId.contains("..")) {
            throw new IllegalArgumentException("not a job id: " + jobId);
        }
        return root.resolve(jobId);
    }

    /** Deletes a file or a directory with everything under it; a missing path is fine. */
    public static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove shuffle files under " + path, e);
        }
    }
}
