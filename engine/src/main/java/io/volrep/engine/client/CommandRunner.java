package io.volrep.engine.client;

import java.io.IOException;
import java.util.List;

/**
 * Runs one product command line (argv[0] is the command name, e.g. {@code vradmin}) and returns its
 * exit status: 0 success, 1 error, 2 bad usage. The command runs inside the daemon; this is the only
 * way the console and the thin clients reach the engine.
 */
public interface CommandRunner {

    int run(List<String> argv, CommandIo io) throws IOException;
}
