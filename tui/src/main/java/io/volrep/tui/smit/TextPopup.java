package io.volrep.tui.smit;

import java.util.ArrayList;
import java.util.List;

/**
 * A pop-up showing text: F1 help, F6 command, messages, and the confirmation asked before a
 * destructive command. Enter runs {@code onEnter} (if any) after closing; F3 just closes.
 */
final class TextPopup extends Popup {

    private final String text;
    private final Runnable onEnter;
    private final Runnable onCancel;
    private final Scroll scroll = new Scroll();
    private int rows = 1;
    private int width = 70;

    TextPopup(SmitConsole console, String title, String text, Runnable onEnter) {
        this(console, title, text, onEnter, null);
    }

    /** With {@code onCancel} (may be null), run when F3 closes the pop-up. */
    TextPopup(SmitConsole console, String title, String text, Runnable onEnter, Runnable onCancel) {
        super(console, title);
        this.text = text;
        this.onEnter = onEnter;
        this.onCancel = onCancel;
    }

    @Override
    String name() {
        return "pop-up " + title;
    }

    @Override
    List<String> keys() {
        return onEnter == null ? List.of() : List.of("Enter=Do");
    }

    @Override
    String help() {
        return onEnter == null ? "F3 closes this pop-up." : "Enter continues; F3 cancels.";
    }

    @Override
    int bodyLines() {
        return Popup.wrap(text, width).size();
    }

    @Override
    void drawBody(Canvas c, int left, int top, int w, int bodyRows) {
        width = w;
        rows = Math.max(1, bodyRows);
        List<String> lines = new ArrayList<>(Popup.wrap(text, w));
        for (int r = 0; r < rows && scroll.first() + r < lines.size(); r++) {
            c.put(left, top + r, lines.get(scroll.first() + r));
        }
        if (!Scroll.fits(lines.size(), rows)) {
            c.put(left + w - 12, top - 1, scroll.below(lines.size(), rows));
        }
    }

    @Override
    void handle(Key k) {
        switch (k.action()) {
            case CANCEL -> {
                console.closePopup(this);
                if (onCancel != null) {
                    onCancel.run();
                }
            }
            case ENTER -> {
                console.closePopup(this);
                if (onEnter != null) {
                    onEnter.run();
                }
            }
            case DOWN, PAGE_DOWN -> scroll.by(k.is(Key.Action.DOWN) ? 1 : rows, bodyLines(), rows);
            case UP, PAGE_UP -> scroll.by(k.is(Key.Action.UP) ? -1 : -rows, bodyLines(), rows);
            default -> {
            }
        }
    }
}
