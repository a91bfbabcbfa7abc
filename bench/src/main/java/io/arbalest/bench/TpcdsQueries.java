package io.arbalest.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The 103 TPC-DS query files (resources tpcds/qNN.sql: the 99 queries, the two-part ones as
 * q14a/q14b, q23a/q23b, q24a/q24b, q39a/q39b) as published, each ending with ';'. A first line
 * {@code -- ordered} marks the 80 whose final ORDER BY gives a total order at scale factor 1;
 * the others' rows are compared as multisets.
 */
final class TpcdsQueries {
    static final List<String> TABLES = List.of("call_center", "catalog_page", "catalog_returns", "catalog_sales",
            "customer", "customer_address", "customer_demographics", "date_dim", "household_demographics",
            "income_band", "inventory", "item", "promotion", "reason", "ship_mode", "store", "store_returns",
            "store_sales", "time_dim", "warehouse", "web_page", "web_returns", "web_sales", "web_site");

    private TpcdsQueries() {
    }

    /** The query names in order: q01 ... q99, with q14a, q14b, q23a, q23b, q24a, q24b, q39a, q39b. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int q = 1; q <= 99; q++) {
            String name = String.format("q%02d", q);
            if (q == 14 || q == 23 || q == 24 || q == 39) {
                names.add(name + "a");
                names.add(name + "b");
            } else {
                names.add(name);
            }
        }
        return names;
    }

    static String text(String name) throws IOException {
        try (InputStream in = TpcdsQueries.class.getResourceAsStream("/tpcds/" + name + ".sql")) {
            if (in == null) {
                throw new IOException("no text for TPC-DS " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Whether the query's rows come in a total order (else compare them as multisets). */
    static boolean ordered(String text) {
        return text.startsWith("-- ordered");
    }
}
