package io.arbalest.planner.sql;

import io.arbalest.planner.error.SqlSyntaxException;
import io.arbalest.planner.sql.SqlTokens.Kind;
import io.arbalest.planner.sql.SqlTokens.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a statement's significant tokens from the front, with errors that name the script's line. */
final class StatementCursor {
    private final String text;
    private final List<Token> tokens;
    private final int line;
    private int position;

    StatementCursor(String text, List<Token> tokens, int line) {
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

    /** Accepts the words in order, or none of them. */
    boolean acceptAll(String... words) {
        for (int i = 0; i < words.length; i++) {
            if (position + i >= tokens.size() || !tokens.get(position + i).isWord(words[i])) {
                return false;
            }
        }
        position += words.length;
        return true;
    }

    boolean expect(String word) {
        if (!accept(word)) {
            throw syntax("expected " + word + found());
        }
        return true;
    }

    boolean acceptSymbol(String symbol) {
        if (position < tokens.size() && tokens.get(position).isSymbol(symbol)) {
            position++;
            return true;
        }
        return false;
    }

    void expectSymbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw syntax("expected '" + symbol + "'" + found());
        }
    }

    boolean atEnd() {
        return position >= tokens.size();
    }

    boolean peekIsSymbol(String symbol) {
        return position < tokens.size() && tokens.get(position).isSymbol(symbol);
    }

    /** At '(' followed by SELECT, WITH or VALUES: a parenthesized query, not a column list. */
    boolean peekAfterParenthesisIsQuery() {
        return position + 1 < tokens.size() && tokens.get(position).isSymbol("(")
                && (tokens.get(position + 1).isWord("SELECT") || tokens.get(position + 1).isWord("WITH")
                || tokens.get(position + 1).isWord("VALUES") || tokens.get(position + 1).isSymbol("("));
    }

    boolean peekIsString() {
        return position < tokens.size() && tokens.get(position).kind() == Kind.STRING;
    }

    String peekWord() {
        return position < tokens.size() ? tokens.get(position).upper() : "";
    }

    /** A name (word, "quoted" or `backquoted`) of a view: one part, since a temporary view has no database. */
    String name(String what) {
        String name = part(what);
        if (peekIsSymbol(".")) {
            throw syntax("a temporary " + what + " has no database: name it without '" + name + ".'");
        }
        return name;
    }

    /** One part of a name. */
    String part(String what) {
        if (position >= tokens.size()) {
            throw syntax("expected the " + what + "'s name but the statement ended");
        }
        Token token = tokens.get(position);
        if (token.kind() != Kind.WORD && token.kind() != Kind.QUOTED && token.kind() != Kind.BACKQUOTED) {
            throw syntax("expected the " + what + "'s name but found '" + token.text() + "'");
        }
        position++;
        return token.name();
    }

    /** {@code name} or {@code database.name}. */
    TableName tableName() {
        String first = part("table");
        if (acceptSymbol(".")) {
            return new TableName(Optional.of(first), part("table"));
        }
        return new TableName(Optional.empty(), first);
    }

    /** A string literal's value: quotes off, '' as ', and Hive's backslash escapes (\t, \n, \001, \\). */
    String string(String what) {
        if (position >= tokens.size() || tokens.get(position).kind() != Kind.STRING) {
            throw syntax("expected " + what + " as a 'quoted string'" + found());
        }
        String raw = tokens.get(position++).text();
        String body = raw.substring(1, raw.length() - (raw.length() > 1 && raw.endsWith("'") ? 1 : 0)).replace("''", "'");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.append(c);
                continue;
            }
            char next = body.charAt(++i);
            int octal = i;
            while (octal < body.length() && octal < i + 3 && body.charAt(octal) >= '0' && body.charAt(octal) <= '7') {
                octal++;
            }
            if (octal > i) {
                out.append((char) Integer.parseInt(body.substring(i, octal), 8));
                i = octal - 1;
                continue;
            }
            out.append(switch (next) {
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                default -> next;
            });
        }
        return out.toString();
    }

    /** A literal of a partition value: a string, a number (with its sign) or a word such as true or NULL. */
    String literal(String what) {
        if (position < tokens.size() && tokens.get(position).kind() == Kind.STRING) {
            return string(what);
        }
        String sign = acceptSymbol("-") ? "-" : "";
        if (position < tokens.size() && (tokens.get(position).kind() == Kind.NUMBER
                || tokens.get(position).kind() == Kind.WORD && sign.isEmpty())) {
            return sign + tokens.get(position++).text();
        }
        throw syntax("expected " + what + found());
    }

    /**
     * A column type as written, up to the ',' or ')' that ends it at its own depth (so
     * {@code DECIMAL(15, 2)} and {@code map<string, int>} are one type).
     */
    String typeText() {
        if (atEnd()) {
            throw syntax("expected a column type but the statement ended");
        }
        int start = tokens.get(position).start();
        int depth = 0;
        int end = start;
        while (position < tokens.size()) {
            Token token = tokens.get(position);
            if (depth == 0 && (token.isSymbol(",") || token.isSymbol(")") || token.isWord("COMMENT"))) {
                break;
            }
            if (token.isSymbol("(") || token.isSymbol("<")) {
                depth++;
            } else if (token.isSymbol(")") || token.isSymbol(">")) {
                depth--;
            }
            end = token.end();
            position++;
        }
        return text.substring(start, end);
    }

    /** The view's column names: {@code (a, b COMMENT 'x', ...)}, or none. */
    List<String> columnList() {
        List<String> columns = new ArrayList<>();
        if (acceptSymbol("(")) {
            do {
                columns.add(part("column"));
                if (accept("COMMENT")) {
                    string("the comment");
                }
            } while (acceptSymbol(","));
            expectSymbol(")");
        }
        return columns;
    }

    /** The text from the current token to the end. */
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

    private String found() {
        return position < tokens.size() ? " but found '" + tokens.get(position).text() + "'" : " but the statement ended";
    }

    SqlSyntaxException syntax(String message) {
        int at = position < tokens.size() ? tokens.get(position).start() : text.length();
        int lineOfToken = line + SqlTokens.lineOf(text, at) - 1;
        return new SqlSyntaxException("at line " + lineOfToken + ": " + message + ".", lineOfToken, 0, null);
    }
}
