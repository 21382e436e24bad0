package io.volrep.tui.line;

import io.volrep.tui.menu.Dialog;
import io.volrep.tui.menu.Field;
import io.volrep.tui.menu.FieldKind;
import io.volrep.tui.menu.Menu;
import io.volrep.tui.menu.MenuTree;
import io.volrep.tui.menu.Node;
import io.volrep.tui.menu.Selector;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code --list-fastpaths} and {@code --fields}: what a script writer needs to call {@code --batch}. */
public final class Listing {

    private Listing() {
    }

    public static void fastPaths(MenuTree tree, PrintStream out) {
        out.printf("%-22s %-9s %s%n", "FASTPATH", "KIND", "TITLE");
        for (Map.Entry<String, Node> e : tree.fastPaths().entrySet()) {
            Node n = e.getValue();
            String title = e.getKey().equals(n.id()) ? n.title() : n.title() + " (alias of " + n.id() + ")";
            out.printf("%-22s %-9s %s%n", e.getKey(), kind(n), title);
        }
    }

    /** Prints the fields that {@code --batch fastPath} accepts, selector fields first. */
    public static int fields(MenuTree tree, String fastPath, PrintStream out, PrintStream err) {
        Node n = tree.resolve(fastPath).orElse(null);
        if (n == null) {
            err.println("vxsmit: no fast path '" + fastPath + "' (vxsmit --list-fastpaths lists them)");
            return 2;
        }
        if (n instanceof Menu) {
            err.println("vxsmit: " + fastPath + " is a menu; fields belong to dialogs and selectors");
            return 2;
        }
        List<Field> fields = new ArrayList<>();
        Node at = n;
        while (at instanceof Selector s) {
            fields.add(s.field());
            at = tree.node(s.next()).orElseThrow();
        }
        Dialog d = (Dialog) at;
        for (Field f : d.fields()) {
            if (fields.stream().noneMatch(x -> x.id().equals(f.id()))) {
                fields.add(f);
            }
        }
        out.println(d.title() + " (" + d.command() + (d.verb().isEmpty() ? "" : " ... " + String.join(" ", d.verb()))
                + ")");
        out.printf("%-10s %-8s %-9s %s%n", "ID", "KIND", "REQUIRED", "VALUES / LABEL");
        for (Field f : fields) {
            out.printf("%-10s %-8s %-9s %s%n", f.id(), f.kind().word(), f.required() ? "yes" : "no", allowed(f));
        }
        return 0;
    }

    static String allowed(Field f) {
        String values = switch (f.kind()) {
            case RING -> "one of: " + String.join(", ", f.ring().display()) + " (default " + f.startValue() + ")";
            case YESNO -> "yes or no (default " + f.startValue() + ")";
            case LIST -> "from: " + f.list().command() + (f.multi() ? " (several, joined by '" + f.separator() + "')" : "");
            case NUMERIC -> "a whole number";
            case HEX -> "a hexadecimal number";
            case FILE -> "a file name";
            case TEXT -> f.patternHint().isEmpty() ? "text" : f.patternHint();
        };
        String dflt = !f.initial().isEmpty() && f.kind() != FieldKind.RING && f.kind() != FieldKind.YESNO
                ? " (default " + f.initial() + ")" : "";
        return values + dflt + " -- " + f.label();
    }

    static String kind(Node n) {
        return n instanceof Menu ? "menu" : n instanceof Selector ? "selector" : "dialog";
    }
}
