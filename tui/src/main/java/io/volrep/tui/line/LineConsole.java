package io.volrep.tui.line;

import io.volrep.engine.client.CommandIo;
import io.volrep.tui.menu.Dialog;
import io.volrep.tui.menu.Field;
import io.volrep.tui.menu.FieldKind;
import io.volrep.tui.menu.Menu;
import io.volrep.tui.menu.MenuItem;
import io.volrep.tui.menu.MenuTree;
import io.volrep.tui.menu.Node;
import io.volrep.tui.menu.Selector;
import io.volrep.tui.run.CommandBuilder;
import io.volrep.tui.run.CommandLine;
import io.volrep.tui.run.Form;
import io.volrep.tui.run.FormCheck;
import io.volrep.tui.run.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

/**
 * vxsmit for dumb terminals ({@code TERM=dumb} or {@code --line}): numbered menus, one prompt per
 * field with Tab completion from the field's list command or ring, history, and the same
 * validation, command building and logs as the full screen.
 */
public final class LineConsole {

    /** Leaves the console (end of input or {@code q}). */
    private static final class Quit extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private final MenuTree tree;
    private final Session session;
    private final PrintStream out;
    private final LineReader reader;
    private final FieldCompleter completer;

    public LineConsole(MenuTree tree, Session session, InputStream in, PrintStream out) throws IOException {
        this.tree = tree;
        this.session = session;
        this.out = out;
        Terminal terminal = new DumbTerminal("vxsmit", "dumb", in, out, StandardCharsets.UTF_8);
        this.completer = new FieldCompleter(session);
        this.reader = LineReaderBuilder.builder().terminal(terminal).completer(completer).build();
    }

    public void run(Node start) {
        try {
            visit(start, Map.of());
        } catch (Quit q) {
            out.println("Exiting vxsmit.");
        }
        out.flush();
    }

    private String read(String prompt) throws Quit {
        try {
            String line = reader.readLine(prompt);
            if (line.trim().equals("q")) {
                throw new Quit();
            }
            return line.trim();
        } catch (EndOfFileException e) {
            throw new Quit();
        } catch (UserInterruptException e) {
            return "";
        }
    }

    private void visit(Node node, Map<String, String> passed) throws Quit {
        session.log().log("Screen: " + Listing.kind(node) + " " + node.id() + " (line mode)", null);
        if (node instanceof Menu m) {
            menu(m);
        } else if (node instanceof Selector s) {
            Form form = new Form(List.of(s.field()), passed);
            if (fill(s.title(), form)) {
                visit(tree.node(s.next()).orElseThrow(), form.carried());
            }
        } else {
            dialog((Dialog) node, new Form(((Dialog) node).fields(), passed));
        }
    }

    private void menu(Menu m) throws Quit {
        while (true) {
            out.println();
            out.println("  " + m.title());
            out.println();
            List<MenuItem> picks = new ArrayList<>();
            for (MenuItem i : m.items()) {
                if (i.selectable()) {
                    picks.add(i);
                    out.printf("%3d. %s%n", picks.size(), i.text().strip());
                } else {
                    out.println("     " + i.text().strip());
                }
            }
            completer.use(null, null);
            String answer = read("Number, ?N for help, Enter to go back, q to exit: ");
            if (answer.isEmpty()) {
                return;
            }
            boolean help = answer.startsWith("?");
            int n = number(help ? answer.substring(1) : answer);
            if (n < 1 || n > picks.size()) {
                out.println("vxsmit: pick a number from 1 to " + picks.size());
            } else if (help) {
                out.println(picks.get(n - 1).help());
            } else {
                visit(tree.node(picks.get(n - 1).next()).orElseThrow(), Map.of());
            }
        }
    }

    private void dialog(Dialog d, Form form) throws Quit {
        if (d.discover() != null) {
            try {
                form.discovered(session.discover(d.discover(), form::lookup));
            } catch (IOException e) {
                out.println("vxsmit: cannot read current values: " + e.getMessage());
                return;
            }
        }
        boolean ask = !(d.ghost() && !form.missingRequired());
        while (true) {
            if (ask && !fill(d.title(), form)) {
                return;
            }
            CommandLine command = CommandBuilder.build(d, form);
            out.println("Command: " + command.display());
            String go = ask || d.confirm() != null
                    ? read((d.confirm() == null ? "" : d.confirm() + " ") + "Run it? (y = run, e = edit, Enter = back): ")
                    : "y";
            if (go.equals("e")) {
                ask = true;
                continue;
            }
            if (go.equals("y")) {
                int status = session.execute(command, new Io());
                out.println("Command: " + (status == 0 ? "OK" : "failed (exit status " + status + ")"));
            }
            return;
        }
    }

    /** Prompts for each field until the form passes its checks; false if the user went back. */
    private boolean fill(String title, Form form) throws Quit {
        out.println();
        out.println("  " + title + "   (Enter keeps [the value], ? shows help, Tab completes, - clears, < goes back)");
        while (true) {
            for (Field f : form.fields()) {
                if (!prompt(f, form)) {
                    return false;
                }
            }
            List<String> problems = FormCheck.problems(form, session);
            if (problems.isEmpty()) {
                return true;
            }
            problems.forEach(p -> out.println("vxsmit: " + p));
        }
    }

    private boolean prompt(Field f, Form form) throws Quit {
        completer.use(f, form);
        while (true) {
            String marker = (f.required() ? "* " : "  ") + f.label();
            String choices = f.kind() == FieldKind.RING ? " (" + String.join("|", f.ring().display()) + ")"
                    : f.kind() == FieldKind.YESNO ? " (yes|no)" : "";
            String answer = read(marker + choices + " [" + form.value(f.id()) + "]: ");
            if (answer.equals("?")) {
                out.println(f.help());
            } else if (answer.equals("<")) {
                return false;
            } else {
                if (answer.equals("-")) {
                    form.set(f.id(), "");
                } else if (!answer.isEmpty()) {
                    form.set(f.id(), f.kind() == FieldKind.RING && f.ring().displayFor(answer) != null
                            ? f.ring().displayFor(answer) : answer);
                }
                String problem = f.check(form.value(f.id()));
                if (problem == null) {
                    return true;
                }
                out.println("vxsmit: " + problem);
            }
        }
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Command output straight to the terminal; questions asked on the terminal. */
    private final class Io implements CommandIo {
        @Override
        public void out(String text) {
            out.print(text);
            out.flush();
        }

        @Override
        public void err(String text) {
            out.print(text);
            out.flush();
        }

        @Override
        public boolean confirm(String question) {
            try {
                String a = read(question + " [y/n] ");
                return a.equalsIgnoreCase("y") || a.equalsIgnoreCase("yes");
            } catch (Quit q) {
                return false;
            }
        }
    }

    /** Completes the field being prompted for from its ring or list command. */
    static final class FieldCompleter implements Completer {
        private final Session session;
        private Field field;
        private Form form;

        FieldCompleter(Session session) {
            this.session = session;
        }

        void use(Field f, Form fm) {
            field = f;
            form = fm;
        }

        List<String> choices() {
            if (field == null) {
                return List.of();
            }
            return switch (field.kind()) {
                case RING -> field.ring().display();
                case YESNO -> List.of("yes", "no");
                case LIST -> session.list(field.list(), form::lookup).values();
                default -> List.of();
            };
        }

        @Override
        public void complete(LineReader r, org.jline.reader.ParsedLine line, List<Candidate> candidates) {
            choices().forEach(c -> candidates.add(new Candidate(c)));
        }
    }
}
