package io.arbalest.planner.sql;

import io.arbalest.planner.error.SqlValidationException;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlShuttle;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spark's lateral column aliases: {@code SELECT a + 1 AS x, x * 2 AS y} may name {@code x}, an
 * alias earlier in the same select list, where no column of that name exists (a column wins, as in
 * Spark 3.4). The validator says which name it could not find and where; each such use is then
 * replaced by the aliased expression and the query validated again.
 */
final class LateralAliases extends SqlShuttle {
    private static final Pattern MISSING = Pattern.compile("Column '([^']+)' not found in any table");

    /** A name the validator did not find, at a line and column of the parsed text. */
    record Use(String name, int line, int column, SqlValidationException error) {
    }

    private final List<Use> uses;
    private final Set<Use> replaced = new HashSet<>();

    LateralAliases(List<Use> uses) {
        this.uses = uses;
    }

    /** The missing name of a validation error, if it is one. */
    static Optional<Use> use(SqlValidationException error) {
        if (!(error.getCause() instanceof CalciteContextException context)) {
            return Optional.empty();
        }
        Matcher missing = MISSING.matcher(String.valueOf(context.getMessage()));
        return missing.find() ? Optional.of(new Use(missing.group(1), context.getPosLine(), context.getPosColumn(), error))
                : Optional.empty();
    }

    /** The uses this shuttle could not replace (no earlier alias of that name in their select list). */
    List<Use> unreplaced() {
        return uses.stream().filter(use -> !replaced.contains(use)).toList();
    }

    @Override
    public SqlNode visit(SqlCall call) {
        if (call instanceof SqlSelect select && !uses.isEmpty()) {
            SqlNodeList items = select.getSelectList();
            for (int i = 1; i < items.size(); i++) {
                List<SqlNode> earlier = items.getList().subList(0, i);
                items.set(i, items.get(i).accept(new Replacer(earlier)));
            }
        }
        return super.visit(call);
    }

    /** A copy that shares no node with the original. */
    private static final class DeepCopy extends SqlShuttle {
        @Override
        public SqlNode visit(SqlCall call) {
            CallCopyingArgHandler copy = new CallCopyingArgHandler(call, true);
            call.getOperator().acceptCall(this, call, false, copy);
            return copy.result();
        }

        @Override
        public SqlNode visit(SqlIdentifier identifier) {
            return identifier.clone(identifier.getParserPosition());
        }
    }

    /** Replaces, within one select item, the uses of aliases of the items before it. */
    private final class Replacer extends SqlShuttle {
        private final List<SqlNode> earlier;

        Replacer(List<SqlNode> earlier) {
            this.earlier = earlier;
        }

        @Override
        public SqlNode visit(SqlIdentifier identifier) {
            if (!identifier.isSimple()) {
                return identifier;
            }
            for (Use use : uses) {
                if (identifier.getSimple().equalsIgnoreCase(use.name())
                        && identifier.getParserPosition().getLineNum() == use.line()
                        && identifier.getParserPosition().getColumnNum() == use.column()) {
                    Optional<SqlNode> aliased = aliased(use.name());
                    if (aliased.isPresent()) {
                        replaced.add(use);
                        return aliased.get().accept(new DeepCopy()); // the validator rewrites nodes in place
                    }
                }
            }
            return identifier;
        }

        private Optional<SqlNode> aliased(String name) {
            for (int i = earlier.size() - 1; i >= 0; i--) {
                if (earlier.get(i).getKind() == SqlKind.AS) {
                    SqlCall as = (SqlCall) earlier.get(i);
                    SqlNode alias = as.operand(1);
                    if (alias instanceof SqlIdentifier id && id.getSimple().equalsIgnoreCase(name)) {
                        return Optional.of(as.operand(0));
                    }
                }
            }
            return Optional.empty();
        }
    }
}
