package io.arbalest.planner.sql;

import io.arbalest.planner.sql.SqlTokens.Kind;
import io.arbalest.planner.sql.SqlTokens.Token;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Rewrites HiveQL's clauses that Calcite's grammar lacks into standard ones, token by token:
 * <ul>
 * <li>{@code SORT BY} becomes {@code ORDER BY} (a total order is one Hive's per-reducer order
 * allows), {@code CLUSTER BY k} becomes {@code ORDER BY k}, and {@code DISTRIBUTE BY k} is
 * dropped: how rows are spread over tasks is the engine's choice;</li>
 * <li>in a window ({@code OVER (...)}), {@code DISTRIBUTE BY} is {@code PARTITION BY},
 * {@code SORT BY} is {@code ORDER BY} and {@code CLUSTER BY k} is
 * {@code PARTITION BY k ORDER BY k}, as in Spark;</li>
 * <li>{@code GROUP BY a, b WITH ROLLUP} (or {@code WITH CUBE}) becomes
 * {@code GROUP BY ROLLUP(a, b)};</li>
 * <li>{@code s REGEXP p} is {@code s RLIKE p};</li>
 * <li>{@code FROM VALUES (1, 'a'), (2, 'b') AS t(x, y)} is {@code FROM (VALUES ...) AS t(x, y)}.</li>
 * </ul>
 */
final class HiveClauses {
    /** Words that end a SORT/DISTRIBUTE/CLUSTER BY list at its own depth. */
    private static final Set<String> CLAUSE_ENDS = Set.of("SORT", "ORDER", "DISTRIBUTE", "CLUSTER", "LIMIT", "OFFSET",
            "UNION", "INTERSECT", "EXCEPT", "MINUS", "WINDOW", "ROWS", "RANGE", "INSERT", "SELECT");

    private record Edit(int start, int end, String text) {
    }

    private HiveClauses() {
    }

    static String rewrite(String sql) {
        List<Token> tokens = SqlTokens.significant(SqlTokens.of(sql));
        List<Edit> edits = new ArrayList<>();
        Deque<Boolean> windows = new ArrayDeque<>(); // one per open parenthesis: whether it is OVER's
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isSymbol("(")) {
                windows.push(i > 0 && tokens.get(i - 1).isWord("OVER"));
                continue;
            }
            if (token.isSymbol(")")) {
                windows.poll();
                continue;
            }
            boolean inWindow = Boolean.TRUE.equals(windows.peek());
            boolean by = i + 2 < tokens.size() && tokens.get(i + 1).isWord("BY");
            if (token.isWord("SORT") && by) {
                edits.add(new Edit(token.start(), token.end(), "ORDER"));
            } else if (token.isWord("DISTRIBUTE") && by) {
                if (inWindow) {
                    edits.add(new Edit(token.start(), token.end(), "PARTITION"));
                } else {
                    int last = listEnd(tokens, i + 2);
                    edits.add(new Edit(token.start(), tokens.get(last).end(), ""));
                    i = last;
                }
            } else if (token.isWord("CLUSTER") && by) {
                if (inWindow) {
                    int last = listEnd(tokens, i + 2);
                    String keys = sql.substring(tokens.get(i + 2).start(), tokens.get(last).end());
                    edits.add(new Edit(token.start(), tokens.get(last).end(), "PARTITION BY " + keys + " ORDER BY " + keys));
                    i = last;
                } else {
                    edits.add(new Edit(token.start(), token.end(), "ORDER"));
                }
            } else if (token.isWord("WITH") && i + 1 < tokens.size()
                    && (tokens.get(i + 1).isWord("ROLLUP") || tokens.get(i + 1).isWord("CUBE"))) {
                int group = groupByBefore(tokens, i);
                if (group >= 0 && group + 2 < i) {
                    Token kind = tokens.get(i + 1);
                    edits.add(new Edit(tokens.get(group + 2).start(), tokens.get(group + 2).start(), kind.upper() + "("));
                    edits.add(new Edit(tokens.get(i - 1).end(), kind.end(), ")"));
                    i++;
                }
            } else if (token.isWord("VALUES") && i > 0 && (tokens.get(i - 1).isWord("FROM") || tokens.get(i - 1).isWord("JOIN")
                    || tokens.get(i - 1).isSymbol(",") && inFrom(tokens, i - 1))) {
                inlineTable(sql, tokens, i, edits);
            } else if (token.isWord("REGEXP") && i > 0 && (HiveSyntax.endsOperand(tokens.get(i - 1))
                    || i > 1 && tokens.get(i - 1).isWord("NOT") && HiveSyntax.endsOperand(tokens.get(i - 2)))) {
                edits.add(new Edit(token.start(), token.end(), "RLIKE"));
            }
        }
        if (edits.isEmpty()) {
            return sql;
        }
        edits.sort(Comparator.comparingInt(Edit::start));
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int at = 0;
        for (Edit edit : edits) {
            out.append(sql, at, edit.start()).append(edit.text());
            at = edit.end();
        }
        return out.append(sql.substring(at)).toString();
    }

    /**
     * Spark's inline table {@code FROM VALUES (1, 'a'), (2, 'b') [AS] t(x, y)}, which standard SQL
     * parenthesizes: {@code FROM (VALUES ...) AS t(x, y)}. Without an alias its columns are named as
     * Spark names them, col1, col2 ...
     */
    private static void inlineTable(String sql, List<Token> tokens, int values, List<Edit> edits) {
        int depth = 0;
        int end = values + 1; // the first token after the rows
        int columns = 1;
        boolean firstRow = true;
        for (; end < tokens.size(); end++) {
            Token token = tokens.get(end);
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")")) {
                if (depth == 0) {
                    break;
                }
                depth--;
                firstRow &= depth > 0;
            } else if (token.isSymbol(",")) {
                if (depth == 1 && firstRow) {
                    columns++;
                }
                if (depth == 0) {
                    firstRow = false;
                }
            } else if (depth == 0 && (token.kind() == Kind.WORD || token.kind() == Kind.QUOTED
                    || token.kind() == Kind.BACKQUOTED || token.isSymbol(";"))
                    && !tokens.get(end - 1).isSymbol(",") && !tokens.get(end - 1).isWord("VALUES")) {
                break; // AS, an alias, WHERE, JOIN, ... after the last row
            }
        }
        edits.add(new Edit(tokens.get(values).start(), tokens.get(values).start(), "("));
        int close = tokens.get(end - 1).end();
        boolean aliased = end < tokens.size() && (tokens.get(end).isWord("AS") || tokens.get(end).kind() == Kind.QUOTED
                || tokens.get(end).kind() == Kind.BACKQUOTED || tokens.get(end).kind() == Kind.WORD
                && !CLAUSE_ENDS.contains(tokens.get(end).upper()) && !Set.of("WHERE", "GROUP", "HAVING", "JOIN", "INNER",
                "LEFT", "RIGHT", "FULL", "CROSS", "ON", "LATERAL").contains(tokens.get(end).upper()));
        StringBuilder alias = new StringBuilder(")");
        if (!aliased) {
            alias.append(" AS inline_table(");
            for (int c = 1; c <= columns; c++) {
                alias.append(c > 1 ? ", " : "").append("col").append(c);
            }
            alias.append(")");
        }
        edits.add(new Edit(close, close, alias.toString()));
    }

    /** Whether the comma at {@code comma} separates tables of a FROM clause (at its depth). */
    private static boolean inFrom(List<Token> tokens, int comma) {
        int depth = 0;
        for (int j = comma - 1; j >= 0; j--) {
            Token token = tokens.get(j);
            if (token.isSymbol(")")) {
                depth++;
            } else if (token.isSymbol("(")) {
                if (depth == 0) {
                    return false;
                }
                depth--;
            } else if (depth == 0 && token.isWord("FROM")) {
                return true;
            } else if (depth == 0 && token.isWord("SELECT")) {
                return false;
            }
        }
        return false;
    }

    /** The last token of the expression list that starts at {@code from}, at that list's depth. */
    private static int listEnd(List<Token> tokens, int from) {
        int depth = 0;
        for (int j = from; j < tokens.size(); j++) {
            Token token = tokens.get(j);
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")")) {
                if (depth == 0) {
                    return j - 1;
                }
                depth--;
            } else if (depth == 0 && (token.isSymbol(";") || token.kind() == Kind.WORD
                    && CLAUSE_ENDS.contains(token.upper()))) {
                return j - 1;
            }
        }
        return tokens.size() - 1;
    }

    /** The index of the GROUP of the GROUP BY that a WITH ROLLUP at {@code with} ends, or -1. */
    private static int groupByBefore(List<Token> tokens, int with) {
        int depth = 0;
        for (int j = with - 1; j > 0; j--) {
            Token token = tokens.get(j);
            if (token.isSymbol(")")) {
                depth++;
            } else if (token.isSymbol("(")) {
                if (depth == 0) {
                    return -1;
                }
                depth--;
            } else if (depth == 0 && token.isWord("BY") && tokens.get(j - 1).isWord("GROUP")) {
                return j - 1;
            } else if (depth == 0 && (token.isWord("SELECT") || token.isWord("FROM") || token.isWord("WHERE"))) {
                return -1;
            }
        }
        return -1;
    }
}
