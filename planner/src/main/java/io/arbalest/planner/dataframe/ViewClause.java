package io.arbalest.planner.dataframe;

import io.arbalest.proto.logical.Relation;
import io.arbalest.proto.logical.View;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A session's temporary views as the WITH clause of a query: the views it names, and the views
 * those name, each after the views it names; a view shadows a table of the same name, as in
 * Spark, and is resolved when it is used (a view on a replaced view sees the new one, as Spark 3.1
 * and later). A view that no query names costs nothing.
 */
final class ViewClause {
    /** By lower-case name, in the order they were (re)defined. */
    private final Map<String, View> views = new LinkedHashMap<>();

    ViewClause(List<View> views) {
        for (View view : views) {
            this.views.remove(view.getName().toLowerCase(Locale.ROOT));
            this.views.put(view.getName().toLowerCase(Locale.ROOT), view);
        }
    }

    /** {@code body} after a WITH clause of the views it needs, each compiled to SQL by {@code compile}. */
    String withViews(String body, Function<Relation, String> compile) {
        if (views.isEmpty()) {
            return body;
        }
        Map<String, String> used = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>(List.of(body));
        while (!pending.isEmpty()) {
            String text = pending.remove(pending.size() - 1).toLowerCase(Locale.ROOT);
            for (Map.Entry<String, View> view : views.entrySet()) {
                if (!used.containsKey(view.getKey()) && mentions(text, view.getKey())) {
                    String sql = compile.apply(view.getValue().getPlan());
                    used.put(view.getKey(), sql);
                    pending.add(sql);
                }
            }
        }
        if (used.isEmpty()) {
            return body;
        }
        List<String> order = new ArrayList<>();
        for (String name : views.keySet()) {
            if (used.containsKey(name)) {
                dependenciesFirst(name, used, order, new HashSet<>());
            }
        }
        String with = order.stream()
                .map(name -> SqlText.identifier(views.get(name).getName()) + " AS (" + used.get(name) + ")")
                .collect(Collectors.joining(", "));
        String trimmed = body.stripLeading();
        if (trimmed.regionMatches(true, 0, "WITH", 0, 4) && trimmed.length() > 4
                && Character.isWhitespace(trimmed.charAt(4))) {
            return "WITH " + with + ", " + trimmed.substring(5); // the query's own WITH list goes on
        }
        return "WITH " + with + " " + body;
    }

    /**
     * Adds {@code name} to {@code order} after the views its SQL names (a view replaced after
     * another view was defined on it comes before that view). A view's name in its own SQL is the
     * table it shadows, and a cycle (from a name that only looks like a view's) is not followed.
     */
    private static void dependenciesFirst(String name, Map<String, String> used, List<String> order, Set<String> path) {
        if (order.contains(name) || !path.add(name)) {
            return;
        }
        String sql = used.get(name).toLowerCase(Locale.ROOT);
        for (String other : used.keySet()) {
            if (!other.equals(name) && mentions(sql, other)) {
                dependenciesFirst(other, used, order, path);
            }
        }
        order.add(name);
    }

    private static boolean mentions(String text, String name) {
        return Pattern.compile("(^|[^\\w])" + Pattern.quote(name) + "($|[^\\w])").matcher(text).find();
    }
}
