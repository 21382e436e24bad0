package io.volrep.tui.smit;

import com.googlecode.lanterna.screen.Screen;
import java.io.IOException;

/**
 * F9 on a real terminal: leaves full-screen mode, runs {@code $SHELL} (else {@code /bin/sh}) on the
 * terminal until it exits, then takes the screen back. Runs on the GUI thread, which therefore
 * reads no keys while the shell has the terminal.
 */
final class ProcessShell implements ShellLauncher {

    private final Screen screen;

    ProcessShell(Screen screen) {
        this.screen = screen;
    }

    @Override
    public void run() throws IOException, InterruptedException {
        String shell = System.getenv().getOrDefault("SHELL", "/bin/sh");
        screen.stopScreen();
        try {
            System.out.println("Type exit to return to vxsmit.");
            new ProcessBuilder(shell).inheritIO().start().waitFor();
        } finally {
            screen.startScreen();
        }
    }
}
