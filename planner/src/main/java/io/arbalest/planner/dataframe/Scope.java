package io.arbalest.planner.dataframe;

import io.arbalest.planner.error.SqlValidationException;

import java.util.HashMap;
import java.util.Map;

/**
 * Which DataFrames a query block can see, and by what qualifier: {@code df.col("x")} becomes
 * {@code "t3"."x"} when {@code df} is the input aliased {@code t3}, or plain {@code "x"} when
 * it is the block itself. A DataFrame seen twice (a self-join without aliases) is ambiguous.
 */
final class Scope {
    private static final String AMBIGUOUS = "\0ambiguous";

    private final Map<Long, String> qualifiers = new HashMap<>();
    /** Names users gave DataFrames (lower case), to the qualifier that reaches their columns now. */
    private final Map<String, String> aliases = new HashMap<>();

    static Scope of(long planId, String qualifier) {
        Scope scope = new Scope();
        scope.put(planId, qualifier);
        return scope;
    }

    /** Both scopes: the inputs of a join. */
    static Scope union(Scope left, Scope right) {
        Scope scope = new Scope();
        scope.qualifiers.putAll(left.qualifiers);
        right.qualifiers.forEach(scope::put);
        scope.aliases.putAll(left.aliases);
        scope.aliases.putAll(right.aliases);
        return scope;
    }

    /** Every DataFrame of this scope, now seen through one derived table {@code alias}. */
    Scope through(String alias) {
        Scope scope = new Scope();
        qualifiers.forEach((id, qualifier) -> scope.qualifiers.put(id, qualifier.equals(AMBIGUOUS) ? AMBIGUOUS : alias));
        aliases.keySet().forEach(name -> scope.aliases.put(name, alias));
        return scope;
    }

    /** A name the user gave a DataFrame (df.alias(name)), whose columns are now reached through {@code qualifier}. */
    void alias(String name, String qualifier) {
        aliases.put(name.toLowerCase(java.util.Locale.ROOT), qualifier);
    }

    /** What qualifier {@code name} of {@code col("name.x")} stands for here: a user's alias may now be a derived table. */
    String qualifier(String name) {
        return aliases.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), name);
    }

    void put(long planId, String qualifier) {
        String previous = qualifiers.putIfAbsent(planId, qualifier);
        if (previous != null && !previous.equals(qualifier)) {
            qualifiers.put(planId, AMBIGUOUS);
        }
    }

    /** The qualifier of a column of DataFrame {@code planId}; empty when it needs none. */
    String qualifier(long planId, String column) {
        String qualifier = qualifiers.get(planId);
        if (qualifier == null) {
            throw new SqlValidationException("Column '" + column + "' belongs to a DataFrame that is not an input of "
                    + "this operation. Take the column from one of its inputs, or name it with col(\"" + column
                    + "\").", null);
        }
        if (qualifier.equals(AMBIGUOUS)) {
            throw new SqlValidationException("Column '" + column + "' is ambiguous: its DataFrame is on both sides. "
                    + "Give each side a name with alias(\"a\") and write col(\"a." + column + "\").", null);
        }
        return qualifier;
    }
}
