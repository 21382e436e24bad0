package io.volrep.tui.run;

import io.volrep.engine.client.CommandIo;
import io.volrep.engine.client.CommandRunner;
import io.volrep.tui.RunnerFactory;
import io.volrep.tui.menu.ListSource;
import io.volrep.tui.menu.Template;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs everything vxsmit runs — list, discovery and dialog commands — through one
 * {@link CommandRunner}, honouring the exec mode and writing vxsmit.log and vxsmit.script. The
 * runner is created on first use. Thread-safe: commands run on background threads.
 */
public final class Session {

    /** The outcome of a list or discovery command: its output, or the sentence saying why there is none. */
    public record Captured(String output, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final RunnerFactory factory;
    private final ExecMode mode;
    private final ConsoleLog log;
    private CommandRunner runner;

    public Session(RunnerFactory factory, ExecMode mode, ConsoleLog log) {
        this.factory = factory;
        this.mode = mode;
        this.log = log;
    }

    public ExecMode mode() {
        return mode;
    }

    public ConsoleLog log() {
        return log;
    }

    /** Runs a list command and returns its entries, or the reason it could not. */
    public ListResult list(ListSource source, Function<String, String> values) {
        Captured c = capture(source.command(), values);
        return c.ok() ? new ListResult(source.parse(c.output()), null) : new ListResult(List.of(), c.error());
    }

    /** The result of a list command. */
    public record ListResult(List<ListSource.Entry> entries, String error) {
        public List<String> values() {
            return entries.stream().filter(ListSource.Entry::selectable).map(ListSource.Entry::value).toList();
        }
    }

    /**
     * Runs a discovery command; its output is {@code #name1:name2} then {@code value1:value2}
     * ({@code #!:} stands for a literal colon).
     */
    public Map<String, String> discover(String template, Function<String, String> values) throws IOException {
        Captured c = capture(template, values);
        if (!c.ok()) {
            throw new IOException(c.error());
        }
        return parseDiscovery(c.output());
    }

    static Map<String, String> parseDiscovery(String output) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = output.split("\r?\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("#") && !lines[i + 1].startsWith("#")) {
                String[] names = lines[i].substring(1).split(":", -1);
                String[] vals = lines[i + 1].replace("#!:", "\u0000").split(":", -1);
                for (int k = 0; k < names.length && k < vals.length; k++) {
                    out.put(names[k].trim(), vals[k].replace('\u0000', ':'));
                }
                i++;
            }
        }
        return out;
    }

    /** Runs (or, under -x/-X, only records) a dialog's command; returns its exit status. */
    public int execute(CommandLine command, CommandIo io) {
        if (mode != ExecMode.RUN) {
            String flag = mode == ExecMode.NO_EXEC ? "-x" : "-X";
            log.log("Command not run (" + flag + "):", command.display());
            log.script(command, "not run (vxsmit " + flag + ")");
            io.out("Not run (vxsmit " + flag + "): " + command.display() + "\n");
            return 0;
        }
        log.log("Command:", command.display());
        log.script(command, null);
        StringBuilder output = new StringBuilder();
        int status;
        try {
            status = runner().run(command.argv(), new Tee(io, output));
        } catch (IOException | RuntimeException e) {
            String msg = "vxsmit: " + command.argv().get(0) + " could not be run: " + e.getMessage() + "\n";
            output.append(msg);
            io.err(msg);
            status = 1;
        }
        log.log("Output (exit status " + status + "):", output.toString().stripTrailing());
        return status;
    }

    private Captured capture(String template, Function<String, String> values) {
        List<String> argv;
        try {
            argv = Template.expand(template, values);
        } catch (Template.MissingValue e) {
            return new Captured("", "fill in '" + e.name() + "' first");
        }
        String display = ShellQuote.join(argv);
        if (mode == ExecMode.NOTHING) {
            log.log("List/discover command not run (-X):", display);
            return new Captured("", "not run (vxsmit -X): " + display);
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int status;
        try {
            status = runner().run(argv, new Collect(out, err));
        } catch (IOException | RuntimeException e) {
            err.append(e.getMessage());
            status = 1;
        }
        log.log("List/discover command: " + display + " (exit status " + status + ")", out + err.toString());
        if (status != 0) {
            String why = err.toString().strip();
            return new Captured(out.toString(), display + " failed" + (why.isEmpty() ? "" : ": " + why));
        }
        return new Captured(out.toString(), null);
    }

    private synchronized CommandRunner runner() throws IOException {
        if (runner == null) {
            runner = factory.create();
        }
        return runner;
    }

    /** Collects a list command's output; list commands never get to ask questions. */
    private record Collect(StringBuilder out, StringBuilder err) implements CommandIo {
        @Override
        public void out(String text) {
            out.append(text);
        }

        @Override
        public void err(String text) {
            err.append(text);
        }

        @Override
        public boolean confirm(String question) {
            err.append(question).append(" (answered no: list commands cannot ask)\n");
            return false;
        }
    }

    /** Passes output on and keeps a copy for the log. */
    private record Tee(CommandIo io, StringBuilder copy) implements CommandIo {
        @Override
        public void out(String text) {
            synchronized (copy) {
                copy.append(text);
            }
            io.out(text);
        }

        @Override
        public void err(String text) {
            synchronized (copy) {
                copy.append(text);
            }
            io.err(text);
        }

        @Override
        public boolean confirm(String question) {
            boolean yes = io.confirm(question);
            synchronized (copy) {
                copy.append(question).append(yes ? " yes\n" : " no\n");
            }
            return yes;
        }
    }
}
