package io.arbalest.bench;

import io.arbalest.am.driver.LocalDriver;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.distributed.DistributedPlanner;
import io.arbalest.planner.physical.PhysicalNode;
import io.arbalest.planner.serde.PlanSerde;
import io.arbalest.proto.plan.PlanNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans as they travel and as they are cut: every physical plan of the TPC-H queries and of the
 * SQL suite survives protobuf serialization unchanged, and the stages of the 22 TPC-H queries
 * equal the golden files in src/test/resources/stages (regenerate them after an intended change
 * with {@code mvn test -pl bench -Dtest=StagePlansTest -Darbalest.golden.update=true}).
 */
class StagePlansTest {
    private static final Path GOLDEN = Path.of("src/test/resources/stages");
    /**
     * Smaller than the default, so that at SF 0.01 the bigger joins (orders, lineitem, partsupp
     * builds) show as partitioned and the small ones as broadcast.
     */
    private static final long BROADCAST_BYTES = 100_000;
    private static LocalDriver driver;

    @BeforeAll
    static void setUp() throws Exception {
        driver = LocalDriver.open(ArbalestConfig.defaults().with(ArbalestConfig.MASTER, "local[2]"),
                Warehouses.get().toString());
    }

    @AfterAll
    static void tearDown() {
        driver.close();
    }

    @ParameterizedTest(name = "Q{0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
    void tpchPlansRoundTrip(int query) throws IOException {
        assertRoundTrip(driver.plan(TpchOracleTest.queryText(query)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.arbalest.bench.SqlSuiteTest#queries")
    void sqlSuitePlansRoundTrip(String name, String sql) throws IOException {
        assertRoundTrip(driver.plan(sql));
    }

    @ParameterizedTest(name = "Q{0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
    void tpchStagesMatchGoldenFiles(int query) throws IOException {
        PhysicalNode plan = driver.plan(TpchOracleTest.queryText(query));
        String stages = DistributedPlanner.cut(plan, 2, BROADCAST_BYTES).describe();
        Path file = GOLDEN.resolve("q" + query + ".txt");
        if (Boolean.getBoolean("arbalest.golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, stages, StandardCharsets.UTF_8);
        }
        String golden;
        try (InputStream in = StagePlansTest.class.getResourceAsStream("/stages/q" + query + ".txt")) {
            assertThat(in).as("golden stages of Q" + query + " (regenerate with -Darbalest.golden.update=true)")
                    .isNotNull();
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(stages).as("stages of Q" + query).isEqualTo(golden);
    }

    private static void assertRoundTrip(PhysicalNode plan) throws IOException {
        byte[] bytes = PlanSerde.toProto(plan).toByteArray();
        PhysicalNode back = PlanSerde.fromProto(PlanNode.parseFrom(bytes));
        assertThat(back).isEqualTo(plan);
    }
}
