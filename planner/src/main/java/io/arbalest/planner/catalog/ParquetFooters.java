package io.arbalest.planner.catalog;

import io.arbalest.planner.error.CatalogException;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.RowSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What the footers of a table's Parquet files say: the columns (every file must agree), each
 * file's row groups, and each integer-backed column's range of values over all files.
 *
 * @param schema the files' columns; empty when there are no files
 * @param ranges per column of {@code schema}
 */
record ParquetFooters(RowSchema schema, List<DataFile> files, List<Optional<ColumnRange>> ranges) {
    /** Reads the footers of {@code files}; file i's partition values are {@code partitionValues.get(i)} (or none). */
    static ParquetFooters read(String table, List<FileStatus> files, List<List<Literal>> partitionValues,
            Configuration conf) {
        RowSchema schema = null;
        String schemaFile = null;
        List<DataFile> dataFiles = new ArrayList<>();
        List<Optional<ColumnRange>> ranges = null;
        ParquetReadOptions readOptions = HadoopReadOptions.builder(conf).build();
        for (int f = 0; f < files.size(); f++) {
            FileStatus file = files.get(f);
            String path = file.getPath().toString();
            ParquetMetadata footer;
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf), readOptions)) {
                footer = reader.getFooter();
            } catch (IOException | RuntimeException e) {
                throw new CatalogException("Cannot read the Parquet footer of " + path + " (table '" + table + "'): "
                        + e.getMessage() + ". Is it a Parquet file? Remove or replace it.", e);
            }
            RowSchema fileSchema = ParquetTypes.toRowSchema(footer.getFileMetaData().getSchema(), path);
            if (schema == null) {
                schema = fileSchema;
                schemaFile = path;
            } else if (!sameColumns(schema, fileSchema)) {
                throw new CatalogException("Files of table '" + table + "' disagree on the schema: " + schemaFile
                        + " has " + schema + " but " + path + " has " + fileSchema
                        + ". Rewrite the files with one schema or move the odd one out.");
            }
            List<RowGroup> rowGroups = new ArrayList<>();
            List<BlockMetaData> blocks = footer.getBlocks();
            if (ranges == null) {
                ranges = new ArrayList<>(Collections.nCopies(fileSchema.size(), Optional.empty()));
            }
            for (int i = 0; i < blocks.size(); i++) {
                rowGroups.add(new RowGroup(i, blocks.get(i).getRowCount(), blocks.get(i).getCompressedSize()));
                mergeRanges(ranges, fileSchema, blocks.get(i));
            }
            dataFiles.add(new DataFile(path, file.getLen(), rowGroups,
                    partitionValues.isEmpty() ? List.of() : partitionValues.get(f)));
        }
        if (schema == null) {
            return new ParquetFooters(new RowSchema(List.of()), List.of(), List.of());
        }
        return new ParquetFooters(schema, dataFiles, ranges);
    }

    /** The range of the file column named {@code name} (any case); empty when no file has it. */
    Optional<ColumnRange> range(String name) {
        for (int c = 0; c < schema.size(); c++) {
            if (schema.column(c).name().equalsIgnoreCase(name)) {
                return ranges.get(c);
            }
        }
        return Optional.empty();
    }

    /** Widens each integer column's range by one row group's min/max statistics; a group without them clears it. */
    private static void mergeRanges(List<Optional<ColumnRange>> ranges, RowSchema schema, BlockMetaData block) {
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            String[] path = chunk.getPath().toArray();
            if (path.length != 1) {
                continue;
            }
            int column = schema.names().indexOf(path[0]);
            if (column < 0) {
                continue;
            }
            org.apache.parquet.column.statistics.Statistics<?> statistics = chunk.getStatistics();
            Optional<ColumnRange> range = Optional.empty();
            if (statistics != null && statistics.hasNonNullValue()
                    && statistics.genericGetMin() instanceof Number min && statistics.genericGetMax() instanceof Number max
                    && !(min instanceof Float || min instanceof Double)) {
                range = Optional.of(new ColumnRange(min.longValue(), max.longValue()));
            } else if (statistics != null && !statistics.isEmpty() && !statistics.hasNonNullValue()) {
                continue; // only NULLs here: no values to widen the range with
            }
            Optional<ColumnRange> current = ranges.get(column);
            if (range.isEmpty()) {
                // No usable statistics (strings, floats, old writers): the range is unbounded from now on.
                ranges.set(column, Optional.of(new ColumnRange(Long.MIN_VALUE / 4, Long.MAX_VALUE / 4)));
            } else {
                ColumnRange found = range.get();
                ranges.set(column, Optional.of(current.map(c -> c.merge(found)).orElse(found)));
            }
        }
    }

    private static boolean sameColumns(RowSchema a, RowSchema b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.column(i).name().equals(b.column(i).name()) || !a.type(i).equals(b.type(i))) {
                return false;
            }
        }
        return true;
    }
}
