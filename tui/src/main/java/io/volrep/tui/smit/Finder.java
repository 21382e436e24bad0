package io.volrep.tui.smit;

import java.util.List;
import java.util.Locale;

/** Find ({@code /}) and Find Next ({@code n}) over lines of text, case-insensitive, wrapping round. */
final class Finder {

    private String text = "";

    void text(String t) {
        text = t.toLowerCase(Locale.ROOT);
    }

    boolean active() {
        return !text.isEmpty();
    }

    /** The first line after {@code from} holding the text, wrapping round; -1 if none. */
    int next(List<String> lines, int from) {
        if (text.isEmpty() || lines.isEmpty()) {
            return -1;
        }
        for (int k = 1; k <= lines.size(); k++) {
            int i = Math.floorMod(from + k, lines.size());
            if (lines.get(i).toLowerCase(Locale.ROOT).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
