package io.arbalest.bench;

import io.arbalest.executor.process.ExecutorMain;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example user project (bench/examples/java): its pom depends on arbalest-sdk-java alone;
 * its program, compiled here and run in its own JVM in local[2] and local-cluster[2,1,1024],
 * prints DuckDB's answers to the same questions.
 */
class ExampleProjectIT {
    private static final Path PROJECT = Path.of("examples", "java").toAbsolutePath();
    private static Path classes;

    @BeforeAll
    static void compile() throws Exception {
        String pom = Files.readString(PROJECT.resolve("pom.xml"));
        Matcher dependencies = Pattern.compile("<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>")
                .matcher(pom);
        List<String> found = new ArrayList<>();
        while (dependencies.find()) {
            found.add(dependencies.group(1) + ":" + dependencies.group(2));
        }
        assertThat(found).as("the example's dependencies").containsExactly("io.arbalest:arbalest-sdk-java");
        classes = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "example-classes");
        List<String> sources;
        try (Stream<Path> files = Files.walk(PROJECT.resolve("src/main/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), "-cp",
                System.getProperty("java.class.path")));
        arguments.addAll(sources);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        assertThat(javac.run(null, null, errors, arguments.toArray(String[]::new))).as(errors.toString()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local[2]", "local-cluster[2,1,1024]"})
    void printsDuckDbsAnswers(String master) throws Exception {
        Path output = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "example-output");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ExecutorMain.JVM_FLAGS);
        command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                classes + ":" + System.getProperty("java.class.path"), "example.TopCustomers", master,
                Warehouses.get().toString(), output.resolve("by-nation").toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();

        String revenue = "sum(l_extendedprice * (1 - l_discount))";
        String joined = " FROM customer JOIN orders ON c_custkey = o_custkey JOIN lineitem ON o_orderkey = l_orderkey"
                + " WHERE o_orderdate BETWEEN DATE '1995-01-01' AND DATE '1995-12-31'";
        String byNation = "SELECT r_name, n_name, " + revenue + " AS revenue" + joined.replace(" WHERE",
                " JOIN nation ON c_nationkey = n_nationkey JOIN region ON n_regionkey = r_regionkey WHERE")
                + " GROUP BY r_name, n_name";
        try (Connection duckdb = Warehouses.duckdb()) {
            assertPrinted(printed, "top", Answers.of(duckdb, "SELECT c_custkey, c_name, " + revenue + " AS revenue"
                    + joined + " GROUP BY 1, 2 ORDER BY revenue DESC, c_custkey LIMIT 10"));
            assertPrinted(printed, "rank", Answers.of(duckdb, "SELECT * FROM (SELECT *, rank() OVER (PARTITION BY r_name "
                    + "ORDER BY revenue DESC) AS place FROM (" + byNation + ")) WHERE place <= 2 ORDER BY r_name, place"));
            assertPrinted(printed, "written", Answers.of(duckdb, "SELECT r_name, count(*) FROM (" + byNation
                    + ") GROUP BY r_name ORDER BY r_name"));
        }
    }

    /** The lines "name: [v1,v2,...]" of the output equal DuckDB's rows, in order. */
    private static void assertPrinted(String printed, String name, List<List<Object>> expected) {
        List<List<Object>> rows = printed.lines().filter(line -> line.startsWith(name + ": ["))
                .map(line -> line.substring(name.length() + 3, line.length() - 1))
                .map(values -> Arrays.stream(values.split(",", -1)).map(ExampleProjectIT::value).toList())
                .toList();
        assertThat(expected).as("DuckDB's " + name).isNotEmpty();
        assertThat(Answers.differences(expected, rows, expected.get(0).stream().map(v -> name).toList(), 5))
                .as(name + " in:\n" + printed).isEmpty();
    }

    private static Object value(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
