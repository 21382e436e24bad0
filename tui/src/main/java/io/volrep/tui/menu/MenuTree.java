package io.volrep.tui.menu;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every menu, selector and dialog, by id, plus the aliases. Ids and aliases are fast paths; the
 * menu with id {@value #TOP} is where the console starts. Immutable once built.
 */
public final class MenuTree {

    /** Id of the top menu. */
    public static final String TOP = "main";

    private final Map<String, Node> nodes;
    private final Map<String, String> aliases;

    private MenuTree(Map<String, Node> nodes, Map<String, String> aliases) {
        this.nodes = nodes;
        this.aliases = aliases;
    }

    /** Builds a tree, recording duplicate ids and aliases as problems. */
    public static MenuTree of(Collection<Node> nodes, List<Problem> problems) {
        Map<String, Node> byId = new LinkedHashMap<>();
        for (Node n : nodes) {
            Node old = byId.putIfAbsent(n.id(), n);
            if (old != null) {
                problems.add(new Problem(n.origin(), "id '" + n.id() + "' is already defined at " + old.origin()));
            }
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        for (Node n : byId.values()) {
            for (String a : n.aliases()) {
                Node clash = byId.get(a);
                String prev = aliases.putIfAbsent(a, n.id());
                if (clash != null || prev != null) {
                    problems.add(new Problem(n.origin(), "alias '" + a + "' is already the fast path of "
                            + (clash != null ? clash.id() : prev)));
                } else if (!a.matches("[a-z][a-z0-9_]*")) {
                    problems.add(new Problem(n.origin(), "alias '" + a + "' must be lower-case letters, digits and _"));
                }
            }
        }
        return new MenuTree(Map.copyOf(byId), Map.copyOf(aliases));
    }

    public Optional<Node> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    public Collection<Node> nodes() {
        return nodes.values();
    }

    /** The screen a fast path (id or alias) names. */
    public Optional<Node> resolve(String fastPath) {
        Node n = nodes.get(fastPath);
        if (n == null && aliases.containsKey(fastPath)) {
            n = nodes.get(aliases.get(fastPath));
        }
        return Optional.ofNullable(n);
    }

    public Menu top() {
        return (Menu) nodes.get(TOP);
    }

    /** Every fast path, sorted, with the screen it opens. */
    public Map<String, Node> fastPaths() {
        Map<String, Node> all = new TreeMap<>(nodes);
        aliases.forEach((a, id) -> all.put(a, nodes.get(id)));
        return all;
    }
}
