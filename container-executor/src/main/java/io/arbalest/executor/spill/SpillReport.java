package io.arbalest.executor.spill;

/** What a query spilled to disk: files written and their bytes (compressed, as on disk). */
public record SpillReport(long files, long bytes) {
    public static final SpillReport NONE = new SpillReport(0, 0);

    public boolean spilled() {
        return files > 0;
    }

    /** This report and {@code other} together (the tasks of one query). */
    public SpillReport plus(SpillReport other) {
        return new SpillReport(files + other.files, bytes + other.bytes);
    }

    /** "1.5 GiB in 34 files", as a user reads it. */
    public String describe() {
        return size(bytes) + " in " + files + (files == 1 ? " file" : " files");
    }

    /** {@code bytes} as a user reads them: "512 bytes", "1.5 GiB". */
    public static String size(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double size = bytes;
        int unit = 0;
        while (size >= 1024 && unit < units.length - 1) {
            size /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(java.util.Locale.ROOT, "%.1f %s", size, units[unit]);
    }
}
