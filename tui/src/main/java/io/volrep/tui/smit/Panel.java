package io.volrep.tui.smit;

import java.util.ArrayList;
import java.util.List;

/**
 * One screen or pop-up of the console. Behaviour lives in {@link #handle}, looks in {@link #draw};
 * both run on the GUI thread only. The console handles the keys every screen shares (F1, F2, F8,
 * F9, F10, Ctrl-L) and passes the rest on.
 */
abstract class Panel {

    protected final SmitConsole console;

    Panel(SmitConsole console) {
        this.console = console;
    }

    /** Name for vxsmit.log, such as {@code dialog vxassist_make}. */
    abstract String name();

    abstract void draw(Canvas c);

    /** Handles a key the console did not handle itself. */
    abstract void handle(Key k);

    /** The F-keys and other keys that do something here, in legend order, without the shared ones. */
    abstract List<String> keys();

    /** F1 text for where the cursor is. */
    abstract String help();

    /** F2: read again what the screen shows (list commands); by default just redraw. */
    void refresh() {
    }

    /** True for pop-ups, which are drawn over the screen below them. */
    boolean popup() {
        return false;
    }

    /** Legend entries in SMIT order: F1..F10, then Enter, then the letter keys. */
    final List<String> legend() {
        List<String> all = new ArrayList<>(List.of("F1=Help", "F2=Refresh", "F3=Cancel", "F8=Image", "F10=Exit"));
        if (console.shellEnabled() && !popup()) {
            all.add("F9=Shell");
        }
        all.addAll(keys());
        all.sort((a, b) -> Integer.compare(order(a), order(b)));
        return all;
    }

    private static int order(String entry) {
        if (entry.startsWith("F") && Character.isDigit(entry.charAt(1))) {
            return Integer.parseInt(entry.substring(1, entry.indexOf('=')));
        }
        return entry.startsWith("Enter") ? 20 : 30;
    }
}
