package io.arbalest.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** Writes the harness's results: a CSV, a Markdown table with ratios and geometric means, a PNG chart. */
final class TpchReport {
    private static final Map<String, String> NAMES = Map.of("arbalest", "Arbalest", "duckdb", "DuckDB", "spark", "Spark",
            "local-cluster", "Arbalest local-cluster", "yarn", "Arbalest YARN", "arbalest-df", "Arbalest DataFrame");
    private static final Map<String, Color> COLORS = Map.of("arbalest", new Color(0xC0392B), "duckdb",
            new Color(0xF1C40F), "spark", new Color(0x2E86C1), "local-cluster", new Color(0x8E44AD),
            "yarn", new Color(0x27AE60), "arbalest-df", new Color(0xE67E22));

    private TpchReport() {
    }

    static String scaleText(double scale) {
        return scale == Math.rint(scale) ? String.valueOf((long) scale) : String.valueOf(scale);
    }

    static String baseName(TpchHarness.Options options) {
        return options.benchmark().id() + "-sf" + scaleText(options.scale());
    }

    static void write(TpchHarness.Options options, String warehouse, List<TpchHarness.Measurement> measurements)
            throws IOException {
        Map<String, Map<String, TpchHarness.Measurement>> byEngine = new HashMap<>();
        for (TpchHarness.Measurement m : measurements) {
            byEngine.computeIfAbsent(m.engine(), e -> new HashMap<>()).put(m.query(), m);
        }
        Path base = options.out().resolve(baseName(options));
        writeCsv(base.resolveSibling(base.getFileName() + ".csv"), measurements);
        writeMarkdown(base.resolveSibling(base.getFileName() + ".md"), options, warehouse, byEngine);
        writeChart(base.resolveSibling(base.getFileName() + ".png"), options, byEngine);
    }

    private static void writeCsv(Path file, List<TpchHarness.Measurement> measurements) throws IOException {
        StringBuilder csv = new StringBuilder("query,engine,median_ms,rows,spilled_bytes,error\n");
        for (TpchHarness.Measurement m : measurements) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%s%n", m.query(), m.engine(),
                    m.ok() ? String.format(Locale.ROOT, "%.1f", m.medianMillis()) : "",
                    m.ok() ? String.valueOf(m.rows()) : "", m.ok() ? String.valueOf(m.spilledBytes()) : "",
                    m.ok() ? "" : "\"" + m.error().replace("\"", "\"\"") + "\""));
        }
        Files.writeString(file, csv);
    }

    private static OptionalDouble millis(Map<String, Map<String, TpchHarness.Measurement>> byEngine, String engine,
            String query) {
        TpchHarness.Measurement m = byEngine.getOrDefault(engine, Map.of()).get(query);
        return m != null && m.ok() ? OptionalDouble.of(Math.max(0.1, m.medianMillis())) : OptionalDouble.empty();
    }

    /** Geometric mean of numerator/denominator over the queries both engines answered. */
    static OptionalDouble geometricMeanRatio(Map<String, Map<String, TpchHarness.Measurement>> byEngine,
            String numerator, String denominator, List<String> queries) {
        double logSum = 0;
        int count = 0;
        for (String query : queries) {
            OptionalDouble a = millis(byEngine, numerator, query);
            OptionalDouble b = millis(byEngine, denominator, query);
            if (a.isPresent() && b.isPresent()) {
                logSum += Math.log(a.getAsDouble() / b.getAsDouble());
                count++;
            }
        }
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.exp(logSum / count));
    }

    private static void writeMarkdown(Path file, TpchHarness.Options options, String warehouse,
            Map<String, Map<String, TpchHarness.Measurement>> byEngine) throws IOException {
        List<String> engines = options.engines();
        List<String[]> ratios = new ArrayList<>();
        if (engines.contains("arbalest") && engines.contains("duckdb")) {
            ratios.add(new String[] {"arbalest", "duckdb"});
        }
        if (engines.contains("arbalest") && engines.contains("spark")) {
            ratios.add(new String[] {"spark", "arbalest"});
        }
        if (engines.contains("arbalest") && engines.contains("local-cluster")) {
            ratios.add(new String[] {"local-cluster", "arbalest"});
        }
        if (engines.contains("arbalest") && engines.contains("arbalest-df")) {
            ratios.add(new String[] {"arbalest-df", "arbalest"});
        }
        if (engines.contains("arbalest") && engines.contains("yarn")) {
            ratios.add(new String[] {"yarn", "arbalest"});
        }
        StringBuilder md = new StringBuilder();
        md.append(options.benchmark().title()).append(" SF ").append(scaleText(options.scale())).append(", ").append(options.threads())
                .append(" threads per engine (Arbalest local[").append(options.threads()).append("]")
                .append(engines.contains("local-cluster") ? ", local-cluster[" + options.threads() + ",1,"
                        + EngineMain.clusterExecutorMemoryMb() + "]" : "")
                .append(engines.contains("yarn") ? ", yarn with " + options.threads() + " executor containers of 1 core and "
                        + EngineMain.yarnExecutorMemory() : "").append("), warm median of ")
                .append(options.runs()).append(" runs after one warm-up, each engine in its own JVM, same Parquet files (")
                .append(warehouse).append("). ").append(LocalDate.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", Java ").append(System.getProperty("java.version")).append(".\n\n");
        if (!options.memory().isEmpty()) {
            md.append("Memory budget ").append(options.memory()).append(" per engine (Arbalest's arbalest.query.memory, "
                    + "DuckDB's memory_limit; both spill beyond it)")
                    .append(options.heap().isEmpty() ? "" : ", Arbalest JVM heap " + options.heap()).append(".\n\n");
        }
        // Engines that spilled get a column of what they spilled, per query.
        List<String> spilling = engines.stream().filter(e -> byEngine.getOrDefault(e, Map.of()).values().stream()
                .anyMatch(m -> m.ok() && m.spilledBytes() > 0)).toList();
        md.append("| query |");
        engines.forEach(e -> md.append(' ').append(NAMES.getOrDefault(e, e)).append(" ms |"));
        spilling.forEach(e -> md.append(' ').append(NAMES.getOrDefault(e, e)).append(" spilled MiB |"));
        ratios.forEach(r -> md.append(' ').append(NAMES.get(r[0])).append('/').append(NAMES.get(r[1])).append(" |"));
        md.append('\n').append("| --- |").append(" ---: |".repeat(engines.size() + spilling.size() + ratios.size()))
                .append('\n');
        for (String query : options.queries()) {
            md.append("| ").append(query).append(" |");
            for (String engine : engines) {
                TpchHarness.Measurement m = byEngine.getOrDefault(engine, Map.of()).get(query);
                md.append(' ').append(m != null && m.ok() ? String.format(Locale.ROOT, "%,.0f", m.medianMillis())
                        : "failed").append(" |");
            }
            for (String engine : spilling) {
                TpchHarness.Measurement m = byEngine.getOrDefault(engine, Map.of()).get(query);
                md.append(' ').append(m != null && m.ok() ? String.format(Locale.ROOT, "%,.0f",
                        m.spilledBytes() / (double) (1 << 20)) : "-").append(" |");
            }
            for (String[] r : ratios) {
                OptionalDouble a = millis(byEngine, r[0], query);
                OptionalDouble b = millis(byEngine, r[1], query);
                md.append(' ').append(a.isPresent() && b.isPresent()
                        ? String.format(Locale.ROOT, "%.2f", a.getAsDouble() / b.getAsDouble()) : "-").append(" |");
            }
            md.append('\n');
        }
        md.append("| geometric mean |").append(" |".repeat(engines.size() + spilling.size()));
        for (String[] r : ratios) {
            OptionalDouble mean = geometricMeanRatio(byEngine, r[0], r[1], options.queries());
            md.append(' ').append(mean.isPresent() ? String.format(Locale.ROOT, "**%.2f**", mean.getAsDouble()) : "-")
                    .append(" |");
        }
        md.append("\n\n");
        for (String engine : engines) {
            byEngine.getOrDefault(engine, Map.of()).values().stream().filter(m -> !m.ok()).forEach(m ->
                    md.append("- ").append(NAMES.getOrDefault(engine, engine)).append(" ").append(m.query())
                            .append(" failed: ").append(m.error()).append('\n'));
        }
        Files.writeString(file, md);
    }

    /** Grouped bars per query on a log scale, one colour per engine. */
    private static void writeChart(Path file, TpchHarness.Options options,
            Map<String, Map<String, TpchHarness.Measurement>> byEngine) throws IOException {
        int width = 1400;
        int height = 560;
        int left = 70;
        int right = 20;
        int top = 50;
        int bottom = 60;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            double max = 1;
            double min = Double.MAX_VALUE;
            for (Map<String, TpchHarness.Measurement> results : byEngine.values()) {
                for (TpchHarness.Measurement m : results.values()) {
                    if (m.ok()) {
                        max = Math.max(max, m.medianMillis());
                        min = Math.min(min, Math.max(1, m.medianMillis()));
                    }
                }
            }
            double logMin = Math.floor(Math.log10(Math.min(min, max)));
            double logMax = Math.ceil(Math.log10(max));
            if (logMax <= logMin) {
                logMax = logMin + 1;
            }
            int plotHeight = height - top - bottom;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int power = (int) logMin; power <= logMax; power++) {
                int y = top + (int) (plotHeight * (1 - (power - logMin) / (logMax - logMin)));
                g.setColor(new Color(0xDDDDDD));
                g.drawLine(left, y, width - right, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, "%,.0f ms", Math.pow(10, power)), 5, y + 4);
            }
            List<String> queries = options.queries();
            List<String> engines = options.engines();
            double group = (double) (width - left - right) / queries.size();
            double bar = group * 0.8 / engines.size();
            for (int q = 0; q < queries.size(); q++) {
                double x0 = left + q * group + group * 0.1;
                for (int e = 0; e < engines.size(); e++) {
                    OptionalDouble ms = millis(byEngine, engines.get(e), queries.get(q));
                    if (ms.isEmpty()) {
                        continue;
                    }
                    double fraction = (Math.log10(Math.max(ms.getAsDouble(), Math.pow(10, logMin))) - logMin)
                            / (logMax - logMin);
                    int barHeight = (int) Math.round(plotHeight * fraction);
                    g.setColor(COLORS.getOrDefault(engines.get(e), Color.GRAY));
                    g.fillRect((int) (x0 + e * bar), top + plotHeight - barHeight, (int) Math.max(1, bar - 1), barHeight);
                }
                g.setColor(Color.BLACK);
                g.drawString(queries.get(q), (int) (x0 + group * 0.25), height - bottom + 18);
            }
            g.setStroke(new BasicStroke(1));
            g.drawLine(left, top + plotHeight, width - right, top + plotHeight);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(options.benchmark().title() + " SF " + scaleText(options.scale()) + ", warm median per query (log scale, lower is better)",
                    left, 25);
            int legendX = width - right - 110 * engines.size();
            for (int e = 0; e < engines.size(); e++) {
                g.setColor(COLORS.getOrDefault(engines.get(e), Color.GRAY));
                g.fillRect(legendX + e * 110, 14, 14, 14);
                g.setColor(Color.BLACK);
                g.drawString(NAMES.getOrDefault(engines.get(e), engines.get(e)), legendX + e * 110 + 20, 26);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }
}
