package io.volrep.tui;

import io.volrep.engine.client.CommandRunner;
import java.io.IOException;

/**
 * Makes the {@link CommandRunner} vxsmit sends its commands through. Called at most once, and only
 * when a command is about to run, so {@code --list-fastpaths} and {@code -X} work without a daemon.
 */
@FunctionalInterface
public interface RunnerFactory {

    CommandRunner create() throws IOException;
}
