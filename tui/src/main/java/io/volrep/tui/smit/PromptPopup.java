package io.volrep.tui.smit;

import java.util.List;
import java.util.function.Consumer;

/** A one-line entry pop-up (the text to find); Enter hands the text on, F3 cancels. */
final class PromptPopup extends Popup {

    private final Consumer<String> onEnter;
    private final StringBuilder text = new StringBuilder();

    PromptPopup(SmitConsole console, String title, Consumer<String> onEnter) {
        super(console, title);
        this.onEnter = onEnter;
    }

    @Override
    String name() {
        return "pop-up " + title;
    }

    @Override
    List<String> keys() {
        return List.of("Enter=Do");
    }

    @Override
    String help() {
        return "Type the text and press Enter; F3 cancels.";
    }

    @Override
    int bodyLines() {
        return 1;
    }

    @Override
    void drawBody(Canvas c, int left, int top, int w, int rows) {
        String shown = Canvas.clip(text.toString(), w - 2);
        c.put(left, top, "[" + shown + "]");
        c.cursorAt(left + 1 + shown.length(), top);
    }

    @Override
    void handle(Key k) {
        switch (k.action()) {
            case CHAR -> text.append(k.ch());
            case BACKSPACE -> {
                if (text.length() > 0) {
                    text.setLength(text.length() - 1);
                }
            }
            case ENTER -> {
                console.closePopup(this);
                onEnter.accept(text.toString());
            }
            case CANCEL -> console.closePopup(this);
            default -> {
            }
        }
    }
}
