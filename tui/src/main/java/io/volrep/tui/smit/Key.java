package io.volrep.tui.smit;

/** A key after translation: F-keys (however they arrived), editing and movement keys, or a typed character. */
public record Key(Action action, char ch) {

    /** What a key means to vxsmit. F1..F10 are named after their SMIT function. */
    public enum Action {
        HELP, REFRESH, CANCEL, LIST, RESET, COMMAND, EDIT, IMAGE, SHELL, EXIT,
        ENTER, UP, DOWN, LEFT, RIGHT, PAGE_UP, PAGE_DOWN, HOME, END, TAB, BACK_TAB,
        BACKSPACE, DELETE, REDRAW, CHAR
    }

    public static Key of(Action a) {
        return new Key(a, '\0');
    }

    public static Key typed(char c) {
        return new Key(Action.CHAR, c);
    }

    public boolean is(Action a) {
        return action == a;
    }

    public boolean isChar(char c) {
        return action == Action.CHAR && ch == c;
    }
}
