package io.volrep.tui.run;

import java.util.List;

/**
 * A built command: the argv handed to the engine and the same line quoted for sh, which is what
 * F6 shows and vxsmit.script records.
 */
public record CommandLine(List<String> argv, String display) {

    public CommandLine {
        argv = List.copyOf(argv);
    }

    public static CommandLine of(List<String> argv) {
        return new CommandLine(argv, ShellQuote.join(argv));
    }

    @Override
    public String toString() {
        return display;
    }
}
