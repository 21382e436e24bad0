package io.volrep.engine.command;

import java.io.IOException;

import io.volrep.engine.api.VolrepException;

/**
 * One verb of one command ({@code vradmin createpri}, {@code vxdg init}); commands without verbs
 * ({@code vxprint}) use the empty verb. Implementations validate everything before they change
 * anything, and report failures as {@link VolrepException} with a code and the next step.
 */
public interface Verb {

    String command();

    /** The keyword, or "" for a command without keywords. */
    String verb();

    Syntax syntax();

    /** One line for help listings. */
    String summary();

    /** Runs the verb; returns the exit status (0 on success). */
    int run(Invocation inv) throws VolrepException, IOException;
}
