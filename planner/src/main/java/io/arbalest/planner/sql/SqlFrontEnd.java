package io.arbalest.planner.sql;

import io.arbalest.planner.catalog.Catalog;
import io.arbalest.planner.error.SqlSyntaxException;
import io.arbalest.planner.error.SqlValidationException;
import io.arbalest.planner.error.UnsupportedFeatureException;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlExplainLevel;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.rel.core.RelFactories;

import io.arbalest.planner.catalog.Table;
import io.arbalest.planner.dataframe.PlanContext;
import io.arbalest.planner.dataframe.PlanCompiler;
import io.arbalest.proto.logical.Query;
import io.arbalest.proto.logical.ReadFiles;
import org.apache.calcite.sql.SqlSelect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The SQL front end: parse, validate against the catalog, convert to a Calcite {@link RelNode},
 * remove subqueries and decorrelate, then optimise with rule programs (constant folding, filter
 * and projection pushdown, join ordering). Thread-safe: every call builds its own Calcite state.
 */
public final class SqlFrontEnd {
    /** Calcite's most lenient conformance, and Hive's {@code LEFT SEMI JOIN} and {@code LEFT ANTI JOIN}. */
    private static final SqlConformance CONFORMANCE = new SqlDelegatingConformance(SqlConformanceEnum.LENIENT) {
        @Override
        public boolean isLiberal() {
            return true;
        }
    };
    /**
     * Calcite's Babel grammar, where most SQL keywords may be names ({@code value}, {@code year},
     * {@code user} ...) as in Hive and Spark; names are quoted in double quotes (backquotes are
     * rewritten to them first, see {@link HiveSyntax}) and matched case-insensitively.
     */
    private static final SqlParser.Config PARSER = SqlParser.config()
            .withParserFactory(SqlBabelParserImpl.FACTORY)
            .withConformance(CONFORMANCE)
            .withCaseSensitive(false)
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED);
    /**
     * Standard SQL's functions and Spark's and Hive's (nvl, if, concat, date_add ...); the
     * physical planner says which of them this version cannot run.
     */
    private static final SqlOperatorTable OPERATORS = HiveOperators.table(SqlOperatorTables.chain(
            SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.STANDARD, SqlLibrary.SPARK,
                    SqlLibrary.HIVE),
            SqlOperatorTables.of(SqlLibraryOperators.SUBSTR_BIG_QUERY, SqlLibraryOperators.DATE,
                    SqlLibraryOperators.NULL_SAFE_EQUAL)));

    private final Catalog catalog;
    /** Files that DataFrames of this front end's query read by path, as tables of it alone. */
    private final Map<String, Table> queryTables = new LinkedHashMap<>();
    /**
     * The name of each read of files: a plan is compiled more than once (the inputs of withColumn,
     * a view per use), and each read's footers are read once.
     */
    private final Map<ReadFiles, String> fileReads = new java.util.HashMap<>();
    /** The session.range(...) reads of this front end's query. */
    private final Map<String, CatalogSchema.RangeTable> ranges = new LinkedHashMap<>();

    /** Tables this front end's query has read the metadata of (by lower-case db.table): each is read once. */
    private final Map<String, Table> tables = new java.util.concurrent.ConcurrentHashMap<>();
    /** The table names of each database this front end's query has listed. */
    private final Map<String, List<String>> tableNames = new java.util.concurrent.ConcurrentHashMap<>();
    private List<String> databases;
    /** Where unqualified table names resolve: the query's database. */
    private String database = Catalog.DEFAULT_DATABASE;

    public SqlFrontEnd(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Plans one query; the result's row type carries the names the user sees. */
    public LogicalQuery plan(String sql) {
        String text = rangeTables(queryText(sql));
        return plan(() -> parseQuery(text), false);
    }

    /**
     * Plans a DataFrame's plan, or SQL text, with the session's views. A plan's operations apply
     * in program order, so an ORDER BY inside it (a sorted DataFrame that is then limited or
     * projected) keeps its rows in order, as Spark does.
     */
    public LogicalQuery plan(Query query) {
        useDatabaseOf(query);
        if (query.hasSql() && query.getViewsCount() == 0) {
            return plan(query.getSql());
        }
        try {
            String text = rangeTables(sql(query));
            return plan(() -> parseQuery(text), query.hasPlan());
        } catch (SqlValidationException e) {
            throw query.hasPlan() ? PlanErrors.explain(e, query, planContext()) : e;
        }
    }

    /** The SQL a DataFrame plan resolves to (EXPLAIN shows it). */
    public String sql(Query query) {
        useDatabaseOf(query);
        return PlanCompiler.toSql(query, planContext());
    }

    /** The text with Spark's {@code range(...)} tables of FROM as tables of this query ({@link RangeCalls}). */
    private String rangeTables(String sql) {
        return RangeCalls.rewrite(sql, (start, end, step) -> planContext().rangeTable(start, end, step));
    }

    private void useDatabaseOf(Query query) {
        database = query.getDatabase().isEmpty() ? Catalog.DEFAULT_DATABASE : query.getDatabase();
    }

    /** The catalog's databases, listed once per query. */
    private List<String> databases() {
        if (databases == null) {
            databases = catalog.databases();
        }
        return databases;
    }

    /**
     * Plans the query {@code parse} gives (a fresh tree each time: validation changes it). A name
     * the validator cannot find that is an alias earlier in its select list is Spark's lateral
     * column alias: the query is validated again with it replaced ({@link LateralAliases}).
     */
    private LogicalQuery plan(java.util.function.Supplier<SqlNode> parse, boolean keepSubQuerySorts) {
        List<LateralAliases.Use> lateral = new java.util.ArrayList<>();
        Planning planning;
        SqlNode validated;
        while (true) {
            planning = new Planning();
            try {
                validated = planning.validate(parse.get(), lateral);
                break;
            } catch (SqlValidationException e) {
                java.util.Optional<LateralAliases.Use> use = LateralAliases.use(e);
                if (use.isEmpty() || lateral.size() > 100) {
                    throw e;
                }
                lateral.add(use.get());
            }
        }
        HepPlanner planner = new HepPlanner(HepProgram.builder().build());
        planner.setExecutor(new ConstantFolder());
        RelOptCluster cluster = RelOptCluster.create(planner, new RexBuilder(planning.typeFactory));
        SqlToRelConverter converter = new SqlToRelConverter((rowType, queryString, schemaPath, viewPath) -> null,
                planning.validator, planning.catalogReader, cluster, HiveOperators.CONVERTLETS,
                SqlToRelConverter.config().withExpand(false).withTrimUnusedFields(true)
                        .withRemoveSortInSubQuery(!keepSubQuerySorts));
        RelRoot relRoot = converter.convertQuery(validated, false, true);
        RelBuilder relBuilder = RelFactories.LOGICAL_BUILDER.create(cluster, planning.catalogReader);
        RelNode optimized = LogicalOptimizer.optimize(relRoot.rel, relBuilder);
        RelNode projected = relRoot.withRel(optimized).project();
        List<String> names = relRoot.validatedRowType.getFieldNames();
        return new LogicalQuery(projected, names);
    }

    /** One query's Calcite state: types, the catalog as Calcite sees it, and a validator over both. */
    private final class Planning {
        final JavaTypeFactoryImpl typeFactory = new JavaTypeFactoryImpl(ArbalestTypeSystem.INSTANCE);
        final CalciteCatalogReader catalogReader;
        final SqlValidator validator;

        Planning() {
            CalciteSchema root = CalciteSchema.createRootSchema(false, false);
            boolean found = false;
            for (String name : databases()) {
                root.add(name, new CatalogSchema(catalog, name, tables, tableNames));
                found |= name.equalsIgnoreCase(database);
            }
            if (!found) {
                catalog.checkDatabase(database);
            }
            CatalogSchema.queryTables(queryTables, ranges).forEach(root::add);
            // Hive's and Spark's STRING is a VARCHAR.
            root.add("STRING", types -> types.createSqlType(org.apache.calcite.sql.type.SqlTypeName.VARCHAR));
            Properties properties = new Properties();
            properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
            properties.setProperty(CalciteConnectionProperty.CONFORMANCE.camelName(),
                    SqlConformanceEnum.LENIENT.name());
            CalciteConnectionConfig connectionConfig = new CalciteConnectionConfigImpl(properties);
            String current = databases().stream().filter(d -> d.equalsIgnoreCase(database)).findFirst().orElse(database);
            catalogReader = new CalciteCatalogReader(root, List.of(current), typeFactory, connectionConfig);
            validator = SqlValidatorUtil.newValidator(OPERATORS, catalogReader, typeFactory,
                    SqlValidator.Config.DEFAULT.withConformance(CONFORMANCE).withIdentifierExpansion(true)
                            .withTypeCoercionFactory(HiveTypeCoercion::new)
                            // Spark's and Hive's NULL order where none is written: first ascending, last descending.
                            .withDefaultNullCollation(NullCollation.LOW));
        }

        /**
         * Validates a parsed query, with Spark's and Hive's typing of arithmetic and statistics, and
         * Spark's names for unnamed columns.
         */
        SqlNode validate(SqlNode parsed) {
            return validate(parsed, List.of());
        }

        /** Validates with each of {@code lateral} replaced by its alias's expression; one that is not an alias fails as it did. */
        SqlNode validate(SqlNode parsed, List<LateralAliases.Use> lateral) {
            SqlNode named = parsed.accept(new SemiJoins()).accept(new SparkNames());
            LateralAliases aliases = new LateralAliases(lateral);
            named = named.accept(aliases);
            if (!aliases.unreplaced().isEmpty()) {
                throw aliases.unreplaced().get(0).error();
            }
            try {
                return validator.validate(named.accept(new SparkShorthands(database)).accept(new StatisticsInDouble())
                        .accept(HiveOperators.REWRITE));
            } catch (CalciteContextException e) {
                throw validationError(e, parsed.toString());
            }
        }
    }

    /** What the DataFrame plan compiler asks while it writes a plan's SQL. */
    private PlanContext planContext() {
        return new PlanContext() {
            @Override
            public List<String> columnNames(String sql) {
                Planning planning = new Planning();
                SqlNode validated = planning.validate(parseQuery(sql));
                return planning.validator.getValidatedNodeType(validated).getFieldNames();
            }

            @Override
            public String filesTable(ReadFiles files) {
                return fileReads.computeIfAbsent(files, read -> {
                    String name = "__files_" + (queryTables.size() + 1);
                    queryTables.put(name, catalog.files(read.getFormat(), read.getPathsList(), read.getOptionsMap()));
                    return name;
                });
            }

            @Override
            public String rangeTable(long start, long end, long step) {
                CatalogSchema.RangeTable range = new CatalogSchema.RangeTable(start, end, step);
                for (Map.Entry<String, CatalogSchema.RangeTable> known : ranges.entrySet()) {
                    if (known.getValue().equals(range)) {
                        return known.getKey();
                    }
                }
                String name = "__range_" + (ranges.size() + 1);
                ranges.put(name, range);
                return name;
            }

            @Override
            public String query(String sql) {
                String text = queryText(sql);
                parseQuery(text);
                return text;
            }

            @Override
            public String selectItem(String text) {
                SqlNode parsed;
                try {
                    parsed = parse("SELECT " + text);
                } catch (SqlSyntaxException e) {
                    throw new SqlSyntaxException("in the expression '" + text + "': " + e.getMessage()
                            .replaceFirst("^at line \\d+, column \\d+: ", ""), e.line(), e.column(), e);
                }
                if (!(parsed instanceof SqlSelect select) || select.getSelectList().size() != 1 || select.getFrom() != null) {
                    throw new SqlValidationException("'" + text + "' is not one expression.", null);
                }
                return text;
            }
        };
    }

    private static SqlNode parseQuery(String sql) {
        if (sql.isBlank()) {
            throw new SqlSyntaxException("the statement is empty: give a query (SELECT, WITH, VALUES).", 0, 0, null);
        }
        SqlNode parsed = parse(sql);
        if (!parsed.isA(SqlKind.QUERY)) {
            throw new UnsupportedFeatureException("Only queries (SELECT, WITH, VALUES) can run; got a "
                    + parsed.getKind() + " statement.");
        }
        return parsed;
    }

    /** The query of one statement, which may end with ';' (as in a script). */
    static String queryText(String sql) {
        SqlScript.Statement statement = SqlScript.statement(sql);
        if (statement instanceof SqlScript.QueryStatement query) {
            return query.sql();
        }
        throw new UnsupportedFeatureException("This runs one query, but the statement is " + statement.kind()
                + "; a session runs it: arbalest sql -e/-f, or session.sql(...) in a DataFrame program.");
    }

    private static SqlNode parse(String sql) {
        String text = HiveSyntax.rewrite(sql);
        SqlParser parser = SqlParser.create(text, PARSER);
        try {
            return parser.parseQuery();
        } catch (SqlParseException e) {
            int line = e.getPos() == null ? 0 : e.getPos().getLineNum();
            int column = e.getPos() == null ? 0 : e.getPos().getColumnNum();
            String message = firstSentence(e.getMessage());
            String reserved = reservedWordToQuote(text, e, parser);
            if (reserved != null) {
                message = message + " " + reserved.toUpperCase(java.util.Locale.ROOT) + " is a reserved word; "
                        + "to use it as a name, quote it: `" + reserved + "` or \"" + reserved + "\".";
            }
            throw new SqlSyntaxException("at line " + line + ", column " + column + ": " + message, line, column, e);
        }
    }

    /**
     * The reserved word at (or just after) where the parse stopped, when quoting it makes the
     * statement parse (a column named {@code order}); null otherwise ({@code CREATE TABLE} is no
     * query, quoted or not).
     */
    private static String reservedWordToQuote(String text, SqlParseException e, SqlParser parser) {
        if (e.getPos() == null) {
            return null;
        }
        int offset = offsetOf(text, e.getPos().getLineNum(), e.getPos().getColumnNum());
        List<SqlTokens.Token> tokens = SqlTokens.significant(SqlTokens.of(text));
        int checked = 0;
        for (SqlTokens.Token token : tokens) {
            if (token.end() <= offset) {
                continue;
            }
            if (checked++ == 2) {
                break;
            }
            boolean last = token == tokens.get(tokens.size() - 1); // "... WHERE" would become an alias
            if (last || token.kind() != SqlTokens.Kind.WORD || !parser.getMetadata().isReservedWord(token.upper())) {
                continue;
            }
            String quoted = text.substring(0, token.start()) + '"' + token.text() + '"' + text.substring(token.end());
            try {
                SqlParser.create(quoted, PARSER).parseQuery();
                return token.text();
            } catch (SqlParseException again) {
                // quoting this word does not help
            }
        }
        return null;
    }

    private static int offsetOf(String text, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            offset = text.indexOf('\n', offset) + 1;
            if (offset == 0) {
                return -1;
            }
        }
        return offset + column - 1;
    }

    /** Calcite lists every token it expected; the first sentence is what a user can act on. */
    private static String firstSentence(String message) {
        String text = message == null ? "cannot parse" : message;
        int expecting = text.indexOf("Was expecting");
        if (expecting > 0) {
            text = text.substring(0, expecting);
        }
        return text.replace('\n', ' ').replaceAll("\\s+", " ").trim();
    }

    private SqlValidationException validationError(CalciteContextException e, String sql) {
        String message = e.getMessage();
        java.util.regex.Matcher object = java.util.regex.Pattern.compile("Object '([^']+)' not found")
                .matcher(message == null ? "" : message);
        if (object.find()) {
            List<String> names = catalog.tableNames(database);
            message = message + ". Tables in database '" + database + "': " + String.join(", ", names) + "."
                    + PlanErrors.closest(object.group(1), names);
        }
        java.util.regex.Matcher missing = java.util.regex.Pattern.compile("Column '([^']+)' not found in (any table|table '[^']+')")
                .matcher(message == null ? "" : message);
        if (missing.find()) {
            message = message + "." + PlanErrors.closest(missing.group(1), columnsOfTablesIn(sql));
        }
        return new SqlValidationException(message, e);
    }

    /** The columns of the tables whose names the query mentions: where a misspelt column comes from. */
    private List<String> columnsOfTablesIn(String sql) {
        java.util.Set<String> words = new java.util.HashSet<>();
        for (SqlTokens.Token token : SqlTokens.significant(SqlTokens.of(sql))) {
            if (token.kind() != SqlTokens.Kind.SYMBOL) {
                words.add(token.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        List<String> columns = new java.util.ArrayList<>();
        for (String name : catalog.tableNames(database)) {
            if (words.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                try {
                    catalog.table(database, name).ifPresent(table -> table.schema().columns().forEach(c -> columns.add(c.name())));
                } catch (RuntimeException unreadable) {
                    // a table that cannot be read gives no hint
                }
            }
        }
        return columns;
    }

    public static String explain(RelNode rel) {
        return RelOptUtil.toString(rel, SqlExplainLevel.EXPPLAN_ATTRIBUTES);
    }
}
