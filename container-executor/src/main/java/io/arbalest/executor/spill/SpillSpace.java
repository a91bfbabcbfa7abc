package io.arbalest.executor.spill;

import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the operators of a query (local mode) or of a task (on an executor) write their spill
 * files, and what they have written there: the files and bytes are counted for the query's
 * report. Each file belongs to the operator that created it, which removes it when it ends,
 * fails or is cancelled. Thread-safe: a query's tasks spill at once.
 */
public final class SpillSpace {
    private final Path directory;
    private final Optional<SpillSpace> parent;
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    public SpillSpace(Path directory) {
        this(directory, Optional.empty());
    }

    private SpillSpace(Path directory, Optional<SpillSpace> parent) {
        this.directory = Objects.requireNonNull(directory, "directory is null");
        this.parent = parent;
    }

    /** A space in the same directory that counts what one operator spills; this one counts it too. */
    public SpillSpace child() {
        return new SpillSpace(directory, Optional.of(this));
    }

    /**
     * The spill space these settings ({@code arbalest.spill.*}) give; empty when spilling is off.
     * An empty {@code arbalest.spill.dir} is the first of a YARN container's LOCAL_DIRS (its
     * disks, which YARN cleans after the application), else java.io.tmpdir, plus arbalest-spill.
     */
    public static Optional<SpillSpace> of(ArbalestConfig config) {
        if (!config.getBoolean(ArbalestConfig.SPILL_ENABLED)) {
            return Optional.empty();
        }
        String configured = config.get(ArbalestConfig.SPILL_DIRECTORY).trim();
        if (!configured.isEmpty()) {
            return Optional.of(new SpillSpace(Path.of(configured)));
        }
        String localDirs = System.getenv("LOCAL_DIRS");
        String base = localDirs != null && !localDirs.isBlank() ? localDirs.split(",")[0]
                : System.getProperty("java.io.tmpdir");
        return Optional.of(new SpillSpace(Path.of(base, "arbalest-spill")));
    }

    public Path directory() {
        return directory;
    }

    /** A new spill file for rows of {@code schema}, whose batches are read back into {@code allocator}'s children. */
    public SpillFile create(RowSchema schema, BufferAllocator allocator) {
        return SpillFile.create(this, schema, allocator);
    }

    /** Counts a finished spill file of {@code fileBytes}. */
    void written(long fileBytes) {
        files.incrementAndGet();
        bytes.addAndGet(fileBytes);
        parent.ifPresent(space -> space.written(fileBytes));
    }

    /** What has been spilled here so far. */
    public SpillReport report() {
        return new SpillReport(files.get(), bytes.get());
    }

    /** Spill files finished so far. */
    public long files() {
        return files.get();
    }

    /** Bytes of the spill files finished so far (compressed, as on disk). */
    public long bytes() {
        return bytes.get();
    }
}
