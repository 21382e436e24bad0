package io.volrep.tui.smit;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.List;

/**
 * Drawing helpers for SMIT's layout on one lanterna {@link TextGraphics}: centered titles, legends
 * in columns of a quarter of the width, reverse-video highlights and boxes for pop-ups. Panels draw
 * through it; it also remembers where the terminal cursor should go.
 */
final class Canvas {

    private final TextGraphics g;
    private final TerminalSize size;
    private TerminalPosition cursor;

    Canvas(TextGraphics g, TerminalSize size) {
        this.g = g;
        this.size = size;
    }

    int width() {
        return size.getColumns();
    }

    int height() {
        return size.getRows();
    }

    TerminalPosition cursor() {
        return cursor;
    }

    void cursorAt(int col, int row) {
        cursor = new TerminalPosition(col, row);
    }

    void put(int col, int row, String text) {
        if (row < 0 || row >= height() || col >= width()) {
            return;
        }
        g.putString(col, row, clip(text, width() - col));
    }

    void putReverse(int col, int row, String text) {
        if (row < 0 || row >= height() || col >= width()) {
            return;
        }
        g.putString(col, row, clip(text, width() - col), SGR.REVERSE);
    }

    void center(int row, String text) {
        put(Math.max(0, (width() - text.length()) / 2), row, text);
    }

    /** Legend entries, {@code perRow} per row in equal columns, ending on {@code bottomRow}; returns its first row. */
    int legend(List<String> entries, int perRow, int left, int width, int bottomRow) {
        int rows = (entries.size() + perRow - 1) / perRow;
        int top = bottomRow - rows + 1;
        int col = width / perRow;
        for (int i = 0; i < entries.size(); i++) {
            put(left + (i % perRow) * col, top + i / perRow, clip(entries.get(i), col - 1));
        }
        return top;
    }

    static int legendRows(int entries, int perRow) {
        return (entries + perRow - 1) / perRow;
    }

    /** Clears a rectangle and draws a box around it. */
    void box(int left, int top, int w, int h) {
        String blank = " ".repeat(Math.max(0, w - 2));
        put(left, top, "+" + "-".repeat(w - 2) + "+");
        for (int r = top + 1; r < top + h - 1; r++) {
            put(left, r, "|" + blank + "|");
        }
        put(left, top + h - 1, "+" + "-".repeat(w - 2) + "+");
    }

    static String clip(String s, int max) {
        if (max <= 0) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max);
    }

    static String pad(String s, int width) {
        return s.length() >= width ? clip(s, width) : s + " ".repeat(width - s.length());
    }
}
