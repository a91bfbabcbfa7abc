package io.arbalest.executor.shuffle;

import io.arbalest.executor.operator.Operator;
import io.arbalest.executor.task.ShuffleInputs;
import io.arbalest.planner.physical.ShuffleReadNode;
import io.arbalest.proto.scheduler.MapOutput;
import io.arbalest.proto.scheduler.ShuffleTicket;
import io.arbalest.proto.scheduler.StageInput;
import io.arbalest.shuffle.FlightClients;
import io.arbalest.shuffle.ShuffleFiles;
import io.arbalest.shuffle.ShuffleReader;
import io.arbalest.shuffle.ShuffleSource;
import org.apache.arrow.memory.BufferAllocator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The shuffle reads of one task: every map output of each input stage, fetched over Flight or read locally. */
public final class StageInputs implements ShuffleInputs {
    private final String jobId;
    private final Map<Integer, StageInput> inputs;
    private final FlightClients clients;
    private final Optional<String> localHost;
    private final long maxBytesInFlight;
    private final int parallelism;

    /**
     * @param localHost this machine's host as executors advertise it, when map outputs written
     *     on it may be read from disk; empty to fetch everything over Flight
     */
    public StageInputs(String jobId, List<StageInput> inputs, FlightClients clients, Optional<String> localHost,
            long maxBytesInFlight, int parallelism) {
        this.jobId = jobId;
        this.inputs = inputs.stream().collect(Collectors.toMap(StageInput::getStage, Function.identity()));
        this.clients = clients;
        this.localHost = localHost;
        this.maxBytesInFlight = maxBytesInFlight;
        this.parallelism = parallelism;
    }

    @Override
    public Operator open(ShuffleReadNode node, int outputPartition, BufferAllocator allocator) {
        StageInput input = inputs.get(node.stage());
        if (input == null) {
            throw new IllegalStateException("the task has no locations for stage " + node.stage());
        }
        return new ShuffleReadOperator(node.schema(), new ShuffleReader(sources(jobId, input, outputPartition,
                localHost), allocator, clients, maxBytesInFlight, parallelism));
    }

    /**
     * Where output partition {@code outputPartition} of the map outputs in {@code input} is: a
     * local file when the map output was written on {@code localHost}, else its executor's Flight address.
     */
    public static List<ShuffleSource> sources(String jobId, StageInput input, int outputPartition,
            Optional<String> localHost) {
        List<ShuffleSource> sources = new ArrayList<>();
        for (MapOutput output : input.getOutputsList()) {
            ShuffleTicket ticket = ShuffleTicket.newBuilder().setJobId(jobId).setStage(input.getStage())
                    .setMapPartition(output.getMapPartition()).setOutputPartition(outputPartition).build();
            boolean local = localHost.isPresent() && localHost.get().equals(output.getExecutor().getHost())
                    && !output.getDirectory().isEmpty();
            sources.add(new ShuffleSource(output.getExecutor().getHost(), output.getExecutor().getPort(),
                    local ? Optional.of(ShuffleFiles.partitionFile(Path.of(output.getDirectory()), outputPartition))
                            : Optional.empty(),
                    ticket));
        }
        return sources;
    }
}
