package io.volrep.engine.command;

import java.nio.file.Path;

import io.volrep.engine.client.CommandIo;

/**
 * One running command: its parsed arguments, where its output goes and the client's directory.
 * Used by exactly one thread, the one running the command.
 */
public final class Invocation {
    private final Args args;
    private final CommandIo io;
    private final Path cwd;
    private boolean wroteOut;

    public Invocation(Args args, CommandIo io, Path cwd) {
        this.args = args;
        this.io = io;
        this.cwd = cwd;
    }

    public Args args() {
        return args;
    }

    public void out(String line) {
        wroteOut = true;
        io.out(line + "\n");
    }

    public void err(String line) {
        io.err(line + "\n");
    }

    /** Output that already ends its lines (relayed from another host's command). */
    public void outRaw(String text) {
        wroteOut = true;
        io.out(text);
    }

    /** Error output that already ends its lines. */
    public void errRaw(String text) {
        io.err(text);
    }

    /** Asks the user a yes/no question; with -s on the command line the answer is yes without asking. */
    public boolean confirm(String question) {
        if (args.flag("-s")) {
            return true;
        }
        return io.confirm(question);
    }

    /** Whether the client went away: commands that repeat until interrupted stop then. */
    public boolean clientGone() {
        return io.closed();
    }

    public boolean wroteOutput() {
        return wroteOut;
    }

    /** A file name from the command line, relative to the client's working directory. */
    public Path path(String name) {
        return cwd.resolve(name).normalize();
    }
}
