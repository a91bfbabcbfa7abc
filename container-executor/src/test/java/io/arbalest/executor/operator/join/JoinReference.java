package io.arbalest.executor.operator.join;

import io.arbalest.planner.physical.JoinType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a join of probe rows (key, tag, x) with build rows (key, y) gives, computed row by row in
 * Java: keys equal (NULL equal to NULL only when null-safe), and with the residual x < y.
 */
final class JoinReference {
    private JoinReference() {
    }

    static List<List<Object>> join(JoinType type, List<List<Object>> probe, List<List<Object>> build, boolean keyed,
            boolean nullSafe, boolean residual) {
        Map<Object, List<Integer>> byKey = new HashMap<>();
        List<Integer> all = new ArrayList<>();
        for (int j = 0; j < build.size(); j++) {
            Object key = build.get(j).get(0);
            all.add(j);
            if (key != null || nullSafe) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(j);
            }
        }
        List<List<Object>> out = new ArrayList<>();
        boolean[] buildMatched = new boolean[build.size()];
        for (List<Object> p : probe) {
            List<Integer> candidates = !keyed ? all
                    : p.get(0) == null && !nullSafe ? List.of() : byKey.getOrDefault(p.get(0), List.of());
            boolean any = false;
            for (int j : candidates) {
                if (residual && (Long) p.get(2) >= (Long) build.get(j).get(1)) {
                    continue;
                }
                any = true;
                buildMatched[j] = true;
                if (type.emitsPairs()) {
                    List<Object> joined = new ArrayList<>(p);
                    joined.addAll(build.get(j));
                    out.add(joined);
                }
            }
            if (type == JoinType.SEMI && any || type == JoinType.ANTI && !any) {
                out.add(p);
            }
            if (type.probeOuter() && !any) {
                List<Object> joined = new ArrayList<>(p);
                joined.addAll(Arrays.asList(null, null));
                out.add(joined);
            }
        }
        for (int j = 0; j < build.size(); j++) {
            if ((type == JoinType.BUILD_SEMI || type == JoinType.BUILD_ANTI)
                    && buildMatched[j] == (type == JoinType.BUILD_SEMI)) {
                out.add(build.get(j));
            }
            if (type.buildOuter() && !buildMatched[j]) {
                List<Object> joined = new ArrayList<>(Arrays.asList(null, null, null));
                joined.addAll(build.get(j));
                out.add(joined);
            }
        }
        return out;
    }
}
