package io.arbalest.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmarks the harness runs: their tables, query names ("Q1" ... "Q22"; "q01" ... "q99"
 * with q14a/q14b, q23a/q23b, q24a/q24b, q39a/q39b) and texts. Uses only the JDK, so that the
 * Spark runner's JVM can load it too.
 */
enum Benchmark {
    TPCH("tpch", "TPC-H"),
    TPCDS("tpcds", "TPC-DS");

    private final String id;
    private final String title;

    Benchmark(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** The name in commands and file names: tpch, tpcds. */
    String id() {
        return id;
    }

    /** The name in reports: TPC-H, TPC-DS. */
    String title() {
        return title;
    }

    static Benchmark of(String id) {
        for (Benchmark benchmark : values()) {
            if (benchmark.id.equals(id)) {
                return benchmark;
            }
        }
        throw new IllegalArgumentException("unknown benchmark " + id);
    }

    List<String> tables() {
        return this == TPCH ? TpchQueries.TABLES : TpcdsQueries.TABLES;
    }

    List<String> queries() {
        if (this == TPCDS) {
            return TpcdsQueries.names();
        }
        List<String> names = new ArrayList<>();
        for (int q = 1; q <= 22; q++) {
            names.add("Q" + q);
        }
        return names;
    }

    String text(String query) throws IOException {
        return this == TPCH ? TpchQueries.text(Integer.parseInt(query.substring(1))) : TpcdsQueries.text(query);
    }

    /**
     * A comma-separated list of queries as a user writes it: numbers ("1,6" means Q1 and Q6, or
     * q01 and q06) or names ("q14a").
     */
    List<String> parse(String list) {
        List<String> known = queries();
        List<String> parsed = new ArrayList<>();
        for (String part : list.split(",")) {
            String item = part.trim();
            String digits = item.replaceFirst("(?i)^q", "");
            String name = this == TPCH ? "Q" + digits.replaceFirst("^0+(?=\\d)", "")
                    : "q" + (digits.matches("\\d[a-z]?") ? "0" + digits : digits).toLowerCase(Locale.ROOT);
            if (!known.contains(name)) {
                throw new IllegalArgumentException(title + " has no query '" + item + "' (it has "
                        + known.get(0) + " ... " + known.get(known.size() - 1) + ")");
            }
            parsed.add(name);
        }
        return parsed;
    }
}
