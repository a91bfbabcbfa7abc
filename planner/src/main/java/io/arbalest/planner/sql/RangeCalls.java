package io.arbalest.planner.sql;

import io.arbalest.planner.error.SqlValidationException;

import java.util.ArrayList;
import java.util.List;

/**
 * Spark's table function {@code range(end)}, {@code range(start, end[, step])} in FROM (constant
 * bounds): a table of BIGINT {@code id} from start (0) up to end, as a DataFrame's
 * {@code session.range} reads it. The call is replaced by the name of such a table of the query.
 */
final class RangeCalls {
    /** Names the range table of start, end and step for the query. */
    @FunctionalInterface
    interface Tables {
        String name(long start, long end, long step);
    }

    private RangeCalls() {
    }

    /** {@code sql} with each {@code range(...)} of a FROM clause replaced by its table's quoted name. */
    static String rewrite(String sql, Tables tables) {
        List<SqlTokens.Token> tokens = SqlTokens.significant(SqlTokens.of(sql));
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int i = 1; i + 2 < tokens.size(); i++) {
            SqlTokens.Token before = tokens.get(i - 1);
            if (!tokens.get(i).isWord("RANGE") || !tokens.get(i + 1).isSymbol("(")
                    || !(before.isWord("FROM") || before.isWord("JOIN") || before.isSymbol(","))) {
                continue;
            }
            List<Long> bounds = new ArrayList<>();
            int j = i + 2;
            while (j < tokens.size()) {
                boolean negative = tokens.get(j).isSymbol("-");
                if (negative && j + 1 >= tokens.size()) {
                    break;
                }
                SqlTokens.Token number = tokens.get(negative ? j + 1 : j);
                if (number.kind() != SqlTokens.Kind.NUMBER || !number.text().matches("\\d{1,18}")) {
                    break; // an expression, or beyond a BIGINT: not read here
                }
                bounds.add(Long.parseLong(number.text()) * (negative ? -1 : 1));
                j += negative ? 2 : 1;
                if (j >= tokens.size() || !tokens.get(j).isSymbol(",")) {
                    break;
                }
                j++;
            }
            if (bounds.isEmpty() || bounds.size() > 3 || j >= tokens.size() || !tokens.get(j).isSymbol(")")) {
                continue; // not constants: a column named range, or a form this does not read
            }
            long start = bounds.size() == 1 ? 0 : bounds.get(0);
            long end = bounds.size() == 1 ? bounds.get(0) : bounds.get(1);
            long step = bounds.size() == 3 ? bounds.get(2) : 1;
            if (step == 0) {
                throw new SqlValidationException("range's step must not be 0 (line " + SqlTokens.lineOf(sql,
                        tokens.get(i).start()) + ").", null);
            }
            out.append(sql, at, tokens.get(i).start()).append('"')
                    .append(tables.name(start, end, step)).append('"');
            at = tokens.get(j).end();
        }
        return at == 0 ? sql : out.append(sql.substring(at)).toString();
    }
}
