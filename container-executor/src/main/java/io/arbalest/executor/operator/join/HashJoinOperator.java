package io.arbalest.executor.operator.join;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Keys;
import io.arbalest.executor.batch.VectorGather;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.executor.expr.Kernel;
import io.arbalest.executor.operator.Operator;
import io.arbalest.executor.operator.OperatorContext;
import io.arbalest.executor.operator.SpilledRows;
import io.arbalest.executor.spill.SpillFile;
import io.arbalest.executor.spill.SpillPartitions;
import io.arbalest.planner.physical.JoinType;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The probe side of a hash join (see HashJoinNode): streams probe batches, finds each row's
 * candidates in the shared {@link JoinBuild}, keeps the pairs whose residual is TRUE, and
 * emits them at most {@code batchRows} pairs at a time; then, per join type, the probe rows
 * without a match (PROBE_OUTER, FULL, ANTI) or with one (SEMI), and at the end the build rows
 * without a match (BUILD_OUTER, FULL, BUILD_ANTI) or with one (BUILD_SEMI).
 *
 * <p>When the build side {@link JoinBuild#spilled spilled}, this operator first writes all its
 * probe rows to spill files partitioned as the build's, and then joins part by part: each
 * part's build rows made a {@link JoinBuild#forPart table}, its probe rows streamed through it
 * as above (rows with equal keys share a part, so each part is a whole join of its own). A
 * part whose build still does not fit is partitioned again, probe rows too, and its parts
 * joined in its place.
 */
public final class HashJoinOperator implements Operator {
    private final Operator probe;
    private final JoinBuild shared;
    private final JoinType type;
    private final List<Integer> probeKeys;
    private final Optional<Kernel> residual;
    private final RowSchema schema;
    private final OperatorContext context;
    private final BufferAllocator allocator;
    private final int batchRows;
    private final Deque<Batch> ready = new ArrayDeque<>();
    /** The table joined with now: the shared build, or a spilled part's. */
    private JoinBuild build;
    private boolean buildIsPart;
    /** The probe rows joined now: the join's probe input, or a spilled part's rows. */
    private Operator probeInput;
    private boolean probeInputIsPart;
    private boolean probeClosed;
    private boolean started;
    private boolean released;
    /** Spilled parts not joined yet, the next first; and the one joined now. */
    private final Deque<Part> parts = new ArrayDeque<>();
    private Part currentPart;
    /** While the current part is the NULL keys': what of it is still to emit. */
    private UnmatchedRows unmatched;

    private Batch current;
    private FieldVector[] currentKeys;
    private long[] hashes = new long[0];
    /** With a single integer key: each probe row's key value. */
    private long[] probeLongKeys = new long[0];
    /** Per probe row: its candidates in the build ({@link JoinBuild#find}), looked up for the whole batch. */
    private long[] foundRows = new long[0];
    /** What {@link JoinBuild#findAll} read ahead, kept so that the JIT cannot drop those reads. */
    private long touched;
    private boolean[] probeMatched = new boolean[0];
    private int row;
    /** The current probe row's candidates ({@link JoinBuild#find}), their count, the next; -1: not looked up. */
    private long found;
    private int candidates;
    private int candidate;
    private boolean probeDone;
    private boolean finished;
    private int[] probeIndexes;
    private int[] buildIndexes;

    /**
     * One spilled part: its build rows ({@code ownsBuild}: this operator's to remove, else the
     * shared build's), its probe rows (this operator's), and how many times they were partitioned.
     * The part of {@code nullKeys} holds the rows whose key is NULL: they match nothing.
     */
    private record Part(SpillFile build, boolean ownsBuild, SpillFile probe, int round, boolean nullKeys)
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

    public HashJoinOperator(Operator probe, JoinBuild shared, JoinType type, List<Integer> probeKeys,
            Optional<Kernel> residual, RowSchema schema, OperatorContext context) {
        this.probe = probe;
        this.shared = shared;
        this.type = type;
        this.probeKeys = List.copyOf(probeKeys);
        this.residual = residual;
        this.schema = schema;
        this.context = context;
        this.allocator = context.allocator();
        this.batchRows = context.batchRows();
        this.probeIndexes = new int[this.batchRows];
        this.buildIndexes = new int[this.batchRows];
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public Optional<Batch> next() {
        if (!started) {
            started = true;
            start();
        }
        while (ready.isEmpty() && !finished) {
            if (unmatched != null) {
                if (!unmatched.next()) {
                    unmatched.close();
                    unmatched = null;
                    endPair();
                    if (!nextPart()) {
                        finished = true;
                        releaseShared();
                    }
                }
            } else if (current == null && !probeDone) {
                startProbeBatch();
            } else if (current != null) {
                joinSome();
            } else {
                if (type.marksBuildRows()) {
                    emitBuildRows();
                }
                endPair();
                if (!nextPart()) {
                    finished = true;
                    releaseShared();
                }
            }
        }
        return Optional.ofNullable(ready.poll());
    }

    /** Joins the probe input with the shared build, or, when that spilled, queues the parts to join. */
    private void start() {
        JoinBuild table = shared.get();
        if (!table.spilled()) {
            startPair(table, false, probe, false);
            return;
        }
        partition(table, false, probe);
        if (!nextPart()) {
            finished = true;
            releaseShared();
        }
    }

    private void startPair(JoinBuild table, boolean tableIsPart, Operator probeRows, boolean probeRowsArePart) {
        build = table;
        buildIsPart = tableIsPart;
        probeInput = probeRows;
        probeInputIsPart = probeRowsArePart;
        probeDone = false;
    }

    /**
     * Writes all of {@code probeRows} to spill files partitioned as {@code spilledBuild}'s rows
     * and queues the parts (before those queued already: a part split again is joined in its place).
     */
    private void partition(JoinBuild spilledBuild, boolean buildIsPart, Operator probeRows) {
        SpillPartitions buildParts = buildIsPart ? spilledBuild.takeSpilledParts() : spilledBuild.spilledParts();
        try (SpillPartitions probeParts = SpillPartitions.forJoin(context.spill().orElseThrow(), probe.schema(),
                probeKeys, spilledBuild.nullSafe(), buildParts.round(), allocator)) {
            for (Optional<Batch> next = probeRows.next(); next.isPresent(); next = probeRows.next()) {
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
            } else {
                closeProbe(); // the probe input is drained: what it holds below this join can go now
            }
        }
    }

    /** Starts joining the next spilled part that can give rows; false when none is left. */
    private boolean nextPart() {
        while (!parts.isEmpty()) {
            Part part = parts.pop();
            if (!part.joins(type)) {
                part.close();
                continue;
            }
            if (part.nullKeys()) {
                currentPart = part;
                unmatched = new UnmatchedRows(part);
                return true;
            }
            JoinBuild partBuild = shared.forPart(part.build(), part.round(), context);
            Operator partProbe = null;
            try {
                partBuild.get();
                partProbe = new SpilledRows(part.probe(), probe.schema(), allocator);
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
            currentPart = part;
            startPair(partBuild, true, partProbe, true);
            return true;
        }
        return false;
    }

    /** True when {@code type} keeps probe rows without a match (with NULL build columns, or alone). */
    private static boolean keepsUnmatchedProbeRows(JoinType type) {
        return type.probeOuter() || type == JoinType.ANTI;
    }

    /** True when {@code type} keeps build rows without a match (with NULL probe columns, or alone). */
    private static boolean keepsUnmatchedBuildRows(JoinType type) {
        return type.buildOuter() || type == JoinType.BUILD_ANTI;
    }

    /** The rows of a spilled part of NULL keys that the join type keeps, unmatched: probe rows, then build rows. */
    private final class UnmatchedRows implements AutoCloseable {
        private SpilledRows probeRows;
        private SpilledRows buildRows;

        UnmatchedRows(Part part) {
            if (keepsUnmatchedProbeRows(type)) {
                probeRows = new SpilledRows(part.probe(), probe.schema(), allocator);
            }
            if (keepsUnmatchedBuildRows(type)) {
                buildRows = new SpilledRows(part.build(), shared.schema(), allocator);
            }
        }

        /** Adds the next batch to {@code ready}; false when there is none. */
        boolean next() {
            boolean fromProbe = probeRows != null;
            SpilledRows source = fromProbe ? probeRows : buildRows;
            if (source == null) {
                return false;
            }
            Optional<Batch> next = source.next();
            if (next.isEmpty()) {
                source.close();
                if (fromProbe) {
                    probeRows = null;
                } else {
                    buildRows = null;
                }
                return next();
            }
            Batch batch = next.get();
            if (!(fromProbe ? type.probeOuter() : type.buildOuter())) {
                ready.add(batch); // ANTI, BUILD_ANTI: the rows as they are
                return true;
            }
            try (batch) {
                int[] all = new int[batch.rowCount()];
                for (int i = 0; i < all.length; i++) {
                    all[i] = i;
                }
                ready.add(withNullColumns(batch, all, all.length, fromProbe));
            }
            return true;
        }

        @Override
        public void close() {
            if (probeRows != null) {
                probeRows.close();
            }
            if (buildRows != null) {
                buildRows.close();
            }
        }
    }

    /** Frees what the pair joined just now held, if it was a spilled part. */
    private void endPair() {
        if (buildIsPart && build != null) {
            build.close();
        }
        if (probeInputIsPart && probeInput != null) {
            probeInput.close();
        }
        build = null;
        probeInput = null;
        buildIsPart = false;
        probeInputIsPart = false;
        if (currentPart != null) {
            currentPart.close();
            currentPart = null;
        }
    }

    /** This operator is done with the shared build: the last of its users frees it. */
    private void releaseShared() {
        if (!released) {
            released = true;
            shared.release();
        }
    }

    private void closeProbe() {
        if (!probeClosed) {
            probeClosed = true;
            probe.close();
        }
    }

    private void startProbeBatch() {
        Optional<Batch> next = probeInput.next();
        if (next.isEmpty()) {
            probeDone = true;
            return;
        }
        current = next.get();
        int rows = current.rowCount();
        currentKeys = new FieldVector[probeKeys.size()];
        for (int k = 0; k < currentKeys.length; k++) {
            currentKeys[k] = current.vector(probeKeys.get(k));
        }
        if (hashes.length < rows) {
            hashes = new long[rows];
            probeMatched = new boolean[rows];
            foundRows = new long[rows];
        }
        Arrays.fill(probeMatched, 0, rows, false);
        Keys.hash(currentKeys, build.keyStorages(), rows, hashes);
        long[] keys = hashes;
        if (build.singleLongKey()) {
            if (probeLongKeys.length < rows) {
                probeLongKeys = new long[rows];
            }
            Keys.longValues(currentKeys[0], build.keyStorages()[0], rows, probeLongKeys);
            keys = probeLongKeys;
        }
        touched += build.findAll(hashes, keys, rows, foundRows);
        boolean probeKeysMayBeNull = false;
        for (FieldVector key : currentKeys) {
            probeKeysMayBeNull |= key.getNullCount() > 0;
        }
        if (probeKeysMayBeNull) {
            for (int i = 0; i < rows; i++) {
                if (build.rejectsNull(currentKeys, i)) {
                    foundRows[i] = 0;
                }
            }
        }
        row = 0;
        candidate = -1; // not looked up
    }

    /** Collects up to batchRows candidate pairs from the current probe batch and joins them. */
    private void joinSome() {
        int rows = current.rowCount();
        boolean firstMatchOnly = (type == JoinType.SEMI || type == JoinType.ANTI) && residual.isEmpty();
        // BUILD_SEMI, BUILD_ANTI: a build row is done once marked; without a residual, marking is all.
        boolean[] marks = type == JoinType.BUILD_SEMI || type == JoinType.BUILD_ANTI ? build.matched() : null;
        boolean markOnly = marks != null && residual.isEmpty();
        boolean longKey = build.singleLongKey();
        int pairs = 0;
        while (row < rows && pairs < batchRows) {
            if (candidate < 0) {
                found = foundRows[row];
                candidates = (int) found;
                candidate = 0;
            }
            while (candidate < candidates && pairs < batchRows) {
                int buildRow = build.candidate(found, candidate++);
                if (marks != null && marks[buildRow]) {
                    continue;
                }
                if (longKey || build.keysEqual(currentKeys, row, buildRow)) {
                    if (markOnly) {
                        marks[buildRow] = true;
                        continue;
                    }
                    if (firstMatchOnly) {
                        probeMatched[row] = true;
                        candidate = candidates;
                        break;
                    }
                    probeIndexes[pairs] = row;
                    buildIndexes[pairs] = buildRow;
                    pairs++;
                }
            }
            if (candidate >= candidates) {
                row++;
                candidate = -1;
            }
        }
        if (pairs > 0) {
            joinPairs(pairs);
        }
        if (row >= rows) {
            finishProbeBatch();
        }
    }

    /** Keeps the pairs whose residual holds; emits them for joins that output build columns. */
    private void joinPairs(int pairs) {
        Batch joined = pairBatch(pairs);
        try {
            int[] kept = null;
            int keptCount = pairs;
            if (residual.isPresent()) {
                FieldVector test = residual.get().evaluate(joined);
                try {
                    BitVector bits = (BitVector) test;
                    kept = new int[pairs];
                    keptCount = 0;
                    for (int i = 0; i < pairs; i++) {
                        if (!bits.isNull(i) && bits.get(i) == 1) {
                            kept[keptCount++] = i;
                        }
                    }
                } finally {
                    residual.get().release(test);
                }
            }
            boolean[] buildMatched = type.marksBuildRows() ? build.matched() : null;
            for (int k = 0; k < keptCount; k++) {
                int pair = kept == null ? k : kept[k];
                probeMatched[probeIndexes[pair]] = true;
                if (buildMatched != null) {
                    buildMatched[buildIndexes[pair]] = true;
                }
            }
            if (!type.emitsPairs() || keptCount == 0) {
                return;
            }
            if (keptCount == pairs) {
                ready.add(joined);
                joined = null;
            } else {
                ready.add(VectorGather.gather(joined, kept, keptCount, allocator));
            }
        } finally {
            if (joined != null) {
                joined.close();
            }
        }
    }

    /** Probe columns of the pairs followed by build columns (for every join type: the residual reads both). */
    private Batch pairBatch(int pairs) {
        List<FieldVector> vectors = new ArrayList<>();
        try {
            int[] probeRows = Arrays.copyOf(probeIndexes, pairs);
            int[] buildRows = Arrays.copyOf(buildIndexes, pairs);
            for (int c = 0; c < current.columnCount(); c++) {
                vectors.add(VectorGather.gather(current.vector(c), probeRows, pairs, allocator));
            }
            Batch buildBatch = build.rows();
            for (int c = 0; c < buildBatch.columnCount(); c++) {
                vectors.add(VectorGather.gather(buildBatch.vector(c), buildRows, pairs, allocator));
            }
            return new Batch(vectors, pairs);
        } catch (RuntimeException | Error e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
    }

    private void finishProbeBatch() {
        try {
            int rows = current.rowCount();
            boolean wantMatched = type == JoinType.SEMI;
            if (type.probeOuter() || type == JoinType.SEMI || type == JoinType.ANTI) {
                int[] selected = new int[rows];
                int count = 0;
                for (int i = 0; i < rows; i++) {
                    if (probeMatched[i] == wantMatched) {
                        selected[count++] = i;
                    }
                }
                if (count > 0) {
                    ready.add(type.probeOuter() ? withNullColumns(current, selected, count, true)
                            : VectorGather.gather(current, selected, count, allocator));
                }
            }
        } finally {
            current.close();
            current = null;
        }
    }

    /**
     * After the last probe row: the unmatched build rows with NULL probe columns (BUILD_OUTER, FULL),
     * or the build rows alone, matched (BUILD_SEMI) or not (BUILD_ANTI).
     */
    private void emitBuildRows() {
        Batch rows = build.rows();
        boolean[] matched = build.matched();
        boolean wantMatched = type == JoinType.BUILD_SEMI;
        int[] selected = new int[batchRows];
        int count = 0;
        for (int i = 0; i < rows.rowCount(); i++) {
            if (matched[i] == wantMatched) {
                selected[count++] = i;
                if (count == batchRows) {
                    ready.add(buildRows(rows, selected, count));
                    count = 0;
                }
            }
        }
        if (count > 0) {
            ready.add(buildRows(rows, selected, count));
        }
    }

    private Batch buildRows(Batch rows, int[] selected, int count) {
        return type.buildOuter() ? withNullColumns(rows, selected, count, false)
                : VectorGather.gather(rows, selected, count, allocator);
    }

    /** Rows of {@code source} with NULL columns for the other side (after them if {@code sourceIsProbe}). */
    private Batch withNullColumns(Batch source, int[] selected, int count, boolean sourceIsProbe) {
        List<FieldVector> vectors = new ArrayList<>();
        try {
            int probeWidth = sourceIsProbe ? source.columnCount() : schema.size() - source.columnCount();
            if (!sourceIsProbe) {
                addNulls(vectors, 0, probeWidth, count);
            }
            for (int c = 0; c < source.columnCount(); c++) {
                vectors.add(VectorGather.gather(source.vector(c), selected, count, allocator));
            }
            if (sourceIsProbe) {
                addNulls(vectors, probeWidth, schema.size(), count);
            }
            return new Batch(vectors, count);
        } catch (RuntimeException | Error e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
    }

    private void addNulls(List<FieldVector> vectors, int from, int to, int count) {
        for (int c = from; c < to; c++) {
            FieldVector vector = Vectors.allocate(schema.column(c).name(), schema.type(c), count, allocator);
            vectors.add(vector); // freshly allocated validity is all zero: every value NULL
        }
    }

    @Override
    public void close() {
        ready.forEach(Batch::close);
        ready.clear();
        if (current != null) {
            current.close();
            current = null;
        }
        try {
            if (unmatched != null) {
                unmatched.close();
                unmatched = null;
            }
            endPair();
            parts.forEach(Part::close);
            parts.clear();
            releaseShared();
        } finally {
            closeProbe();
        }
    }
}
