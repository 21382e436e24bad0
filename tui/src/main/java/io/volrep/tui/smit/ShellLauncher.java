package io.volrep.tui.smit;

import java.io.IOException;

/** Starts F9's subshell and returns when it exits. A seam: tests record the call instead. */
@FunctionalInterface
public interface ShellLauncher {

    void run() throws IOException, InterruptedException;
}
