package io.volrep.tui.smit;

import io.volrep.tui.menu.Menu;
import io.volrep.tui.menu.MenuItem;
import java.util.List;
import java.util.Map;

/** A SMIT menu: centered title, the fixed instruction, items indented two columns, the current one reversed. */
final class MenuPanel extends Panel {

    static final String INSTRUCTION = "Move cursor to desired item and press Enter.";

    private final Menu menu;
    private final Scroll scroll = new Scroll();
    private int current;

    MenuPanel(SmitConsole console, Menu menu) {
        super(console);
        this.menu = menu;
        current = next(-1, 1);
    }

    @Override
    String name() {
        return "menu " + menu.id();
    }

    @Override
    List<String> keys() {
        return List.of("Enter=Do");
    }

    @Override
    String help() {
        MenuItem item = items().isEmpty() ? null : items().get(current);
        return item == null || !item.selectable() ? menu.help() : item.help();
    }

    private List<MenuItem> items() {
        return menu.items();
    }

    @Override
    void draw(Canvas c) {
        c.center(0, menu.title());
        c.put(0, 2, INSTRUCTION);
        int legendTop = c.height() - Canvas.legendRows(legend().size(), 4);
        int top = 4;
        int rows = legendTop - 1 - top - 1;
        scroll.show(current, rows);
        c.put(0, top - 1, scroll.above(items().size(), rows));
        for (int r = 0; r < rows && scroll.first() + r < items().size(); r++) {
            int i = scroll.first() + r;
            String text = items().get(i).text();
            if (i == current && items().get(i).selectable()) {
                c.putReverse(2, top + r, text);
                c.cursorAt(2, top + r);
            } else {
                c.put(2, top + r, text);
            }
        }
        c.put(0, top + rows, scroll.below(items().size(), rows));
        c.legend(legend(), 4, 0, c.width(), c.height() - 1);
    }

    @Override
    void handle(Key k) {
        switch (k.action()) {
            case UP -> current = next(current, -1);
            case DOWN -> current = next(current, 1);
            case PAGE_UP -> move(-10);
            case PAGE_DOWN -> move(10);
            case HOME -> current = next(-1, 1);
            case END -> current = next(items().size(), -1);
            case ENTER -> open();
            case CANCEL -> console.back();
            default -> {
            }
        }
    }

    private void move(int by) {
        for (int i = 0; i < Math.abs(by); i++) {
            current = next(current, Integer.signum(by));
        }
    }

    /** The next selectable item from {@code from} in direction {@code step}, or {@code from} if none. */
    private int next(int from, int step) {
        for (int i = from + step; i >= 0 && i < items().size(); i += step) {
            if (items().get(i).selectable()) {
                return i;
            }
        }
        return Math.max(0, from);
    }

    private void open() {
        MenuItem item = items().get(current);
        if (item.selectable()) {
            console.open(item.next(), Map.of());
        }
    }
}
