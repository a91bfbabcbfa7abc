package io.arbalest.executor.process;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.executor.operator.Operator;
import io.arbalest.executor.shuffle.HashPartitioner;
import io.arbalest.executor.shuffle.StageInputs;
import io.arbalest.executor.spill.SpillReport;
import io.arbalest.executor.spill.SpillSpace;
import io.arbalest.executor.task.PlanRunner;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.physical.PhysicalNode;
import io.arbalest.planner.physical.PlanPrinter;
import io.arbalest.planner.serde.PlanSerde;
import io.arbalest.proto.plan.Partitioning;
import io.arbalest.proto.scheduler.ExecutorAddress;
import io.arbalest.proto.scheduler.MapOutput;
import io.arbalest.proto.scheduler.OperatorMeasurement;
import io.arbalest.proto.scheduler.TaskDefinition;
import io.arbalest.proto.scheduler.TaskId;
import io.arbalest.shuffle.FlightClients;
import io.arbalest.shuffle.PartitionSizes;
import io.arbalest.shuffle.ShuffleCompression;
import io.arbalest.shuffle.ShuffleFiles;
import io.arbalest.shuffle.ShuffleWriter;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.hadoop.conf.Configuration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs one task in an executor: rebuilds the stage's plan from protobuf, pulls the batches of
 * the task's partition through it and writes them to the shuffle; returns where the output is.
 */
final class TaskExecution {
    private final ExecutorAddress address;
    private final ShuffleFiles files;
    private final FlightClients clients;
    private final Configuration hadoopConf;

    TaskExecution(ExecutorAddress address, ShuffleFiles files, FlightClients clients, Configuration hadoopConf) {
        this.address = address;
        this.files = files;
        this.clients = clients;
        this.hadoopConf = hadoopConf;
    }

    MapOutput run(TaskDefinition task, BufferAllocator allocator) {
        TaskId id = task.getId();
        ArbalestConfig config = ArbalestConfig.of(task.getSettingsMap());
        PhysicalNode plan = PlanSerde.fromProto(task.getPlan());
        Partitioning output = task.getOutput();
        StageInputs inputs = new StageInputs(id.getJobId(), task.getInputsList(), clients,
                config.getBoolean(ArbalestConfig.SHUFFLE_LOCAL_READ) ? Optional.of(address.getHost()) : Optional.empty(),
                config.getLong(ArbalestConfig.SHUFFLE_FETCH_BYTES),
                config.getInt(ArbalestConfig.SHUFFLE_FETCH_PARALLELISM));
        Optional<SpillSpace> spill = SpillSpace.of(config); // this task's own: it counts what the task spills
        PlanRunner runner = new PlanRunner(1, config.getInt(ArbalestConfig.BATCH_ROWS), hadoopConf, inputs, spill);
        if (task.getMeasure()) {
            runner.measured();
        }
        Path directory = files.mapDirectory(id.getJobId(), id.getStage(), id.getPartition());
        ShuffleCompression compression = ShuffleCompression.parse(config.get(ArbalestConfig.SHUFFLE_COMPRESSION));
        try (Operator operator = runner.run(plan, id.getPartition(), allocator);
                ShuffleWriter writer = new ShuffleWriter(directory, Vectors.arrowSchema(plan.schema(), allocator),
                        output.getCount(), compression)) {
            HashPartitioner partitioner = output.getCount() == 1 ? null
                    : new HashPartitioner(plan.schema(), output.getHashKeysList(), output.getCount());
            while (true) {
                Optional<Batch> next = operator.next();
                if (next.isEmpty()) {
                    break;
                }
                try (Batch batch = next.get()) {
                    if (partitioner == null) {
                        write(writer, 0, batch);
                    } else {
                        partitioner.split(batch, allocator, (part, p) -> {
                            try (part) {
                                write(writer, p, part);
                            }
                        });
                    }
                }
            }
            PartitionSizes sizes = writer.finish();
            SpillReport spilled = spill.map(SpillSpace::report).orElse(SpillReport.NONE);
            MapOutput.Builder result = MapOutput.newBuilder().setExecutor(address).setMapPartition(id.getPartition())
                    .setSpilledFiles(spilled.files()).setSpilledBytes(spilled.bytes())
                    .addAllRows(Arrays.stream(sizes.rows()).boxed().toList())
                    .addAllBytes(Arrays.stream(sizes.bytes()).boxed().toList())
                    .setDirectory(directory.toAbsolutePath().toString());
            if (task.getMeasure()) {
                result.addAllOperators(measurements(plan, runner));
            }
            return result.build();
        }
    }

    /** What each node of {@code plan} did in this (measured) task, numbered as {@link PlanPrinter#nodes} lists them. */
    private static List<OperatorMeasurement> measurements(PhysicalNode plan, PlanRunner runner) {
        List<OperatorMeasurement> measurements = new ArrayList<>();
        List<PhysicalNode> nodes = PlanPrinter.nodes(plan);
        for (int n = 0; n < nodes.size(); n++) {
            int node = n;
            runner.statistics(nodes.get(n)).ifPresent(statistics -> measurements.add(OperatorMeasurement.newBuilder()
                    .setNode(node).setRows(statistics.rows()).setBatches(statistics.batches())
                    .setNanos(statistics.nanos()).setPeakBytes(statistics.peakBytes())
                    .setSpilledFiles(statistics.spilled().files()).setSpilledBytes(statistics.spilled().bytes())
                    .build()));
        }
        return measurements;
    }

    private static void write(ShuffleWriter writer, int partition, Batch batch) {
        writer.write(partition, new VectorSchemaRoot(batch.vectors().stream().map(FieldVector::getField).toList(),
                batch.vectors(), batch.rowCount()));
    }
}
