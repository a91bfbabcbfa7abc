package io.arbalest.planner.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of SQL text, whitespace and comments included, each with its offsets: enough to
 * split a script at its top-level ';' and to rewrite Hive and Spark forms before Calcite parses
 * them, without being fooled by a ';' or a keyword inside a string, a quoted name or a comment.
 */
final class SqlTokens {
    enum Kind {
        /** An unquoted name or keyword. */
        WORD,
        /** A name in double quotes. */
        QUOTED,
        /** A name in backquotes, as Hive and Spark write them. */
        BACKQUOTED,
        /** A character string in single quotes. */
        STRING,
        NUMBER,
        SYMBOL,
        SPACE,
        COMMENT
    }

    record Token(Kind kind, int start, int end, String text) {
        boolean significant() {
            return kind != Kind.SPACE && kind != Kind.COMMENT;
        }

        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        String upper() {
            return text.toUpperCase(Locale.ROOT);
        }

        /** The name a word or a quoted name stands for: without its quotes, a doubled quote as one. */
        String name() {
            if (kind != Kind.QUOTED && kind != Kind.BACKQUOTED) {
                return text;
            }
            String quote = text.substring(0, 1);
            boolean closed = text.length() > 1 && text.endsWith(quote);
            return text.substring(1, text.length() - (closed ? 1 : 0)).replace(quote + quote, quote);
        }
    }

    private static final List<String> TWO_CHARACTER_SYMBOLS = List.of("<=", ">=", "<>", "!=", "||", "::", "==");

    private SqlTokens() {
    }

    /** All tokens of {@code sql}; an unterminated string, name or comment runs to the end. */
    static List<Token> of(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            Kind kind;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(sql.charAt(i))) {
                    i++;
                }
                kind = Kind.SPACE;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                kind = Kind.COMMENT;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                kind = Kind.COMMENT;
            } else if (c == '\'' || c == '"' || c == '`') {
                i = closingQuote(sql, i, c);
                kind = c == '\'' ? Kind.STRING : c == '"' ? Kind.QUOTED : Kind.BACKQUOTED;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                i = numberEnd(sql, i);
                kind = Kind.NUMBER;
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                kind = Kind.WORD;
            } else {
                i += i + 1 < n && TWO_CHARACTER_SYMBOLS.contains(sql.substring(i, i + 2)) ? 2 : 1;
                kind = Kind.SYMBOL;
            }
            tokens.add(new Token(kind, start, i, sql.substring(start, i)));
        }
        return tokens;
    }

    /** The significant tokens (no whitespace, no comments). */
    static List<Token> significant(List<Token> tokens) {
        return tokens.stream().filter(Token::significant).toList();
    }

    /** The offset after the quote that closes the one at {@code open}; a doubled quote is part of the text. */
    private static int closingQuote(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int numberEnd(String sql, int start) {
        int i = start;
        while (i < sql.length() && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
            i++;
        }
        if (i < sql.length() && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int exponent = i + 1;
            if (exponent < sql.length() && (sql.charAt(exponent) == '+' || sql.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < sql.length() && Character.isDigit(sql.charAt(exponent))) {
                i = exponent;
                while (i < sql.length() && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }

    /** The 1-based line of {@code offset} in {@code sql}. */
    static int lineOf(String sql, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < sql.length(); i++) {
            if (sql.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
