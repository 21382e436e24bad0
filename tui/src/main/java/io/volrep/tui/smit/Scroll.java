package io.volrep.tui.smit;

/**
 * A window of {@code rows} lines over {@code total} lines, with SMIT's markers: {@code [TOP]} or
 * {@code [MORE...n]} above, {@code [MORE...n]} or {@code [BOTTOM]} below. Markers appear only when
 * the lines do not all fit.
 */
final class Scroll {

    private int first;

    int first() {
        return first;
    }

    /** Moves the window so that line {@code line} is visible. */
    void show(int line, int rows) {
        if (line < first) {
            first = line;
        } else if (line >= first + rows) {
            first = line - rows + 1;
        }
        first = Math.max(0, first);
    }

    void by(int delta, int total, int rows) {
        first = Math.max(0, Math.min(first + delta, Math.max(0, total - rows)));
    }

    void toEnd(int total, int rows) {
        first = Math.max(0, total - rows);
    }

    static boolean fits(int total, int rows) {
        return total <= rows;
    }

    String above(int total, int rows) {
        if (fits(total, rows)) {
            return "";
        }
        return first == 0 ? "[TOP]" : "[MORE..." + first + "]";
    }

    String below(int total, int rows) {
        if (fits(total, rows)) {
            return "";
        }
        int hidden = total - first - rows;
        return hidden > 0 ? "[MORE..." + hidden + "]" : "[BOTTOM]";
    }
}
