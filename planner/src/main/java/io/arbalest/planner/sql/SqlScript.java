package io.arbalest.planner.sql;

import io.arbalest.planner.error.SqlSyntaxException;
import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.sql.SqlTokens.Kind;
import io.arbalest.planner.sql.SqlTokens.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A script of ';'-separated statements, as {@code arbalest sql -f FILE} runs it: each statement
 * with the line it starts on, classified into the statements a session runs itself (views) and
 * the queries it plans. A ';' inside a string, a quoted name or a comment does not end one.
 */
public final class SqlScript {
    /** One statement of a script; {@code line} is the 1-based line of the script it starts on. */
    public interface Statement {
        int line();

        /** What the statement is, as a user names it: a query, EXPLAIN, CREATE VIEW, DROP VIEW. */
        String kind();
    }

    /** A query (SELECT, WITH, VALUES), as its text. */
    public record QueryStatement(String sql, int line) implements Statement {
        @Override
        public String kind() {
            return "a query";
        }
    }

    /** {@code EXPLAIN ANALYZE query}: runs the query and prints its plan with what each operator did. */
    public record ExplainAnalyzeStatement(String sql, int line) implements Statement {
        @Override
        public String kind() {
            return "EXPLAIN ANALYZE";
        }
    }

    /** {@code EXPLAIN query}. */
    public record ExplainStatement(String sql, int line) implements Statement {
        @Override
        public String kind() {
            return "EXPLAIN";
        }
    }

    /**
     * {@code CREATE [OR REPLACE] [TEMPORARY] VIEW [IF NOT EXISTS] name [(columns)] AS query}: a view
     * of the session. {@code sql} is the query whose columns are the view's (with the column names
     * given, if any).
     */
    public record CreateView(String name, String sql, boolean replace, boolean ifNotExists, int line)
            implements Statement {
        @Override
        public String kind() {
            return "CREATE VIEW";
        }
    }

    /** {@code DROP VIEW [IF EXISTS] name}. */
    public record DropView(String name, boolean ifExists, int line) implements Statement {
        @Override
        public String kind() {
            return "DROP VIEW";
        }
    }

    private SqlScript() {
    }


    /** The statements of {@code script}, in order; empty statements (only comments, or ';;') are left out. */
    public static List<Statement> parse(String script) {
        List<Statement> statements = new ArrayList<>();
        List<Token> tokens = SqlTokens.of(script);
        int begin = 0;
        for (int i = 0; i <= tokens.size(); i++) {
            if (i == tokens.size() || tokens.get(i).isSymbol(";")) {
                List<Token> statement = tokens.subList(begin, i);
                List<Token> significant = SqlTokens.significant(statement);
                if (!significant.isEmpty()) {
                    String text = script.substring(significant.get(0).start(), significant.get(significant.size() - 1).end());
                    statements.add(classify(text, SqlTokens.lineOf(script, significant.get(0).start())));
                }
                begin = i + 1;
            }
        }
        if (statements.isEmpty()) {
            throw new SqlSyntaxException("the statement is empty: give a query (SELECT, WITH, VALUES).", 0, 0, null);
        }
        return statements;
    }

    /** One statement's text (a trailing ';' is fine) as a statement. */
    public static Statement statement(String sql) {
        List<Statement> statements = parse(sql);
        if (statements.size() > 1) {
            throw new UnsupportedFeatureException("This runs one statement, but the text holds " + statements.size()
                    + " (separated by ';'); run them one at a time, or as a script (arbalest sql -f FILE).");
        }
        return statements.get(0);
    }

    private static Statement classify(String text, int line) {
        List<Token> tokens = SqlTokens.significant(SqlTokens.of(text));
        StatementCursor cursor = new StatementCursor(text, tokens, line);
        if (cursor.accept("EXPLAIN")) {
            if (cursor.accept("ANALYZE")) {
                return new ExplainAnalyzeStatement(cursor.rest(), line);
            }
            return new ExplainStatement(cursor.rest(), line);
        }
        if (cursor.accept("CREATE")) {
            boolean replace = cursor.accept("OR") && cursor.expect("REPLACE");
            boolean temporary = cursor.accept("TEMPORARY") || cursor.accept("TEMP");
            if (cursor.accept("VIEW")) {
                boolean ifNotExists = cursor.acceptAll("IF", "NOT", "EXISTS");
                String name = cursor.name("view");
                List<String> columns = cursor.columnList();
                cursor.expect("AS");
                String query = cursor.rest();
                String sql = columns.isEmpty() ? query : "SELECT * FROM (" + query + ") AS " + quote(name) + " ("
                        + String.join(", ", columns.stream().map(SqlScript::quote).toList()) + ")";
                return new CreateView(name, sql, replace, ifNotExists, line);
            }
            if (!replace && !temporary && (cursor.accept("DATABASE") || cursor.accept("SCHEMA"))) {
                return CatalogStatementParser.createDatabase(cursor, line);
            }
            if (!replace && !temporary) {
                boolean external = cursor.accept("EXTERNAL");
                if (cursor.accept("TABLE")) {
                    return CatalogStatementParser.createTable(cursor, external, line);
                }
            }
            throw unsupported(temporary ? "CREATE TEMPORARY " + cursor.peekWord()
                    : replace ? "CREATE OR REPLACE " + cursor.peekWord() : "CREATE " + cursor.peekWord(), line);
        }
        if (cursor.accept("DROP")) {
            if (cursor.accept("VIEW")) {
                boolean ifExists = cursor.acceptAll("IF", "EXISTS");
                String name = cursor.name("view");
                cursor.end();
                return new DropView(name, ifExists, line);
            }
            if (cursor.accept("DATABASE") || cursor.accept("SCHEMA")) {
                return CatalogStatementParser.dropDatabase(cursor, line);
            }
            if (cursor.accept("TABLE")) {
                return CatalogStatementParser.dropTable(cursor, line);
            }
            throw unsupported("DROP " + cursor.peekWord(), line);
        }
        if (cursor.accept("USE")) {
            return CatalogStatementParser.use(cursor, line);
        }
        if (cursor.accept("SHOW")) {
            return CatalogStatementParser.show(cursor, line);
        }
        if (cursor.accept("DESCRIBE") || cursor.accept("DESC")) {
            return CatalogStatementParser.describe(cursor, line);
        }
        if (cursor.acceptAll("ALTER", "TABLE")) {
            return CatalogStatementParser.alterTable(cursor, line);
        }
        if (cursor.accept("MSCK")) {
            return CatalogStatementParser.repair(cursor, line);
        }
        if (cursor.accept("INSERT")) {
            return CatalogStatementParser.insert(cursor, line);
        }
        String first = tokens.get(0).upper();
        if (tokens.get(0).kind() == Kind.WORD && List.of("UPDATE", "DELETE", "MERGE", "ALTER", "SET", "RESET",
                "TRUNCATE", "ANALYZE", "REFRESH", "CACHE", "UNCACHE", "LOAD").contains(first)) {
            throw unsupported(first, line);
        }
        return new QueryStatement(text, line);
    }

    static UnsupportedFeatureException unsupported(String statement, int line) {
        return new UnsupportedFeatureException(statement.strip() + " statements are not supported yet (line " + line
                + "); Arbalest runs queries (SELECT, WITH, VALUES), EXPLAIN, views (CREATE/DROP VIEW), databases "
                + "(CREATE/DROP DATABASE, USE, SHOW DATABASES), tables (CREATE/DROP TABLE, SHOW TABLES, DESCRIBE, "
                + "INSERT INTO/OVERWRITE, CREATE TABLE AS SELECT) and partitions (SHOW PARTITIONS, ALTER TABLE "
                + "ADD/DROP PARTITION, MSCK REPAIR TABLE).");
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

}
