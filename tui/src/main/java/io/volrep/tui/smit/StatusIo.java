package io.volrep.tui.smit;

import io.volrep.engine.client.CommandIo;

/** Streams a running command's output into its COMMAND STATUS screen, through the GUI thread. */
final class StatusIo implements CommandIo {

    private final SmitConsole console;
    private final StatusPanel panel;

    StatusIo(SmitConsole console, StatusPanel panel) {
        this.console = console;
        this.panel = panel;
    }

    @Override
    public void out(String text) {
        console.post(() -> panel.append(text, false));
    }

    @Override
    public void err(String text) {
        console.post(() -> panel.append(text, true));
    }

    @Override
    public boolean confirm(String question) {
        return console.ask(question);
    }
}
