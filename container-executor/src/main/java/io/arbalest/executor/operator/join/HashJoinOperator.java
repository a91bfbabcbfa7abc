package io.arbalest.executor.operator.join;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Keys;
import io.arbalest.executor.batch.VectorGather;
import io.arbalest.executor.expr.Kernel;
import io.arbalest.executor.operator.Operator;
import io.arbalest.executor.operator.OperatorContext;
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
    /** When the shared build spilled: the parts to join, and the one joined now. */
    private SpilledJoinParts parts;
    private SpilledJoinParts.Part currentPart;
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
                Optional<Batch> batch = unmatched.next();
                if (batch.isPresent()) {
                    ready.add(batch.get());
                } else {
                    unmatched.close();
                    unmatched = null;
                    endPair();
                    nextPart();
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
                nextPart();
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
        parts = new SpilledJoinParts(shared, type, probe.schema(), probeKeys, context);
        try {
            parts.partition(table, false, probe);
        } finally {
            closeProbe(); // the probe input is drained: what it holds below this join can go now
        }
        nextPart();
    }

    private void startPair(JoinBuild table, boolean tableIsPart, Operator probeRows, boolean probeRowsArePart) {
        build = table;
        buildIsPart = tableIsPart;
        probeInput = probeRows;
        probeInputIsPart = probeRowsArePart;
        probeDone = false;
    }

    /** Starts joining the next spilled part that can give rows; when none is left, this operator is finished. */
    private void nextPart() {
        Optional<SpilledJoinParts.Next> next = parts == null ? Optional.empty() : parts.next();
        if (next.isEmpty()) {
            finished = true;
            releaseShared();
            return;
        }
        currentPart = next.get().part();
        if (next.get() instanceof SpilledJoinParts.Pair pair) {
            startPair(pair.build(), true, pair.probe(), true);
        } else {
            unmatched = new UnmatchedRows(currentPart, type, probe.schema(), shared.schema(), schema, allocator);
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
                    ready.add(type.probeOuter() ? OuterRows.withNullColumns(current, selected, count, true, schema, allocator)
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
        return type.buildOuter() ? OuterRows.withNullColumns(rows, selected, count, false, schema, allocator)
                : VectorGather.gather(rows, selected, count, allocator);
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
            if (parts != null) {
                parts.close();
            }
            releaseShared();
        } finally {
            closeProbe();
        }
    }
}
