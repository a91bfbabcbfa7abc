package io.arbalest.planner.catalog;

import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.error.ConfigException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.util.Locale;

/** Opens the catalog the configuration asks for ({@code arbalest.catalog}). */
public final class Catalogs {
    /** Hive's own key for the metastores, in hive-site.xml. */
    public static final String HIVE_METASTORE_URIS = "hive.metastore.uris";

    private Catalogs() {
    }

    /**
     * The settings with the catalog made explicit: {@code arbalest.catalog} decided, and for hive
     * the metastore URIs copied from hive-site.xml, so that an ApplicationMaster on the cluster
     * opens the same catalog as its client.
     */
    public static ArbalestConfig resolve(ArbalestConfig config, String warehouse, Configuration conf) {
        String kind = config.get(ArbalestConfig.CATALOG).trim().toLowerCase(Locale.ROOT);
        String uris = metastoreUris(config, conf);
        if (kind.isEmpty()) {
            kind = (warehouse == null || warehouse.isEmpty()) && !uris.isEmpty() ? "hive" : "warehouse";
        }
        switch (kind) {
            case "warehouse" -> {
                return config.with(ArbalestConfig.CATALOG, kind);
            }
            case "hive" -> {
                if (uris.isEmpty()) {
                    throw new ConfigException("--catalog hive needs the Hive Metastore's address: set "
                            + HIVE_METASTORE_URIS + " in hive-site.xml (in HADOOP_CONF_DIR), or --conf "
                            + ArbalestConfig.HIVE_METASTORE_URIS.name() + "=thrift://host:9083.");
                }
                return config.with(ArbalestConfig.CATALOG, kind).with(ArbalestConfig.HIVE_METASTORE_URIS, uris);
            }
            default -> throw new ConfigException("Unknown catalog '" + config.get(ArbalestConfig.CATALOG) + "' ("
                    + ArbalestConfig.CATALOG.name() + ", --catalog): use warehouse or hive.");
        }
    }

    /** The catalog of resolved settings ({@link #resolve}); {@code warehouse} is the warehouse catalog's directory. */
    public static Catalog open(ArbalestConfig config, String warehouse, Configuration conf) {
        ArbalestConfig resolved = resolve(config, warehouse, conf);
        if (resolved.get(ArbalestConfig.CATALOG).equals("hive")) {
            return HiveCatalog.open(resolved.get(ArbalestConfig.HIVE_METASTORE_URIS),
                    ArbalestConfig.HIVE_METASTORE_URIS.name(), resolved.getInt(ArbalestConfig.HIVE_METASTORE_ATTEMPTS),
                    resolved.getInt(ArbalestConfig.HIVE_METASTORE_TIMEOUT), conf);
        }
        return WarehouseCatalog.open(warehouse, conf);
    }

    /** arbalest.hive.metastore.uris, else hive.metastore.uris of hive-site.xml; empty when neither is set. */
    private static String metastoreUris(ArbalestConfig config, Configuration conf) {
        String uris = config.get(ArbalestConfig.HIVE_METASTORE_URIS).trim();
        if (!uris.isEmpty()) {
            return uris;
        }
        Configuration hive = new Configuration(conf);
        String directory = System.getenv("HADOOP_CONF_DIR");
        java.io.File site = directory == null ? null : new java.io.File(directory, "hive-site.xml");
        if (site != null && site.isFile()) {
            hive.addResource(new Path(site.toURI()));
        } else if (Thread.currentThread().getContextClassLoader().getResource("hive-site.xml") != null) {
            hive.addResource("hive-site.xml");
        }
        return hive.getTrimmed(HIVE_METASTORE_URIS, "");
    }
}
