package io.volrep.tui.menu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Builds menus, selectors, dialogs and fields from menu-file stanzas, checking each on its own. */
final class NodeReader {

    private final List<Problem> problems;

    NodeReader(List<Problem> problems) {
        this.problems = problems;
    }

    Menu menu(String id, Stanza s) {
        String title = s.string("title", true);
        List<String> aliases = s.strings("aliases");
        String help = s.string("help", true);
        List<MenuItem> items = new ArrayList<>();
        for (Stanza i : s.children("items", "menu " + id + " item", true)) {
            items.add(item(i));
        }
        if (items.isEmpty()) {
            s.problem("a menu needs at least one item");
        }
        s.finish();
        return new Menu(id, title, aliases, help, items, s.origin());
    }

    private MenuItem item(Stanza s) {
        String text = s.string("text", true);
        boolean info = s.bool("info", false);
        List<MenuItem.Target> targets = new ArrayList<>();
        String next = "";
        for (MenuItem.Target t : List.of(MenuItem.Target.MENU, MenuItem.Target.SELECTOR, MenuItem.Target.DIALOG)) {
            String key = t.name().toLowerCase();
            if (s.has(key)) {
                targets.add(t);
                next = s.string(key, true);
            }
        }
        if (info) {
            targets.add(MenuItem.Target.INFO);
        }
        if (targets.size() != 1) {
            s.problem("an item needs exactly one of menu, selector, dialog or info = true");
        }
        MenuItem.Target target = targets.isEmpty() ? MenuItem.Target.INFO : targets.get(0);
        String help = s.string("help", target != MenuItem.Target.INFO);
        s.finish();
        return new MenuItem(text, target, next, help, s.origin());
    }

    Selector selector(String id, Stanza s) {
        String title = s.string("title", true);
        List<String> aliases = s.strings("aliases");
        String help = s.string("help", true);
        String next = s.string("next", true);
        boolean ghost = s.bool("ghost", false);
        Stanza f = s.child("field", "selector " + id + " field", true);
        Field field = f == null ? null : field(f, false);
        if (field != null && (field.isFlag() || field.isPositional())) {
            f.problem("a selector field passes its value on; it has no flag or positional");
        }
        if (ghost && field != null && field.list() == null) {
            s.problem("a ghost selector shows only its list, so its field needs kind = list");
        }
        s.finish();
        return new Selector(id, title, aliases, help, field, next, ghost, s.origin());
    }

    Dialog dialog(String id, Stanza s) {
        String title = s.string("title", true);
        List<String> aliases = s.strings("aliases");
        String help = s.string("help", true);
        String command = s.string("command", true);
        String verbText = s.string("verb", false);
        List<String> verb = verbText.isBlank() ? List.of() : Arrays.asList(verbText.trim().split("\\s+"));
        String discover = blankToNull(s.string("discover", false));
        String confirm = blankToNull(s.string("confirm", false));
        boolean ghost = s.bool("ghost", false);
        List<Field> fields = new ArrayList<>();
        for (Stanza f : s.children("fields", "dialog " + id + " field", false)) {
            fields.add(field(f, true));
        }
        s.finish();
        return new Dialog(id, title, aliases, help, command == null ? "" : command.trim(), verb, fields,
                discover, confirm, ghost, s.origin());
    }

    private Field field(Stanza s, boolean placed) {
        String id = s.string("id", true);
        String label = s.string("label", true);
        String kindWord = s.string("kind", true);
        FieldKind kind = kindWord == null ? FieldKind.TEXT : FieldKind.byWord(kindWord).orElse(null);
        if (kind == null) {
            s.problem("kind '" + kindWord + "' is not one of text, numeric, hex, file, list, ring, yesno");
            kind = FieldKind.TEXT;
        }
        boolean required = s.bool("required", false);
        String flag = s.has("flag") ? s.string("flag", true) : null;
        int positional = s.integer("positional", 0);
        String prefix = s.string("prefix", false);
        ListSource list = listSource(s.child("list", "list", false));
        boolean multi = s.bool("multi", false);
        String separator = s.has("separator") ? s.string("separator", true) : ",";
        Ring ring = ring(s.child("ring", "ring", false));
        String initial = s.string("default", false);
        String discover = s.string("discover", false);
        String help = s.string("help", true);
        Pattern pattern = pattern(s);
        String hint = s.string("pattern-hint", false);
        boolean editable = s.bool("editable", true);
        s.finish();
        Field f = new Field(id, label, kind, required, flag, positional, prefix, list, multi, separator,
                ring, initial, discover.isEmpty() ? id : discover, help, pattern, hint, editable, s.origin());
        new FieldRules(s).check(f, placed);
        return f;
    }

    private ListSource listSource(Stanza s) {
        if (s == null) {
            return null;
        }
        String command = s.string("command", true);
        int column = s.integer("column", 1);
        String filter = s.string("filter", false);
        int skip = s.integer("skip", 0);
        Pattern p = null;
        try {
            p = filter.isEmpty() ? null : Pattern.compile(filter);
        } catch (PatternSyntaxException e) {
            s.problem("filter is not a valid regular expression: " + e.getDescription());
        }
        if (column < 0 || skip < 0) {
            s.problem("column and skip cannot be negative");
        }
        s.finish();
        return new ListSource(command == null ? "" : command, column, p, skip);
    }

    private Ring ring(Stanza s) {
        if (s == null) {
            return null;
        }
        List<String> display = s.strings("display");
        List<String> values = s.has("values") ? s.strings("values") : display;
        s.finish();
        if (display.isEmpty() || display.size() != values.size()) {
            s.problem("a ring needs display values and as many command values");
            return null;
        }
        return new Ring(display, values);
    }

    private Pattern pattern(Stanza s) {
        String text = s.string("pattern", false);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            s.problem("pattern is not a valid regular expression: " + e.getDescription());
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
