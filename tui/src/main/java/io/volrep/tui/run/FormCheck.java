package io.volrep.tui.run;

import io.volrep.tui.menu.Field;
import io.volrep.tui.menu.FieldKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole validation a form gets before its command runs, the same for the screen, the line
 * console and {@code --batch}: required values, kinds and patterns, then membership of every
 * list field's values in its list command's output. Under {@code -X} lists cannot be run, so
 * membership is not checked. Runs list commands: call it off the GUI thread.
 */
public final class FormCheck {

    private FormCheck() {
    }

    public static List<String> problems(Form form, Session session) {
        List<String> problems = new ArrayList<>(form.problems());
        if (!problems.isEmpty() || session.mode() == ExecMode.NOTHING) {
            return problems;
        }
        for (Field f : form.fields()) {
            List<String> values = form.values(f.id());
            if (f.kind() != FieldKind.LIST || values.isEmpty()) {
                continue;
            }
            Session.ListResult list = session.list(f.list(), form::lookup);
            if (list.error() != null) {
                problems.add(f.label() + ": cannot check the value: " + list.error());
                continue;
            }
            for (String v : values) {
                if (!list.values().contains(v)) {
                    problems.add(f.label() + ": '" + v + "' is not in the list (" + String.join(", ", list.values()) + ")");
                }
            }
        }
        return problems;
    }
}
