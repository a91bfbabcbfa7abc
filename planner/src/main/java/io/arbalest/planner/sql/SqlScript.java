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
    public sealed interface Statement {
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
        Cursor cursor = new Cursor(text, tokens, line);
        if (cursor.accept("EXPLAIN")) {
            return new ExplainStatement(cursor.rest(), line);
        }
        if (cursor.accept("CREATE")) {
            boolean replace = cursor.accept("OR") && cursor.expect("REPLACE");
            boolean temporary = cursor.accept("TEMPORARY") || cursor.accept("TEMP");
            if (cursor.accept("VIEW")) {
                boolean ifNotExists = cursor.accept("IF") && cursor.expect("NOT") && cursor.expect("EXISTS");
                String name = cursor.name("view");
                List<String> columns = cursor.columnList();
                cursor.expect("AS");
                String query = cursor.rest();
                String sql = columns.isEmpty() ? query : "SELECT * FROM (" + query + ") AS " + quote(name) + " ("
                        + String.join(", ", columns.stream().map(SqlScript::quote).toList()) + ")";
                return new CreateView(name, sql, replace, ifNotExists, line);
            }
            throw unsupported(temporary ? "CREATE TEMPORARY " + cursor.peekWord() : "CREATE " + cursor.peekWord(), line);
        }
        if (cursor.accept("DROP")) {
            if (cursor.accept("VIEW")) {
                boolean ifExists = cursor.accept("IF") && cursor.expect("EXISTS");
                String name = cursor.name("view");
                cursor.end();
                return new DropView(name, ifExists, line);
            }
            throw unsupported("DROP " + cursor.peekWord(), line);
        }
        String first = tokens.get(0).upper();
        if (tokens.get(0).kind() == Kind.WORD && List.of("INSERT", "UPDATE", "DELETE", "MERGE", "ALTER", "USE", "SHOW",
                "DESCRIBE", "DESC", "SET", "RESET", "MSCK", "TRUNCATE", "ANALYZE", "REFRESH", "CACHE", "UNCACHE")
                .contains(first)) {
            throw unsupported(first, line);
        }
        return new QueryStatement(text, line);
    }

    private static UnsupportedFeatureException unsupported(String statement, int line) {
        return new UnsupportedFeatureException(statement.strip() + " statements are not supported yet (line " + line
                + "); Arbalest runs queries (SELECT, WITH, VALUES), EXPLAIN, CREATE [TEMPORARY] VIEW and DROP VIEW.");
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Reads a statement's tokens from the front. */
    private static final class Cursor {
        private final String text;
        private final List<Token> tokens;
        private final int line;
        private int position;

        Cursor(String text, List<Token> tokens, int line) {
            this.text = text;
            this.tokens = tokens;
            this.line = line;
        }

        boolean accept(String word) {
            if (position < tokens.size() && tokens.get(position).isWord(word)) {
                position++;
                return true;
            }
            return false;
        }

        boolean expect(String word) {
            if (!accept(word)) {
                throw syntax("expected " + word + (position < tokens.size()
                        ? " but found '" + tokens.get(position).text() + "'" : " but the statement ended"));
            }
            return true;
        }

        String peekWord() {
            return position < tokens.size() ? tokens.get(position).upper() : "";
        }

        String name(String what) {
            if (position >= tokens.size()) {
                throw syntax("expected the " + what + "'s name but the statement ended");
            }
            Token token = tokens.get(position++);
            if (token.kind() != Kind.WORD && token.kind() != Kind.QUOTED && token.kind() != Kind.BACKQUOTED) {
                throw syntax("expected the " + what + "'s name but found '" + token.text() + "'");
            }
            String name = token.name();
            if (position < tokens.size() && tokens.get(position).isSymbol(".")) {
                throw syntax("a temporary " + what + " has no database: name it without '" + name + ".'");
            }
            return name;
        }

        List<String> columnList() {
            List<String> columns = new ArrayList<>();
            if (position < tokens.size() && tokens.get(position).isSymbol("(")) {
                position++;
                do {
                    columns.add(name("column"));
                    if (position < tokens.size() && tokens.get(position).isWord("COMMENT")) {
                        position += 2;
                    }
                } while (position < tokens.size() && tokens.get(position++).isSymbol(","));
                if (!tokens.get(position - 1).isSymbol(")")) {
                    throw syntax("expected ')' after the view's column names");
                }
            }
            return columns;
        }

        String rest() {
            if (position >= tokens.size()) {
                throw syntax("expected a query but the statement ended");
            }
            return text.substring(tokens.get(position).start());
        }

        void end() {
            if (position < tokens.size()) {
                throw syntax("unexpected '" + tokens.get(position).text() + "' after the end of the statement");
            }
        }

        private SqlSyntaxException syntax(String message) {
            int at = position < tokens.size() ? tokens.get(position).start() : text.length();
            int lineOfToken = line + SqlTokens.lineOf(text, at) - 1;
            return new SqlSyntaxException("at line " + lineOfToken + ": " + message + ".", lineOfToken, 0, null);
        }
    }
}
