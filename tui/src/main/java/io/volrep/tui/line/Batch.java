package io.volrep.tui.line;

import io.volrep.engine.client.StreamIo;
import io.volrep.tui.menu.Dialog;
import io.volrep.tui.menu.Field;
import io.volrep.tui.menu.FieldKind;
import io.volrep.tui.menu.Menu;
import io.volrep.tui.menu.MenuTree;
import io.volrep.tui.menu.Node;
import io.volrep.tui.menu.Selector;
import io.volrep.tui.run.CommandBuilder;
import io.volrep.tui.run.CommandLine;
import io.volrep.tui.run.ExecMode;
import io.volrep.tui.run.Form;
import io.volrep.tui.run.FormCheck;
import io.volrep.tui.run.Session;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code vxsmit --batch FASTPATH name=value...}: fills the selectors and the dialog a fast path
 * leads to from the given values, validates them as the form would, prints the command, runs it and
 * returns its exit status (2 for bad input). With {@code dryRun} the command is printed, not run.
 */
public final class Batch {

    private final MenuTree tree;
    private final Session session;
    private final PrintStream out;
    private final PrintStream err;
    private final BufferedReader in;

    public Batch(MenuTree tree, Session session, PrintStream out, PrintStream err, BufferedReader in) {
        this.tree = tree;
        this.session = session;
        this.out = out;
        this.err = err;
        this.in = in;
    }

    public int run(String fastPath, List<String> assignments, boolean dryRun) {
        Node node = tree.resolve(fastPath).orElse(null);
        if (node == null || node instanceof Menu) {
            err.println("vxsmit: " + (node == null ? "no fast path '" + fastPath + "'" : fastPath + " is a menu")
                    + "; --batch needs a dialog or selector (vxsmit --list-fastpaths lists them)");
            return 2;
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0 || given.put(a.substring(0, eq), a.substring(eq + 1)) != null) {
                err.println("vxsmit: '" + a + "': expected name=value, each name once");
                return 2;
            }
        }
        Map<String, String> passed = new LinkedHashMap<>();
        while (node instanceof Selector s) {
            Form f = new Form(List.of(s.field()), passed);
            if (!fill(f, given) || !valid(f)) {
                return 2;
            }
            passed.put(s.field().id(), f.value(s.field().id()));
            node = tree.node(s.next()).orElseThrow();
        }
        return dialog((Dialog) node, passed, given, dryRun);
    }

    private int dialog(Dialog d, Map<String, String> passed, Map<String, String> given, boolean dryRun) {
        Form form = new Form(d.fields(), passed);
        for (String name : given.keySet()) {
            if (d.field(name).isEmpty() && !passed.containsKey(name)) {
                err.println("vxsmit: " + d.id() + " has no field '" + name + "' (vxsmit --fields " + d.id() + ")");
                return 2;
            }
        }
        if (d.discover() != null && session.mode() != ExecMode.NOTHING) {
            try {
                form.discovered(session.discover(d.discover(), form::lookup));
            } catch (IOException e) {
                err.println("vxsmit: cannot read current values: " + e.getMessage());
                return 1;
            }
        }
        if (!fill(form, given) || !valid(form)) {
            return 2;
        }
        CommandLine command = CommandBuilder.build(d, form);
        out.println("Command: " + command.display());
        if (dryRun) {
            session.log().log("Dry run (--batch " + d.id() + "), not run:", command.display());
            return 0;
        }
        int status = session.execute(command, new StreamIo(out, err, in, " [y/n] ", true));
        out.flush();
        return status;
    }

    private boolean fill(Form form, Map<String, String> given) {
        for (Field f : form.fields()) {
            String v = given.get(f.id());
            if (v == null) {
                continue;
            }
            if (f.kind() == FieldKind.RING) {
                String shown = f.ring().displayFor(v);
                if (shown == null) {
                    err.println("vxsmit: " + f.id() + ": must be one of " + String.join(", ", f.ring().display()));
                    return false;
                }
                v = shown;
            }
            form.set(f.id(), v);
        }
        return true;
    }

    private boolean valid(Form form) {
        List<String> problems = FormCheck.problems(form, session);
        problems.forEach(p -> err.println("vxsmit: " + p));
        return problems.isEmpty();
    }
}
