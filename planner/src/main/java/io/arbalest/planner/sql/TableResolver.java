package io.arbalest.planner.sql;

import io.arbalest.planner.catalog.Table;
import io.arbalest.planner.error.UnsupportedFeatureException;
import org.apache.calcite.rel.core.TableScan;

/** Finds the Arbalest table behind a Calcite table scan. */
public final class TableResolver {
    private TableResolver() {
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
