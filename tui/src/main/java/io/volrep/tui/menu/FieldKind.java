package io.volrep.tui.menu;

import java.util.Arrays;
import java.util.Optional;

/** What a dialog field accepts, and the marker SMIT prints in the last column for it. */
public enum FieldKind {
    TEXT("text", ' ', true),
    NUMERIC("numeric", '#', true),
    HEX("hex", 'X', true),
    FILE("file", '/', true),
    LIST("list", '+', true),
    RING("ring", '+', false),
    YESNO("yesno", '+', false);

    private final String word;
    private final char marker;
    private final boolean typed;

    FieldKind(String word, char marker, boolean typed) {
        this.word = word;
        this.marker = marker;
        this.typed = typed;
    }

    /** The word used for this kind in menu files. */
    public String word() {
        return word;
    }

    /** The right-margin marker: {@code # X / +} or a blank. */
    public char marker() {
        return marker;
    }

    /** True if the user types the value (shown in brackets); rings and yes/no are cycled with Tab. */
    public boolean typed() {
        return typed;
    }

    /** Looks a kind up by its menu-file word. */
    public static Optional<FieldKind> byWord(String word) {
        return Arrays.stream(values()).filter(k -> k.word.equals(word)).findFirst();
    }

    /**
     * Checks a typed value against this kind.
     *
     * @return null if the value is acceptable, else a sentence saying what is expected
     */
    public String check(String value) {
        if (value.isEmpty()) {
            return null;
        }
        return switch (this) {
            case NUMERIC -> value.matches("[+-]?[0-9]+") ? null : "a whole number is expected";
            case HEX -> value.matches("(0[xX])?[0-9a-fA-F]+") ? null : "a hexadecimal number is expected";
            case FILE -> value.indexOf('\0') < 0 ? null : "a file name cannot contain NUL";
            default -> null;
        };
    }
}
