package io.volrep.tui.smit;

import io.volrep.tui.menu.ListSource;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The F4 list: choices from a list command or a ring. Single-select picks with Enter; multi-select
 * marks items with F7 ({@code >} in the margin) and Enter takes the marked ones (or the current one
 * when none is marked). Headings cannot be picked. {@code /} finds, {@code n} finds the next.
 */
final class ListPopup extends Popup {

    static final String SINGLE = "Move cursor to desired item and press Enter.";
    static final List<String> MULTI = List.of("Move cursor to desired item and press F7.",
            "    ONE OR MORE items can be selected.", "Press Enter AFTER making all selections.");

    private final List<ListSource.Entry> entries;
    private final boolean multi;
    private final Consumer<List<String>> onPick;
    private final TreeSet<Integer> marked = new TreeSet<>();
    private final Scroll scroll = new Scroll();
    private final Finder finder = new Finder();
    private int current;
    private int rows = 1;

    ListPopup(SmitConsole console, String title, List<ListSource.Entry> entries, boolean multi,
              Consumer<List<String>> onPick) {
        super(console, title);
        this.entries = List.copyOf(entries);
        this.multi = multi;
        this.onPick = onPick;
        current = step(-1, 1);
    }

    @Override
    String name() {
        return "list " + title;
    }

    @Override
    List<String> keys() {
        return multi ? List.of("F7=Select", "Enter=Do", "/=Find", "n=Find Next") : List.of("Enter=Do", "/=Find", "n=Find Next");
    }

    @Override
    String help() {
        return multi ? "Mark each item you want with F7 (Esc+7), then press Enter. F3 cancels."
                : "Move to the item you want and press Enter. F3 cancels.";
    }

    @Override
    int bodyLines() {
        return (multi ? MULTI.size() : 1) + 1 + Math.max(1, entries.size());
    }

    @Override
    void drawBody(Canvas c, int left, int top, int w, int bodyRows) {
        List<String> head = multi ? MULTI : List.of(SINGLE);
        for (int i = 0; i < head.size(); i++) {
            c.put(left, top + i, head.get(i));
        }
        int first = top + head.size() + 1;
        rows = Math.max(1, bodyRows - head.size() - 1);
        if (entries.isEmpty()) {
            c.put(left + 2, first, "(the list is empty)");
            return;
        }
        scroll.show(current, rows);
        if (!Scroll.fits(entries.size(), rows)) {
            c.put(left + w - 12, first - 1, scroll.above(entries.size(), rows));
            c.put(left + w - 12, first + rows, scroll.below(entries.size(), rows));
        }
        for (int r = 0; r < rows && scroll.first() + r < entries.size(); r++) {
            int i = scroll.first() + r;
            if (marked.contains(i)) {
                c.put(left - 1, first + r, ">");
            }
            String line = Canvas.clip(entries.get(i).line(), w - 2);
            if (i == current && entries.get(i).selectable()) {
                c.putReverse(left + 2, first + r, line);
                c.cursorAt(left + 2, first + r);
            } else {
                c.put(left + 2, first + r, line);
            }
        }
    }

    @Override
    void handle(Key k) {
        switch (k.action()) {
            case UP -> current = step(current, -1);
            case DOWN -> current = step(current, 1);
            case PAGE_UP -> current = Math.max(step(-1, 1), step(current - rows + 1, -1));
            case PAGE_DOWN -> current = Math.min(step(entries.size(), -1), step(current + rows - 1, 1));
            case EDIT -> toggle();
            case ENTER -> pick();
            case CANCEL -> console.closePopup(this);
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

    private void toggle() {
        if (multi && selectable(current) && !marked.remove(current)) {
            marked.add(current);
        }
    }

    private void pick() {
        List<String> values = new ArrayList<>();
        if (multi && !marked.isEmpty()) {
            marked.forEach(i -> values.add(entries.get(i).value()));
        } else if (selectable(current)) {
            values.add(entries.get(current).value());
        }
        console.closePopup(this);
        if (!values.isEmpty()) {
            onPick.accept(values);
        }
    }

    private void findNext() {
        int i = finder.next(entries.stream().map(ListSource.Entry::line).toList(), current);
        if (i >= 0) {
            current = i;
        } else if (finder.active()) {
            console.message("Find", List.of("Text not found."));
        }
    }

    private boolean selectable(int i) {
        return i >= 0 && i < entries.size() && entries.get(i).selectable();
    }

    private int step(int from, int dir) {
        for (int i = from + dir; i >= 0 && i < entries.size(); i += dir) {
            if (selectable(i)) {
                return i;
            }
        }
        return Math.max(0, Math.min(from, entries.size() - 1));
    }
}
