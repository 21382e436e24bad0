package io.volrep.tui.smit;

import java.util.ArrayList;
import java.util.List;

/** A bordered box over the screen below: title, body and a three-column legend inside the box. */
abstract class Popup extends Panel {

    protected final String title;

    Popup(SmitConsole console, String title) {
        super(console);
        this.title = title;
    }

    @Override
    boolean popup() {
        return true;
    }

    /** Lines the body wants (the box grows up to nearly the full screen). */
    abstract int bodyLines();

    /** Draws the body inside the box, in {@code rows} rows from {@code top}, {@code width} columns from {@code left}. */
    abstract void drawBody(Canvas c, int left, int top, int width, int rows);

    @Override
    final void draw(Canvas c) {
        int w = c.width() - 4;
        int legendRows = Canvas.legendRows(legend().size(), 3);
        int h = Math.min(c.height() - 2, bodyLines() + legendRows + 5);
        int left = 2;
        int top = Math.max(1, (c.height() - h) / 2);
        c.box(left, top, w, h);
        c.put(left + Math.max(1, (w - title.length()) / 2), top + 1, Canvas.clip(title, w - 2));
        int bodyRows = h - legendRows - 5;
        drawBody(c, left + 2, top + 3, w - 4, bodyRows);
        c.legend(legend(), 3, left + 2, w - 4, top + h - 2);
    }

    /** Wraps text to a width, keeping the given line breaks. */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        for (String para : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : para.split(" ")) {
                if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                if (line.length() > 0) {
                    line.append(' ');
                }
                line.append(word);
            }
            out.add(line.toString());
        }
        return out;
    }
}
