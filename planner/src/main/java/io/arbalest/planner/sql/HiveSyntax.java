package io.arbalest.planner.sql;

import io.arbalest.planner.sql.SqlTokens.Kind;
import io.arbalest.planner.sql.SqlTokens.Token;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Rewrites the Hive and Spark forms that Calcite's (Babel) grammar lacks into ones it parses,
 * token by token, so that strings, quoted names and comments are never touched:
 * <ul>
 * <li>{@code `name`} (backquotes) becomes {@code "name"};</li>
 * <li>{@code date}, {@code time} and {@code timestamp} where they are names (a column
 * {@code date}, {@code t.date}, {@code AS date}) are quoted; as types ({@code CAST(x AS DATE)},
 * {@code DATE '2020-01-01'}, a column definition {@code d DATE}) they stay keywords;</li>
 * <li>{@code default.t} (Hive's and Spark's first database, naming a table in it) is quoted:
 * {@code "default".t};</li>
 * <li>{@code datediff(end, start)} is a call of Spark's function (Babel's grammar has a
 * {@code DATEDIFF(unit, start, end)} of its own);</li>
 * <li>{@code a DIV b} (integer division) becomes the function call {@code DIV(a, b)}, with the
 * operands that multiplicative precedence gives it.</li>
 * </ul>
 * HiveQL's clauses are then rewritten by {@link HiveClauses}. The rewrite is idempotent:
 * rewritten text is left as it is.
 */
final class HiveSyntax {
    /** Type keywords that Hive, Spark and DuckDB also accept as names. */
    private static final Set<String> TYPE_WORDS = Set.of("DATE", "TIME", "TIMESTAMP");
    /** Words after which an expression (not the end of an operand) comes. */
    private static final Set<String> EXPRESSION_KEYWORDS = Set.of("SELECT", "WHERE", "AND", "OR", "NOT", "ON", "BY",
            "WHEN", "THEN", "ELSE", "HAVING", "DISTINCT", "AS", "IN", "CASE", "BETWEEN", "LIKE", "IS", "FROM", "JOIN",
            "SET", "ALL", "ANY", "SOME", "EXISTS", "WITH", "UNION", "INTERSECT", "EXCEPT", "LIMIT", "OFFSET",
            "VALUES", "ROW", "OVER", "PARTITION", "ORDER", "GROUP", "INTERVAL", "DIV", "RETURN", "USING", "ESCAPE",
            "SIMILAR", "RLIKE", "REGEXP", "ILIKE", "FILTER", "WITHIN", "ROWS", "RANGE", "PRECEDING", "FOLLOWING");

    private HiveSyntax() {
    }

    static String rewrite(String sql) {
        String text = HiveClauses.rewrite(quoteNames(sql));
        String divided = divisionOnce(text);
        while (divided != null) {
            text = divided;
            divided = divisionOnce(text);
        }
        return text;
    }

    private static String quoteNames(String sql) {
        List<Token> tokens = SqlTokens.of(sql);
        List<Token> significant = SqlTokens.significant(tokens);
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int s = 0;
        for (Token token : tokens) {
            if (!token.significant()) {
                out.append(token.text());
                continue;
            }
            Token previous = s > 0 ? significant.get(s - 1) : null;
            Token next = s + 1 < significant.size() ? significant.get(s + 1) : null;
            s++;
            if (token.kind() == Kind.BACKQUOTED) {
                out.append('"').append(token.name().replace("\"", "\"\"")).append('"');
            } else if (token.isWord("DEFAULT") && next != null && next.isSymbol(".")) {
                out.append('"').append(token.text()).append('"'); // the database, not the keyword
            } else if (token.isWord("DATEDIFF") && next != null && next.isSymbol("(")) {
                out.append('"').append(token.text()).append('"'); // Spark's datediff(end, start), not Babel's grammar
            } else if (token.kind() == Kind.WORD && TYPE_WORDS.contains(token.upper()) && isName(previous, next)) {
                out.append('"').append(token.text()).append('"');
            } else {
                out.append(token.text());
            }
        }
        return out.toString();
    }

    /** Whether a DATE, TIME or TIMESTAMP word between these tokens is a name rather than a type. */
    private static boolean isName(Token previous, Token next) {
        if (next != null && (next.kind() == Kind.STRING || next.isSymbol("(") || next.isWord("WITH")
                || next.isWord("WITHOUT") || next.isWord("ZONE"))) {
            return false; // DATE '...', TIMESTAMP(3), TIMESTAMP WITH TIME ZONE
        }
        if (previous == null) {
            return true;
        }
        if (previous.isWord("AS")) {
            return next == null || !next.isSymbol(")"); // CAST(x AS DATE) is a type; x AS date a name
        }
        if (previous.isSymbol("::")) {
            return false;
        }
        boolean afterName = previous.kind() == Kind.QUOTED || previous.kind() == Kind.BACKQUOTED
                || previous.kind() == Kind.WORD && !EXPRESSION_KEYWORDS.contains(previous.upper());
        return !afterName; // "d DATE" in a column definition
    }

    /** The text with its first {@code a DIV b} made {@code DIV(a, b)}; null when there is none. */
    private static String divisionOnce(String sql) {
        List<Token> tokens = SqlTokens.significant(SqlTokens.of(sql));
        for (int i = 1; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).isWord("DIV") && endsOperand(tokens.get(i - 1)) && startsOperand(tokens.get(i + 1))) {
                int left = operandStart(tokens, i - 1);
                int right = operandEnd(tokens, i + 1);
                if (left < 0 || right < 0) {
                    return null;
                }
                int from = tokens.get(left).start();
                int to = tokens.get(right).end();
                return sql.substring(0, from) + "DIV(" + sql.substring(from, tokens.get(i - 1).end()) + ", "
                        + sql.substring(tokens.get(i + 1).start(), to) + ")" + sql.substring(to);
            }
        }
        return null;
    }

    static boolean endsOperand(Token token) {
        return switch (token.kind()) {
            case QUOTED, BACKQUOTED, STRING, NUMBER -> true;
            case WORD -> !EXPRESSION_KEYWORDS.contains(token.upper());
            case SYMBOL -> token.isSymbol(")");
            default -> false;
        };
    }

    private static boolean startsOperand(Token token) {
        return switch (token.kind()) {
            case QUOTED, BACKQUOTED, STRING, NUMBER -> true;
            case WORD -> !EXPRESSION_KEYWORDS.contains(token.upper()) || token.isWord("CASE")
                    || token.isWord("INTERVAL") || token.isWord("NOT");
            case SYMBOL -> token.isSymbol("(") || token.isSymbol("-") || token.isSymbol("+");
            default -> false;
        };
    }

    /** The first token of the left operand whose last token is at {@code end}: a chain of multiplicative terms. */
    private static int operandStart(List<Token> tokens, int end) {
        int start = primaryStart(tokens, end);
        while (start >= 2) {
            Token before = tokens.get(start - 1);
            boolean multiplicative = before.isSymbol("*") || before.isSymbol("/") || before.isSymbol("%");
            if (!multiplicative || !endsOperand(tokens.get(start - 2))) {
                break;
            }
            start = primaryStart(tokens, start - 2);
            if (start < 0) {
                return -1;
            }
        }
        if (start >= 1 && (tokens.get(start - 1).isSymbol("-") || tokens.get(start - 1).isSymbol("+"))
                && (start == 1 || !endsOperand(tokens.get(start - 2)))) {
            start--; // a sign binds tighter than DIV
        }
        return start;
    }

    private static int primaryStart(List<Token> tokens, int end) {
        if (end < 0) {
            return -1;
        }
        Token last = tokens.get(end);
        int start = end;
        if (last.isSymbol(")")) {
            start = matching(tokens, end, ")", "(", -1);
            Token before = start > 0 ? tokens.get(start - 1) : null;
            // A function call; DIV( is one too: DIVs are rewritten left to right.
            if (before != null && before.kind() == Kind.WORD
                    && (!EXPRESSION_KEYWORDS.contains(before.upper()) || before.isWord("DIV"))) {
                start--;
            }
        } else if (last.isWord("END")) {
            start = matchingWord(tokens, end, "END", "CASE", -1);
        } else if (last.kind() == Kind.STRING && end > 0 && tokens.get(end - 1).kind() == Kind.WORD
                && TYPE_WORDS.contains(tokens.get(end - 1).upper())) {
            start--; // DATE '...'
        }
        while (start >= 2 && tokens.get(start - 1).isSymbol(".") && (tokens.get(start - 2).kind() == Kind.WORD
                || tokens.get(start - 2).kind() == Kind.QUOTED || tokens.get(start - 2).kind() == Kind.BACKQUOTED)) {
            start -= 2;
        }
        return start;
    }

    /** The last token of the right operand that starts at {@code start}: one (signed) term. */
    private static int operandEnd(List<Token> tokens, int start) {
        int i = start;
        while (i < tokens.size() && (tokens.get(i).isSymbol("-") || tokens.get(i).isSymbol("+"))) {
            i++;
        }
        if (i >= tokens.size()) {
            return -1;
        }
        Token first = tokens.get(i);
        int end = i;
        if (first.isSymbol("(")) {
            end = matching(tokens, i, "(", ")", 1);
        } else if (first.isWord("CASE")) {
            end = matchingWord(tokens, i, "CASE", "END", 1);
        } else if (first.kind() == Kind.WORD && i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(")) {
            end = matching(tokens, i + 1, "(", ")", 1);
        } else if (first.kind() == Kind.WORD && i + 1 < tokens.size() && tokens.get(i + 1).kind() == Kind.STRING) {
            end = i + 1; // DATE '...'
        }
        while (end >= 0 && end + 2 < tokens.size() && tokens.get(end + 1).isSymbol(".")) {
            end += 2;
        }
        return end;
    }

    private static int matching(List<Token> tokens, int from, String open, String close, int step) {
        return matching(tokens, from, t -> t.isSymbol(open), t -> t.isSymbol(close), step);
    }

    private static int matchingWord(List<Token> tokens, int from, String open, String close, int step) {
        return matching(tokens, from, t -> t.isWord(open), t -> t.isWord(close), step);
    }

    /** The index of the token that closes the one at {@code from}, walking by {@code step}; -1 if none. */
    private static int matching(List<Token> tokens, int from, Predicate<Token> open, Predicate<Token> close,
            int step) {
        int depth = 0;
        for (int i = from; i >= 0 && i < tokens.size(); i += step) {
            if (open.test(tokens.get(i))) {
                depth++;
            } else if (close.test(tokens.get(i)) && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
