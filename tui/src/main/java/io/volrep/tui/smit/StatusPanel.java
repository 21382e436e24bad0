package io.volrep.tui.smit;

import io.volrep.tui.run.CommandLine;
import java.util.ArrayList;
import java.util.List;

/**
 * COMMAND STATUS: {@code Command: running} until the command ends, then {@code OK} or
 * {@code failed}; whether it wrote to stdout and stderr; its output, streaming in while it runs
 * (the view follows the end until the user scrolls), with Find and Find Next.
 */
final class StatusPanel extends Panel {

    static final String TITLE = "COMMAND STATUS";
    static final String BEFORE = "Before command completion, additional instructions may appear below.";

    private final CommandLine command;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final Scroll scroll = new Scroll();
    private final Finder finder = new Finder();
    private String state = "running";
    private boolean sawOut;
    private boolean sawErr;
    private boolean follow = true;
    private int found = -1;
    private int rows = 1;

    StatusPanel(SmitConsole console, CommandLine command) {
        super(console);
        this.command = command;
    }

    boolean running() {
        return state.equals("running");
    }

    /** Output from the command (GUI thread). */
    void append(String text, boolean err) {
        if (text.isEmpty()) {
            return;
        }
        sawOut |= !err;
        sawErr |= err;
        partial.append(text);
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            lines.add(partial.substring(0, nl).replace("\r", ""));
            partial.delete(0, nl + 1);
        }
    }

    void finished(int status) {
        if (partial.length() > 0) {
            lines.add(partial.toString());
            partial.setLength(0);
        }
        state = status == 0 ? "OK" : "failed";
    }

    private List<String> shownLines() {
        if (partial.length() == 0) {
            return lines;
        }
        List<String> all = new ArrayList<>(lines);
        all.add(partial.toString());
        return all;
    }

    @Override
    String name() {
        return "command status of " + command.display();
    }

    @Override
    List<String> keys() {
        return List.of("F6=Command", "/=Find", "n=Find Next");
    }

    @Override
    String help() {
        return "The output of the command. Command: shows running, then OK or failed. Scroll with the arrow keys "
                + "and PgUp/PgDn; / finds text and n finds the next match. F3 goes back to the dialog with its "
                + "values kept. The command and its output are also in " + console.logFile() + ".";
    }

    @Override
    void draw(Canvas c) {
        List<String> all = shownLines();
        c.center(0, TITLE);
        c.put(0, 2, "Command: " + state);
        c.put(23, 2, "stdout: " + (sawOut ? "yes" : "no"));
        c.put(45, 2, "stderr: " + (sawErr ? "yes" : "no"));
        c.put(0, 4, BEFORE);
        int legendTop = c.height() - Canvas.legendRows(legend().size(), 4);
        int top = 7;
        rows = Math.max(1, legendTop - 2 - top);
        if (follow) {
            scroll.toEnd(all.size(), rows);
        }
        c.put(0, top - 1, scroll.above(all.size(), rows));
        for (int r = 0; r < rows && scroll.first() + r < all.size(); r++) {
            int i = scroll.first() + r;
            if (i == found) {
                c.putReverse(0, top + r, all.get(i));
            } else {
                c.put(0, top + r, all.get(i));
            }
        }
        c.put(0, top + rows, scroll.below(all.size(), rows));
        c.legend(legend(), 4, 0, c.width(), c.height() - 1);
    }

    @Override
    void handle(Key k) {
        int total = shownLines().size();
        switch (k.action()) {
            case UP -> scrollBy(-1, total);
            case DOWN -> scrollBy(1, total);
            case PAGE_UP -> scrollBy(-rows, total);
            case PAGE_DOWN -> scrollBy(rows, total);
            case HOME -> scrollBy(-total, total);
            case END -> scrollBy(total, total);
            case COMMAND -> console.showCommand(command);
            case CANCEL -> {
                if (running()) {
                    console.message("Command Still Running", List.of("The command has not finished yet.",
                            "Its output keeps coming in here; F3 works once it has ended."));
                } else {
                    console.back();
                }
            }
            case CHAR -> {
                if (k.ch() == '/') {
                    console.prompt("Find", text -> {
                        finder.text(text);
                        findNext();
                    });
                } else if (k.ch() == 'n') {
                    findNext();
                }
            }
            default -> {
            }
        }
    }

    private void scrollBy(int delta, int total) {
        follow = false;
        scroll.by(delta, total, rows);
    }

    private void findNext() {
        List<String> all = shownLines();
        int i = finder.next(all, found < 0 ? scroll.first() - 1 : found);
        if (i < 0) {
            if (finder.active()) {
                console.message("Find", List.of("Text not found."));
            }
            return;
        }
        found = i;
        follow = false;
        scroll.show(i, rows);
    }
}
