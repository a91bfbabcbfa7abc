package io.arbalest.am.driver;

import io.arbalest.planner.catalog.Catalog;
import io.arbalest.planner.catalog.TableDescription;
import io.arbalest.planner.error.CatalogException;
import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.sql.CatalogStatement;
import io.arbalest.planner.sql.SqlScript;
import io.arbalest.proto.logical.Query;
import io.arbalest.proto.logical.ReadTable;
import io.arbalest.proto.logical.Relation;
import io.arbalest.proto.logical.Sql;
import io.arbalest.proto.logical.View;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A session of statements on one driver: its temporary views (CREATE VIEW, DROP VIEW, and the
 * DataFrame SDK's createTempView), which every later query of the session may name, its current
 * database (USE), and the statements of a script run in order (catalog statements too). Views live as long as the session: an {@code arbalest
 * sql} call, or an SDK session. Thread-safe.
 */
public final class SqlSession {
    /** Where a statement's output goes. */
    public interface Output {
        /** A query's rows (also what SHOW and DESCRIBE answer); the result is closed after this returns. */
        void rows(QueryResult result);

        /** EXPLAIN's text. */
        void text(String text);

        /** A note on how a statement ran (it spilled to disk), for the user but not part of its answer. */
        default void warning(String text) {
        }
    }

    private final Driver driver;
    /** By lower-case name, in the order they were (re)defined. */
    private final Map<String, View> views = new LinkedHashMap<>();
    /** Where unqualified table names resolve (USE changes it). */
    private volatile String database;

    public SqlSession(Driver driver) {
        this(driver, Catalog.DEFAULT_DATABASE);
    }

    /** A session whose current database is {@code database} (--database). */
    public SqlSession(Driver driver, String database) {
        this.driver = driver;
        this.database = database;
    }

    /** The session's current database. */
    public String database() {
        return database;
    }

    /** USE: checks that the database exists, then makes it the current one. */
    public void use(String name) {
        driver.planning().catalog().checkDatabase(name);
        database = name;
    }

    public Driver driver() {
        return driver;
    }

    /** Runs one statement; views are checked (planned) when they are created. */
    public void run(SqlScript.Statement statement, Output output) {
        if (statement instanceof SqlScript.QueryStatement query) {
            try (QueryResult result = driver.execute(query(query.sql()))) {
                output.rows(result);
                if (result.spilled().spilled()) {
                    output.warning("The query spilled " + result.spilled().describe() + " to disk: it did not fit in "
                            + "memory (arbalest.query.memory; on a cluster, the executors' memory), and more memory "
                            + "would make it faster.");
                }
            }
        } else if (statement instanceof SqlScript.ExplainStatement explain) {
            output.text(driver.explain(query(explain.sql()), false));
        } else if (statement instanceof SqlScript.ExplainAnalyzeStatement analyze) {
            output.text(driver.explainAnalyze(query(analyze.sql())));
        } else if (statement instanceof SqlScript.CreateView create) {
            createView(create.name(), sql(create.sql()), create.replace(), create.ifNotExists());
        } else if (statement instanceof SqlScript.DropView drop) {
            if (!dropView(drop.name()) && !drop.ifExists()) {
                throw new CatalogException("View '" + drop.name() + "' does not exist" + knownViews()
                        + "; DROP VIEW IF EXISTS ignores a missing view.");
            }
        } else if (statement instanceof CatalogStatement catalogStatement) {
            StatementResult result = runCatalogStatement(catalogStatement);
            if (!result.columns().isEmpty() && output != null) {
                try (QueryResult rows = result.toQueryResult()) {
                    output.rows(rows);
                }
            }
        }
    }

    /** A statement of the catalog: USE here; INSERT and CREATE TABLE AS SELECT run a write; the rest the catalog runs. */
    public StatementResult runCatalogStatement(CatalogStatement statement) {
        if (statement instanceof CatalogStatement.Use use) {
            use(use.database());
            return StatementResult.NONE;
        }
        if (statement instanceof CatalogStatement.Insert || statement instanceof CatalogStatement.CreateTable create
                && create.query().isPresent()) {
            return TableWrites.run(this, statement);
        }
        if (statement instanceof CatalogStatement.Describe describe && describe.table().database().isEmpty()) {
            View view = view(describe.table().name());
            if (view != null) { // a temporary view shadows a table, as in Spark
                Relation read = Relation.newBuilder().setReadTable(ReadTable.newBuilder().setName(view.getName())).build();
                return CatalogCommands.describe(new TableDescription(driver.schema(query(read)).columns(), List.of(), "",
                        Optional.empty(), Map.of()), false);
            }
        }
        StatementResult result = CatalogCommands.run(driver.planning().catalog(), statement, database);
        if (statement instanceof CatalogStatement.ShowTables show) { // Spark lists the session's views last
            List<List<String>> rows = new ArrayList<>(result.rows());
            for (String name : CatalogCommands.like(viewNames(), show.like())) {
                rows.add(List.of("", name, "true"));
            }
            return new StatementResult(result.columns(), rows);
        }
        return result;
    }

    private synchronized View view(String name) {
        return views.get(name.toLowerCase(Locale.ROOT));
    }

    private synchronized List<String> viewNames() {
        return views.values().stream().map(View::getName).sorted().toList();
    }

    /**
     * The last query of a script (the query of an EXPLAIN too), with the views the statements
     * before it define: what planning a script (EXPLAIN of TPC-H Q15) plans. Nothing runs.
     */
    public static Query lastQuery(String script) {
        return lastQuery(script, Catalog.DEFAULT_DATABASE);
    }

    /** {@link #lastQuery(String)} in a session whose current database is {@code database} (USE changes it). */
    public static Query lastQuery(String script, String database) {
        Map<String, View> views = new LinkedHashMap<>();
        Query last = null;
        for (SqlScript.Statement statement : SqlScript.parse(script)) {
            if (statement instanceof SqlScript.QueryStatement query) {
                last = Query.newBuilder().setSql(query.sql()).addAllViews(views.values()).setDatabase(database).build();
            } else if (statement instanceof SqlScript.ExplainStatement explain) {
                last = Query.newBuilder().setSql(explain.sql()).addAllViews(views.values()).setDatabase(database).build();
            } else if (statement instanceof SqlScript.ExplainAnalyzeStatement analyze) {
                last = Query.newBuilder().setSql(analyze.sql()).addAllViews(views.values()).setDatabase(database).build();
            } else if (statement instanceof CatalogStatement.Use use) {
                database = use.database();
            } else if (statement instanceof SqlScript.CreateView create) {
                views.remove(create.name().toLowerCase(Locale.ROOT));
                views.put(create.name().toLowerCase(Locale.ROOT),
                        View.newBuilder().setName(create.name()).setPlan(sql(create.sql())).build());
            } else if (statement instanceof SqlScript.DropView drop) {
                views.remove(drop.name().toLowerCase(Locale.ROOT));
            }
        }
        if (last == null) {
            throw new UnsupportedFeatureException("The script has no query to plan.");
        }
        return last;
    }

    /**
     * Runs a script's statements in order and returns the result of its last query (the caller
     * closes it), as a benchmark runs TPC-H Q15 (CREATE VIEW; SELECT; DROP VIEW). The first
     * error stops the script.
     */
    public QueryResult executeScript(String script) {
        QueryResult last = null;
        try {
            for (SqlScript.Statement statement : SqlScript.parse(script)) {
                if (statement instanceof SqlScript.QueryStatement query) {
                    if (last != null) {
                        last.close();
                        last = null;
                    }
                    last = driver.execute(query(query.sql()));
                } else {
                    run(statement, null);
                }
            }
        } catch (RuntimeException e) {
            if (last != null) {
                last.close();
            }
            throw e;
        }
        if (last == null) {
            throw new UnsupportedFeatureException("The script has no query, so no rows to return.");
        }
        return last;
    }

    /**
     * Defines a temporary view; it shadows a table of the same name, as in Spark. Its query is
     * planned first, so that an error shows at its definition.
     */
    public void createView(String name, Relation plan, boolean replace, boolean ifNotExists) {
        String key = name.toLowerCase(Locale.ROOT);
        synchronized (this) {
            if (views.containsKey(key) && !replace) {
                if (ifNotExists) {
                    return;
                }
                throw new CatalogException("Temporary view '" + name + "' already exists; use CREATE OR REPLACE "
                        + "VIEW (createOrReplaceTempView) to replace it, or DROP VIEW it first.");
            }
        }
        driver.schema(query(plan));
        synchronized (this) {
            views.remove(key);
            views.put(key, View.newBuilder().setName(name).setPlan(plan).build());
        }
    }

    /** Drops a temporary view; false when there was none of that name. */
    public synchronized boolean dropView(String name) {
        return views.remove(name.toLowerCase(Locale.ROOT)) != null;
    }

    /** A plan as a query of this session: with its views. */
    public synchronized Query query(Relation plan) {
        return Query.newBuilder().setPlan(plan).addAllViews(new ArrayList<>(views.values())).setDatabase(database).build();
    }

    /** SQL text as a query of this session: with its views, in its current database. */
    public synchronized Query query(String sql) {
        return Query.newBuilder().setSql(sql).addAllViews(new ArrayList<>(views.values())).setDatabase(database).build();
    }

    private static Relation sql(String text) {
        return Relation.newBuilder().setSql(Sql.newBuilder().setText(text)).build();
    }

    private synchronized String knownViews() {
        if (views.isEmpty()) {
            return " (the session has no views)";
        }
        return " (the session's views: " + String.join(", ", views.values().stream().map(View::getName).toList()) + ")";
    }
}
