package io.volrep.tui.menu;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Checks what one file cannot check alone: that every item and selector leads to a screen of the
 * right kind, that every dialog names a command that exists, that positional numbers and field ids
 * are unique, and that every {@code {name}} in a list or discovery command can have a value.
 */
final class MenuValidator {

    private final MenuTree tree;
    private final BiPredicate<String, String> commandExists;
    private final Map<String, Set<String>> passedIn = new HashMap<>();

    MenuValidator(MenuTree tree, BiPredicate<String, String> commandExists) {
        this.tree = tree;
        this.commandExists = commandExists;
    }

    void validate(List<Problem> problems) {
        if (!(tree.node(MenuTree.TOP).orElse(null) instanceof Menu)) {
            problems.add(new Problem(Origin.NONE, "there is no top menu: define menus." + MenuTree.TOP));
        }
        for (Node n : tree.nodes()) {
            if (n instanceof Selector s) {
                collectPassed(s, new LinkedHashSet<>(), new HashSet<>(), problems);
            }
        }
        for (Node n : tree.nodes()) {
            if (n instanceof Menu m) {
                checkMenu(m, problems);
            } else if (n instanceof Selector s) {
                checkSelector(s, problems);
            } else if (n instanceof Dialog d) {
                checkDialog(d, problems);
            }
        }
    }

    /** Follows a selector chain, recording which values reach each screen; reports loops. */
    private void collectPassed(Selector s, Set<String> names, Set<String> seen, List<Problem> problems) {
        if (!seen.add(s.id())) {
            problems.add(new Problem(s.origin(), "selector " + s.id() + " leads back to itself"));
            return;
        }
        passedIn.computeIfAbsent(s.id(), k -> new HashSet<>()).addAll(names);
        Set<String> next = new LinkedHashSet<>(names);
        next.add(s.field().id());
        Node target = tree.node(s.next()).orElse(null);
        passedIn.computeIfAbsent(s.next(), k -> new HashSet<>()).addAll(next);
        if (target instanceof Selector t) {
            collectPassed(t, next, seen, problems);
        }
    }

    private void checkMenu(Menu m, List<Problem> problems) {
        for (MenuItem item : m.items()) {
            if (item.target() == MenuItem.Target.INFO) {
                continue;
            }
            Node target = tree.node(item.next()).orElse(null);
            boolean ok = switch (item.target()) {
                case MENU -> target instanceof Menu;
                case SELECTOR -> target instanceof Selector;
                case DIALOG -> target instanceof Dialog;
                case INFO -> true;
            };
            if (!ok) {
                problems.add(new Problem(item.origin(), "item '" + item.text() + "' leads to "
                        + item.target().name().toLowerCase() + " '" + item.next() + "', which does not exist"));
            }
        }
    }

    private void checkSelector(Selector s, List<Problem> problems) {
        Node next = tree.node(s.next()).orElse(null);
        if (!(next instanceof Selector || next instanceof Dialog)) {
            problems.add(new Problem(s.origin(), "selector " + s.id() + ": next '" + s.next()
                    + "' is neither a selector nor a dialog"));
        }
        checkRefs(s.field(), Set.of(), passedIn.getOrDefault(s.id(), Set.of()), problems);
    }

    private void checkDialog(Dialog d, List<Problem> problems) {
        String verb = d.verb().isEmpty() ? "" : d.verb().get(0);
        if (d.command().isEmpty() || !commandExists.test(d.commandName(), verb)) {
            problems.add(new Problem(d.origin(), "dialog " + d.id() + ": command '"
                    + (d.command().isEmpty() ? "" : d.commandName() + " " + verb).trim() + "' does not exist"));
        }
        Set<String> ids = new HashSet<>();
        Set<Integer> positions = new HashSet<>();
        for (Field f : d.fields()) {
            if (!ids.add(f.id())) {
                problems.add(new Problem(f.origin(), "dialog " + d.id() + ": field id '" + f.id() + "' is used twice"));
            }
            if (f.isPositional() && !positions.add(f.positional())) {
                problems.add(new Problem(f.origin(), "dialog " + d.id() + ": positional " + f.positional()
                        + " is used twice"));
            }
        }
        Set<String> passed = passedIn.getOrDefault(d.id(), Set.of());
        for (Field f : d.fields()) {
            checkRefs(f, ids, passed, problems);
        }
        if (d.discover() != null) {
            for (String name : Template.names(d.discover())) {
                if (!ids.contains(name) && !passed.contains(name)) {
                    problems.add(new Problem(d.origin(), "dialog " + d.id() + ": discover command uses {"
                            + name + "}, which no field or selector provides"));
                }
            }
        }
    }

    private static void checkRefs(Field f, Set<String> fieldIds, Set<String> passed, List<Problem> problems) {
        if (f.list() == null) {
            return;
        }
        for (String name : Template.names(f.list().command())) {
            if (name.equals(f.id()) || (!fieldIds.contains(name) && !passed.contains(name))) {
                problems.add(new Problem(f.origin(), "field " + f.id() + ": list command uses {" + name
                        + "}, which no other field or selector provides"));
            }
        }
    }
}
