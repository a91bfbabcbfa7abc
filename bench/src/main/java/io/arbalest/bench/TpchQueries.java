package io.arbalest.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The 22 TPC-H query texts (resources tpch/qN.sql, as the tpch jar ships them) and the timing
 * protocol every engine of the harness follows. Uses only the JDK, so that the Spark runner's JVM can load it too.
 */
final class TpchQueries {
    static final List<String> TABLES = List.of("lineitem", "orders", "customer", "part", "partsupp", "supplier",
            "nation", "region");

    private TpchQueries() {
    }

    interface Run {
        /** Runs the query once and returns its row count and what it spilled. */
        Answer run() throws Exception;
    }

    /** What one run of a query gave: its rows, and the bytes it spilled to disk (0 when not known). */
    record Answer(long rows, long spilledBytes) {
        static Answer rows(long rows) {
            return new Answer(rows, 0);
        }
    }

    static List<Integer> parse(String queries) {
        List<Integer> numbers = new ArrayList<>();
        for (String part : queries.split(",")) {
            int query = Integer.parseInt(part.trim());
            if (query < 1 || query > 22) {
                throw new IllegalArgumentException("TPC-H has queries 1 to 22, not " + query);
            }
            numbers.add(query);
        }
        return numbers;
    }

    static String text(int query) throws IOException {
        try (InputStream in = TpchQueries.class.getResourceAsStream("/tpch/q" + query + ".sql")) {
            if (in == null) {
                throw new IOException("no text for TPC-H Q" + query);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The statements of a query text: one, or several separated by a ';' that ends a line (Q15
     * creates a view, then queries it). For the peers' runners; Arbalest runs scripts itself.
     */
    static List<String> statements(String text) {
        List<String> statements = new ArrayList<>();
        for (String part : text.split(";[ \\t]*(\\r?\\n|$)")) {
            boolean onlyComments = part.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("--"));
            if (!onlyComments) {
                statements.add(part.strip());
            }
        }
        return statements;
    }

    /** Median milliseconds of {@code runs} timed runs of {@code body}. */
    static double median(int runs, Run body) throws Exception {
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            body.run();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        return times[runs / 2];
    }

    /** One warm-up run, then {@code runs} timed runs; prints the median and the warm-up's rows and spilled bytes, or the first failure. */
    static void time(String query, int runs, Run body) {
        try {
            Answer answer = body.run();
            System.out.printf(Locale.ROOT, "RESULT,%s,%.1f,%d,%d%n", query, median(runs, body), answer.rows(),
                    answer.spilledBytes());
        } catch (Exception | OutOfMemoryError e) {
            String message = String.valueOf(e.getMessage()).replace('\n', ' ').replace(',', ';');
            System.out.println("ERROR," + query + "," + e.getClass().getSimpleName() + ": " + message);
        }
        System.out.flush();
    }
}
