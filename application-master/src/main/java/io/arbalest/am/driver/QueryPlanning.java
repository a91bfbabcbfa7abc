package io.arbalest.am.driver;

import io.arbalest.planner.catalog.Catalog;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.distributed.DistributedPlanner;
import io.arbalest.planner.distributed.StageGraph;
import io.arbalest.planner.physical.PhysicalNode;
import io.arbalest.planner.physical.PhysicalPlanner;
import io.arbalest.planner.physical.PlanPrinter;
import io.arbalest.planner.sql.LogicalQuery;
import io.arbalest.planner.sql.SqlFrontEnd;
import io.arbalest.planner.serde.PlanSerde;
import io.arbalest.proto.logical.Query;
import io.arbalest.proto.scheduler.AnalyzeRequest;
import io.arbalest.proto.scheduler.AnalyzeResponse;

/** How every driver plans: SQL to a physical plan for the master's task slots, and to stages. */
public final class QueryPlanning {
    private final Catalog catalog;
    private final ArbalestConfig config;
    private final Master master;

    public QueryPlanning(Catalog catalog, ArbalestConfig config, Master master) {
        this.catalog = catalog;
        this.config = config;
        this.master = master;
    }

    /** The catalog queries are planned against. */
    public Catalog catalog() {
        return catalog;
    }

    /** A query, or the last query of a script (with the views the script defines before it). */
    public PhysicalNode plan(String sql) {
        return plan(SqlSession.lastQuery(sql));
    }

    /** A DataFrame's plan or SQL text, with the session's views. */
    public PhysicalNode plan(Query query) {
        return physicalPlanner().plan(new SqlFrontEnd(catalog).plan(query));
    }

    /**
     * EXPLAIN of a query: the physical plan; {@code extended} adds the SQL a DataFrame plan
     * resolved to and the optimised logical plan.
     */
    public String explain(Query query, boolean extended) {
        SqlFrontEnd frontEnd = new SqlFrontEnd(catalog);
        LogicalQuery logical = frontEnd.plan(query);
        String physical = "== Physical plan ==\n" + PlanPrinter.print(physicalPlanner().plan(logical));
        if (!extended) {
            return physical;
        }
        return "== SQL ==\n" + frontEnd.sql(query) + "\n== Logical plan ==\n" + SqlFrontEnd.explain(logical.plan())
                + "\n" + physical;
    }

    /** The stages of a physical plan, spread over the master's task slots. */
    public StageGraph stages(PhysicalNode plan) {
        return DistributedPlanner.cut(plan, master.slots(), config.getLong(ArbalestConfig.BROADCAST_JOIN_BYTES));
    }

    /** EXPLAIN: the optimised logical plan, then the physical plan (of a script's last query). */
    public String explain(String sql) {
        return explain(sql, Catalog.DEFAULT_DATABASE);
    }

    /** EXPLAIN of a script's last query, with {@code database} current at its start. */
    public String explain(String sql, String database) {
        LogicalQuery logical = new SqlFrontEnd(catalog).plan(SqlSession.lastQuery(sql, database));
        return "== Logical plan ==\n" + SqlFrontEnd.explain(logical.plan())
                + "\n== Physical plan ==\n" + PlanPrinter.print(physicalPlanner().plan(logical));
    }

    /** A remote client's Analyze: the query's schema, or its plans as EXPLAIN prints them. */
    public AnalyzeResponse analyze(AnalyzeRequest request) {
        AnalyzeResponse.Builder response = AnalyzeResponse.newBuilder();
        switch (request.getExplain()) {
            case PHYSICAL -> response.setExplain(explain(request.getQuery(), false));
            case EXTENDED -> response.setExplain(explain(request.getQuery(), true));
            default -> response.setSchema(PlanSerde.toProto(plan(request.getQuery()).schema()));
        }
        return response.build();
    }

    public String explainDistributed(String sql) {
        return explainDistributed(sql, Catalog.DEFAULT_DATABASE);
    }

    public String explainDistributed(String sql, String database) {
        return stages(plan(SqlSession.lastQuery(sql, database))).describe();
    }

    private PhysicalPlanner physicalPlanner() {
        return new PhysicalPlanner(master.slots(), config.getLong(ArbalestConfig.SCAN_SPLIT_BYTES));
    }
}
