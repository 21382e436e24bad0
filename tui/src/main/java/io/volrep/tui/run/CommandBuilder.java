package io.volrep.tui.run;

import io.volrep.tui.menu.Dialog;
import io.volrep.tui.menu.Field;
import io.volrep.tui.menu.FieldKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds a dialog's command line by SMIT's rules: the command, then (pass 1) every flag field that is
 * required or changed, in field order, then the verb, then (pass 2) the positional fields in their
 * order. Rings send their command value, yes/no sends its flag or nothing, multi-select values are
 * joined with the field's separator (a space separator makes separate words). Empty values are
 * never sent. Stateless.
 */
public final class CommandBuilder {

    private CommandBuilder() {
    }

    public static CommandLine build(Dialog dialog, Form form) {
        List<String> argv = new ArrayList<>();
        argv.addAll(dialog.commandWords());
        for (Field f : dialog.fields()) {
            if (f.isFlag() && sent(f, form)) {
                addFlag(argv, f, form);
            }
        }
        argv.addAll(dialog.verb());
        dialog.fields().stream()
                .filter(f -> f.isPositional() && sent(f, form))
                .sorted(Comparator.comparingInt(Field::positional))
                .forEach(f -> addPositional(argv, f, form));
        return CommandLine.of(argv);
    }

    private static boolean sent(Field f, Form form) {
        return f.required() || form.changed(f.id());
    }

    private static void addFlag(List<String> argv, Field f, Form form) {
        String value = form.value(f.id()).trim();
        if (f.kind() == FieldKind.YESNO) {
            if (value.equals("yes")) {
                argv.add(f.flag());
            }
            return;
        }
        List<String> words = words(f, form);
        if (words.isEmpty()) {
            return;
        }
        if (!f.flag().isEmpty()) {
            argv.add(f.flag());
        }
        argv.addAll(words);
    }

    private static void addPositional(List<String> argv, Field f, Form form) {
        List<String> words = words(f, form);
        for (String w : words) {
            argv.add(f.prefix() + w);
        }
    }

    /** The command-line words for a field's value: ring command value, joined or separate multi values. */
    private static List<String> words(Field f, Form form) {
        if (f.kind() == FieldKind.RING) {
            String v = f.ring().commandValue(form.value(f.id()));
            return v == null || v.isEmpty() ? List.of() : List.of(v);
        }
        List<String> values = form.values(f.id());
        if (values.isEmpty()) {
            return List.of();
        }
        if (f.multi() && !f.separator().isBlank()) {
            return List.of(String.join(f.separator(), values));
        }
        return values;
    }
}
