package io.arbalest.planner.physical;

/** Renders a physical plan as indented text, one node a line (EXPLAIN and golden files). */
public final class PlanPrinter {
    private PlanPrinter() {
    }

    public static String print(PhysicalNode plan) {
        StringBuilder out = new StringBuilder();
        print(plan, 0, out);
        return out.toString();
    }

    private static void print(PhysicalNode node, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append(node.describe()).append('\n');
        for (PhysicalNode child : node.children()) {
            print(child, depth + 1, out);
        }
    }
}
