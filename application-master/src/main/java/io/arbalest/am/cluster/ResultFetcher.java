package io.arbalest.am.cluster;

import io.arbalest.am.driver.ResultStream;
import io.arbalest.executor.batch.Batch;
import io.arbalest.planner.serde.PlanSerde;
import io.arbalest.planner.types.RowSchema;
import io.arbalest.executor.shuffle.StageInputs;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.proto.scheduler.StageInput;
import io.arbalest.proto.scheduler.SubmitJobResponse;
import io.arbalest.shuffle.FetchedBatch;
import io.arbalest.shuffle.FlightClients;
import io.arbalest.shuffle.ShuffleFetchException;
import io.arbalest.shuffle.ShuffleReader;
import org.apache.arrow.memory.BufferAllocator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a finished job's result over Flight from the executors that hold it, as any client does. */
final class ResultFetcher {
    private ResultFetcher() {
    }

    /**
     * The result's batches in order as they are read, one map output at a time; closing the
     * stream closes the reader and {@code allocator}, then runs {@code release} (the job's files go).
     */
    static ResultStream stream(SubmitJobResponse job, FlightClients clients, BufferAllocator allocator,
            long maxBytesInFlight, Runnable release) {
        RowSchema schema = PlanSerde.fromProto(job.getSchema());
        StageInput result = StageInput.newBuilder().setStage(job.getFinalStage()).addAllOutputs(job.getResultsList())
                .build();
        ShuffleReader reader;
        try {
            reader = new ShuffleReader(StageInputs.sources(job.getJobId(), result, 0, Optional.empty()), allocator,
                    clients, maxBytesInFlight, 1);
        } catch (RuntimeException | Error e) {
            allocator.close();
            release.run();
            throw e;
        }
        return ResultStream.of(schema, allocator, () -> {
            try {
                return reader.next().map(b -> new Batch(b.vectors(), b.rowCount()));
            } catch (ShuffleFetchException e) {
                throw new QueryExecutionException(e.getMessage(), e);
            }
        }, () -> {
            try {
                reader.close();
                allocator.close();
            } finally {
                release.run();
            }
        });
    }

    /** The result's batches in order, in {@code allocator}; on failure nothing stays allocated. */
    static List<Batch> fetch(SubmitJobResponse job, FlightClients clients, BufferAllocator allocator,
            long maxBytesInFlight) {
        StageInput result = StageInput.newBuilder().setStage(job.getFinalStage()).addAllOutputs(job.getResultsList())
                .build();
        List<Batch> batches = new ArrayList<>();
        try {
            // One map output at a time, in order, so that an ORDER BY stays ordered.
            try (ShuffleReader reader = new ShuffleReader(StageInputs.sources(job.getJobId(), result, 0,
                    Optional.empty()), allocator, clients, maxBytesInFlight, 1)) {
                Optional<FetchedBatch> next;
                while ((next = reader.next()).isPresent()) {
                    batches.add(new Batch(next.get().vectors(), next.get().rowCount()));
                }
            }
            return batches;
        } catch (ShuffleFetchException e) {
            batches.forEach(Batch::close);
            throw new QueryExecutionException(e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            batches.forEach(Batch::close);
            throw e;
        }
    }
}
