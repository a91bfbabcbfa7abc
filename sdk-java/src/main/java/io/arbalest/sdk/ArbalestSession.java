package io.arbalest.sdk;

import io.arbalest.am.driver.Driver;
import io.arbalest.am.driver.QueryResult;
import io.arbalest.am.driver.ResultStream;
import io.arbalest.am.driver.SqlSession;
import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.sql.SqlScript;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.types.RowSchema;
import io.arbalest.proto.logical.Field;
import io.arbalest.proto.logical.LocalRows;
import io.arbalest.proto.logical.Query;
import io.arbalest.proto.logical.Range;
import io.arbalest.proto.logical.ReadTable;
import io.arbalest.proto.logical.Relation;
import io.arbalest.proto.logical.Sql;
import io.arbalest.proto.logical.Write;
import org.apache.hadoop.conf.Configuration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The entry point, as Spark's SparkSession: opens a driver for its master (in this JVM for
 * {@code local[N]}, executor processes for {@code local-cluster[N,cores,memoryMB]}, one YARN
 * application for {@code yarn}) and runs every DataFrame and SQL query of the session on it.
 * Closing it (or {@link #stop()}) ends the driver, and on YARN the application. Thread-safe.
 */
public final class ArbalestSession implements AutoCloseable {
    private final Driver driver;
    private final ArbalestConfig config;
    private final AtomicLong planIds = new AtomicLong();
    /** The session's temporary views, and its SQL statements. */
    private final SqlSession statements;
    private volatile boolean stopped;

    private ArbalestSession(Driver driver, ArbalestConfig config) {
        this.driver = driver;
        this.config = config;
        this.statements = new SqlSession(driver, config.get(ArbalestConfig.DATABASE));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How a session is configured; {@link #getOrCreate()} starts it. */
    public static final class Builder {
        private final Map<String, String> settings = new LinkedHashMap<>();
        private String warehouse;

        private Builder() {
        }

        /** local, local[N], local[*] (the default), local-cluster[N,cores,memoryMB] or yarn. */
        public Builder master(String master) {
            settings.put(ArbalestConfig.MASTER.name(), master);
            return this;
        }

        /** A directory (local path, file://, hdfs://) whose sub-directories are tables; optional. */
        public Builder warehouse(String warehouse) {
            this.warehouse = warehouse;
            return this;
        }

        /** A configuration key (docs/configuration.md), e.g. arbalest.executor.memory. */
        public Builder config(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /**
         * Tables from the Hive Metastore (arbalest.catalog=hive) of hive.metastore.uris in
         * HADOOP_CONF_DIR's hive-site.xml (or arbalest.hive.metastore.uris), as in Spark.
         */
        public Builder enableHiveSupport() {
            settings.put(ArbalestConfig.CATALOG.name(), "hive");
            return this;
        }

        /** The application's name (on YARN, the application name). */
        public Builder appName(String name) {
            settings.put(ArbalestConfig.YARN_APPLICATION_NAME.name(), name);
            return this;
        }

        /**
         * Starts the session: on YARN this submits the application and waits until its driver
         * serves. Each call starts a new session (close the ones you are done with).
         */
        public ArbalestSession getOrCreate() {
            ArbalestConfig config = ArbalestConfig.of(settings);
            return new ArbalestSession(Driver.open(config, warehouse, new Configuration()), config);
        }
    }

    /** The session's current database (USE changes it), where unqualified table names resolve. */
    public String currentDatabase() {
        return statements.database();
    }

    /** A table ({@code name} or {@code db.name}) of the catalog, or a temporary view of this session. */
    public DataFrame table(String name) {
        return newFrame(Relation.newBuilder().setReadTable(ReadTable.newBuilder().setName(name)));
    }

    /**
     * One SQL statement (a trailing ';' is fine): a query, which may name this session's
     * temporary views; or a statement that runs at once, as in Spark: views (CREATE/DROP VIEW),
     * databases and tables (CREATE, DROP, USE, INSERT, CREATE TABLE AS SELECT, ALTER TABLE ...
     * PARTITION, MSCK REPAIR TABLE), whose DataFrame has no rows; SHOW and DESCRIBE, whose
     * DataFrame holds their answer (docs/hive.md).
     */
    public DataFrame sql(String sqlText) {
        SqlScript.Statement statement = SqlScript.statement(sqlText);
        if (statement instanceof SqlScript.QueryStatement) {
            return newFrame(Relation.newBuilder().setSql(Sql.newBuilder().setText(sqlText)));
        }
        if (statement instanceof SqlScript.ExplainStatement explain) {
            throw new UnsupportedFeatureException("EXPLAIN runs as df.explain() here: session.sql(\"" + explain.sql()
                    .lines().findFirst().orElse("") + " ...\").explain().");
        }
        if (statement instanceof SqlScript.ExplainAnalyzeStatement analyze) {
            throw new UnsupportedFeatureException("EXPLAIN ANALYZE runs in the CLI (bin/arbalest sql -e 'EXPLAIN "
                    + "ANALYZE ...'); a DataFrame's plan is df.explain().");
        }
        checkOpen();
        if (statement instanceof io.arbalest.planner.sql.CatalogStatement catalogStatement) {
            io.arbalest.am.driver.StatementResult result = statements.runCatalogStatement(catalogStatement);
            if (!result.columns().isEmpty()) {
                StructType schema = new StructType();
                for (String column : result.columns()) {
                    schema = schema.add(column, DataTypes.StringType);
                }
                return createDataFrame(result.rows().stream().map(row -> Row.of(row.toArray())).toList(), schema);
            }
        } else {
            statements.run(statement, null);
        }
        // Spark's answer has no columns; a query has at least one, so this one has a column and no rows.
        return createDataFrame(List.of(), new StructType().add("result", DataTypes.StringType));
    }

    public DataFrameReader read() {
        return new DataFrameReader(this);
    }

    /** BIGINT values 0 ... end - 1 in a column "id". */
    public DataFrame range(long end) {
        return range(0, end);
    }

    public DataFrame range(long start, long end) {
        return range(start, end, 1);
    }

    public DataFrame range(long start, long end, long step) {
        if (step == 0) {
            throw new IllegalArgumentException("range step must not be 0.");
        }
        return newFrame(Relation.newBuilder().setRange(Range.newBuilder().setStart(start).setEnd(end).setStep(step)));
    }

    /** A DataFrame of these rows, whose values must be of the schema's types (see {@link Row}). */
    public DataFrame createDataFrame(List<Row> rows, StructType schema) {
        LocalRows.Builder local = LocalRows.newBuilder();
        for (StructField field : schema.fields()) {
            local.addSchema(Field.newBuilder().setName(field.name()).setType(field.dataType().sqlName())
                    .setNullable(field.nullable()));
        }
        for (Row row : rows) {
            if (row.size() != schema.size()) {
                throw new IllegalArgumentException("A row has " + row.size() + " values but the schema has "
                        + schema.size() + " columns: " + row + ".");
            }
            LocalRows.Row.Builder values = LocalRows.Row.newBuilder();
            for (int c = 0; c < schema.size(); c++) {
                StructField field = schema.apply(c);
                if (row.get(c) == null && !field.nullable()) {
                    throw new IllegalArgumentException("Column '" + field.name() + "' is not nullable but a row "
                            + "holds NULL: " + row + ".");
                }
                values.addValues(Literals.literal(row.get(c), field.dataType(), field.name()));
            }
            local.addRows(values);
        }
        return newFrame(Relation.newBuilder().setLocalRows(local));
    }

    /** The session's configuration (what the builder set, over the defaults). */
    public RuntimeConfig conf() {
        return new RuntimeConfig(config);
    }

    /** Ends the session: its driver, and on YARN its application. */
    public void stop() {
        close();
    }

    @Override
    public synchronized void close() {
        if (!stopped) {
            stopped = true;
            driver.close();
        }
    }

    DataFrame newFrame(Relation.Builder relation) {
        return new DataFrame(this, relation.setPlanId(planIds.incrementAndGet()).build());
    }

    long nextPlanId() {
        return planIds.incrementAndGet();
    }

    void putView(String name, Relation plan, boolean replace) {
        checkOpen();
        statements.createView(name, plan, replace, false);
    }

    /** The query of a plan, with the session's views. */
    Query query(Relation plan) {
        return statements.query(plan);
    }

    QueryResult execute(Relation plan) {
        checkOpen();
        return driver.execute(query(plan));
    }

    ResultStream stream(Relation plan) {
        checkOpen();
        return driver.stream(query(plan));
    }

    void write(Relation plan, Write spec) {
        checkOpen();
        driver.write(query(plan), spec);
    }

    RowSchema schema(Relation plan) {
        checkOpen();
        return driver.schema(query(plan));
    }

    String explain(Relation plan, boolean extended) {
        checkOpen();
        return driver.explain(query(plan), extended);
    }

    /** Arrow memory held by results not yet closed (streams, Arrow readers); zero when all are. */
    public long allocatedBytes() {
        return driver.allocatedBytes();
    }

    private void checkOpen() {
        if (stopped) {
            throw new IllegalStateException("This ArbalestSession was stopped; start another with "
                    + "ArbalestSession.builder()...getOrCreate().");
        }
    }
}
