package io.volrep.engine.client;

/**
 * Where a running command's output goes and how it asks its user a question. The thin client binds
 * it to the terminal; vxsmit binds it to the COMMAND STATUS screen; tests bind it to buffers.
 * Calls arrive on one thread, in the order the command produced them.
 */
public interface CommandIo {

    /** Text the command wrote to standard output (may be a partial line). */
    void out(String text);

    /** Text the command wrote to standard error (may be a partial line). */
    void err(String text);

    /**
     * A yes/no question from the command (destructive commands ask unless run with -s).
     * Returning false makes the command stop without changing anything.
     */
    boolean confirm(String question);

    /**
     * Whether whoever reads the output has gone (the client closed its connection). Commands that run
     * until interrupted ({@code vrnotify}, {@code vxrlink -i ... status}) stop then. Never true for
     * outputs that cannot go away.
     */
    default boolean closed() {
        return false;
    }
}
