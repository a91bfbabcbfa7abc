package io.arbalest.planner.physical;

/** Renders a physical plan as indented text, one node a line (EXPLAIN and golden files). */
public final class PlanPrinter {
    private PlanPrinter() {
    }

    public static String print(PhysicalNode plan) {
        return print(plan, node -> java.util.Optional.empty());
    }

    /** The plan with {@code annotation}'s text, where it has one, after a node's line in brackets (EXPLAIN ANALYZE). */
    public static String print(PhysicalNode plan,
            java.util.function.Function<PhysicalNode, java.util.Optional<String>> annotation) {
        StringBuilder out = new StringBuilder();
        print(plan, 0, annotation, out);
        return out.toString();
    }

    /** The nodes of {@code plan} in the order they print: depth first, a node before its inputs. */
    public static java.util.List<PhysicalNode> nodes(PhysicalNode plan) {
        java.util.List<PhysicalNode> nodes = new java.util.ArrayList<>();
        collect(plan, nodes);
        return nodes;
    }

    private static void collect(PhysicalNode node, java.util.List<PhysicalNode> nodes) {
        nodes.add(node);
        for (PhysicalNode child : node.children()) {
            collect(child, nodes);
        }
    }

    private static void print(PhysicalNode node, int depth,
            java.util.function.Function<PhysicalNode, java.util.Optional<String>> annotation, StringBuilder out) {
        out.append("  ".repeat(depth)).append(node.describe());
        annotation.apply(node).ifPresent(text -> out.append("  [").append(text).append(']'));
        out.append('\n');
        for (PhysicalNode child : node.children()) {
            print(child, depth + 1, annotation, out);
        }
    }
}
