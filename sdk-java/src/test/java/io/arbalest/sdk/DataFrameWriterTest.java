package io.arbalest.sdk;

import io.arbalest.planner.error.ArbalestException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.arbalest.sdk.Functions.col;
import static io.arbalest.sdk.Functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * df.write(): Parquet files that read back (here and in DuckDB), the save modes, partitioned
 * directories that reading discovers, and writes that fail leaving the target as it was.
 */
class DataFrameWriterTest {
    private static TestWarehouse warehouse;
    private static ArbalestSession session;
    private static Path out;

    @BeforeAll
    static void setUp() throws Exception {
        warehouse = TestWarehouse.create();
        session = ArbalestSession.builder().master("local[2]").warehouse(warehouse.directory.toString()).getOrCreate();
        out = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "writes");
    }

    @AfterAll
    static void tearDown() throws Exception {
        session.close();
        warehouse.close();
    }

    @AfterEach
    void noArrowMemoryLeft() {
        assertThat(session.allocatedBytes()).isZero();
    }

    private static DataFrame emp() {
        return session.table("emp");
    }

    @Test
    void writesParquetThatReadsBackHereAndInDuckDb() throws Exception {
        Path target = out.resolve("copy");
        emp().write().parquet(target.toString());
        assertThat(target.resolve("_SUCCESS")).exists();
        assertThat(dataFiles(target)).isNotEmpty().allMatch(f -> f.getFileName().toString().matches("part-\\d{5}-.*\\.snappy\\.parquet"));
        DataFrame back = session.read().parquet(target.toString());
        assertThat(back.schema()).isEqualTo(emp().schema());
        assertThat(TestWarehouse.sorted(TestWarehouse.normalize(back.collectAsList())))
                .isEqualTo(TestWarehouse.sorted(warehouse.duckdb("SELECT * FROM emp")));
        assertThat(TestWarehouse.sorted(warehouse.duckdb("SELECT * FROM read_parquet('" + target + "/*.parquet')")))
                .isEqualTo(TestWarehouse.sorted(warehouse.duckdb("SELECT * FROM emp")));
        assertThat(siblings(target)).as("no staging directory left").isEmpty();
    }

    @Test
    void wideDecimalsWriteAsFixedLengthBytes() throws Exception {
        Path target = out.resolve("sums");
        emp().groupBy("dept").agg(io.arbalest.sdk.Functions.sum("salary").alias("total"),
                io.arbalest.sdk.Functions.sum(col("salary").multiply(-3)).alias("negative")).write().parquet(target.toString());
        DataFrame back = session.read().parquet(target.toString());
        // SUM of a DECIMAL(10, 2) is a DECIMAL(20, 2), as in Spark: a 128-bit decimal
        assertThat(back.schema().fields().get(1).dataType()).isEqualTo(DataTypes.createDecimalType(20, 2));
        String expected = "SELECT dept, sum(salary), sum(salary * -3) FROM emp GROUP BY dept";
        assertThat(TestWarehouse.sorted(TestWarehouse.normalize(back.collectAsList())))
                .isEqualTo(TestWarehouse.sorted(warehouse.duckdb(expected)));
        assertThat(TestWarehouse.sorted(warehouse.duckdb("SELECT * FROM read_parquet('" + target + "/*.parquet')")))
                .isEqualTo(TestWarehouse.sorted(warehouse.duckdb(expected)));
    }

    @Test
    void saveModes() throws Exception {
        Path target = out.resolve("modes");
        DataFrame small = emp().filter(col("id").lt(10)).select("id", "name");
        small.write().parquet(target.toString());
        assertThatThrownBy(() -> small.write().parquet(target.toString())).isInstanceOf(ArbalestException.class)
                .hasMessageContaining("already exists").hasMessageContaining("overwrite");
        small.write().mode("ignore").parquet(target.toString());
        assertThat(count(target)).isEqualTo(10);
        small.write().mode("append").parquet(target.toString());
        assertThat(count(target)).isEqualTo(20);
        emp().filter(col("id").lt(3)).select("id", "name").write().mode("overwrite").option("compression", "zstd")
                .parquet(target.toString());
        assertThat(count(target)).isEqualTo(3);
        assertThat(dataFiles(target)).allMatch(f -> f.toString().endsWith(".zstd.parquet"));
        assertThatThrownBy(() -> small.write().mode("sometimes").parquet(target.toString()))
                .isInstanceOf(ArbalestException.class).hasMessageContaining("Unknown save mode 'sometimes'");
        assertThatThrownBy(() -> small.write().mode("overwrite").option("compression", "brotli9")
                .parquet(target.toString())).isInstanceOf(ArbalestException.class).hasMessageContaining("brotli9");
        assertThat(count(target)).isEqualTo(3);
        emp().filter(col("id").lt(0)).write().mode("overwrite").parquet(target.toString());
        assertThat(count(target)).as("an empty result still reads back").isZero();
        assertThat(session.read().parquet(target.toString()).columns()).hasSize(7);
    }

    @Test
    void aFailedWriteLeavesTheTargetAsItWas() throws Exception {
        Path target = out.resolve("atomic");
        emp().select("id").write().parquet(target.toString());
        List<Path> before = dataFiles(target);
        // grade is 0 in some rows: the division fails in a task after others may have written files.
        DataFrame failing = emp().select(col("id"), lit(1).divide(col("grade")).alias("inverse"));
        assertThatThrownBy(() -> failing.write().mode("overwrite").parquet(target.toString()))
                .isInstanceOf(ArbalestException.class).hasMessageContaining("zero");
        assertThat(dataFiles(target)).isEqualTo(before);
        assertThat(session.read().parquet(target.toString()).columns()).containsExactly("id");
        assertThat(siblings(target)).as("no staging directory left").isEmpty();
        assertThatThrownBy(() -> session.read().parquet(target.toString()).filter(col("id").gt(3)).write()
                .mode("overwrite").parquet(target.toString())).isInstanceOf(ArbalestException.class)
                .hasMessageContaining("reads from it");
        assertThat(count(target)).isEqualTo(500);
    }

    @Test
    void partitionedWritesAndDiscovery() throws Exception {
        Path target = out.resolve("partitioned");
        emp().write().partitionBy("dept", "grade").parquet(target.toString());
        assertThat(target.resolve("dept=eng/grade=0")).isDirectory();
        assertThat(target.resolve("dept=__HIVE_DEFAULT_PARTITION__")).isDirectory();
        DataFrame back = session.read().parquet(target.toString());
        assertThat(back.columns()).containsExactly("id", "name", "salary", "hired", "score", "dept", "grade");
        assertThat(back.schema().fields().get(6).dataType()).isEqualTo(DataTypes.IntegerType);
        assertThat(TestWarehouse.sorted(TestWarehouse.normalize(back.collectAsList()))).isEqualTo(TestWarehouse.sorted(
                warehouse.duckdb("SELECT id, name, salary, hired, score, dept, grade FROM emp")));
        assertThat(TestWarehouse.normalize(back.groupBy("dept").count().orderBy("dept").collectAsList()))
                .isEqualTo(warehouse.duckdb("SELECT dept, count(*) FROM emp GROUP BY dept ORDER BY dept NULLS FIRST"));
        assertThat(back.filter(col("grade").equalTo(3)).count()).isEqualTo(100);
        assertThat(back.select("dept").distinct().count()).isEqualTo(5);
        assertThat(TestWarehouse.sorted(warehouse.duckdb("SELECT id, dept, grade FROM read_parquet('" + target
                + "/**/*.parquet', hive_partitioning = true)"))).isEqualTo(
                TestWarehouse.sorted(warehouse.duckdb("SELECT id, dept, grade FROM emp")));
        assertThatThrownBy(() -> emp().write().partitionBy("nope").parquet(out.resolve("x").toString()))
                .isInstanceOf(ArbalestException.class).hasMessageContaining("'nope'");
    }

    private static long count(Path target) {
        return session.read().parquet(target.toString()).count();
    }

    private static List<Path> dataFiles(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
    }

    /** Hidden siblings of the target: staging directories a write left behind. */
    private static List<Path> siblings(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target.getParent())) {
            return files.filter(f -> f.getFileName().toString().startsWith("." + target.getFileName())).toList();
        }
    }
}
