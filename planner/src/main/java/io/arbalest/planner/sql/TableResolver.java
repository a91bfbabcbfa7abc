package io.arbalest.planner.sql;

import io.arbalest.planner.catalog.Table;
import io.arbalest.planner.error.UnsupportedFeatureException;
import org.apache.calcite.rel.core.TableScan;

/** Finds the Arbalest table behind a Calcite table scan. */
public final class TableResolver {
    private TableResolver() {
    }

    /** The (start, end, step) of a scan of a DataFrame's session.range, if it is one. */
    public static java.util.Optional<long[]> range(TableScan scan) {
        CatalogSchema.RangeTable range = scan.getTable().unwrap(CatalogSchema.RangeTable.class);
        return range == null ? java.util.Optional.empty()
                : java.util.Optional.of(new long[] {range.start(), range.end(), range.step()});
    }

    public static Table resolve(TableScan scan) {
        CatalogSchema.CatalogTable table = scan.getTable().unwrap(CatalogSchema.CatalogTable.class);
        if (table == null) {
            throw new UnsupportedFeatureException("Table " + scan.getTable().getQualifiedName()
                    + " is not an Arbalest table.");
        }
        return table.table();
    }
}
