package io.volrep.tui.smit;

import io.volrep.tui.menu.Dialog;
import io.volrep.tui.menu.Field;
import io.volrep.tui.menu.FieldKind;
import io.volrep.tui.menu.Node;
import io.volrep.tui.menu.Selector;
import io.volrep.tui.run.CommandBuilder;
import io.volrep.tui.run.Form;
import java.util.ArrayList;
import java.util.List;

/**
 * A SMIT dialog or selector: instruction lines, {@code [Entry Fields]}, one row per field with the
 * {@code *} required marker, the prompt, the value (in brackets when typed) and the kind marker
 * {@code # X / +} in the last column.
 */
final class FormPanel extends Panel {

    static final String DIALOG_LINE = "Type or select values in entry fields.";
    static final String SELECTOR_LINE = "Type or select a value for the entry field.";
    static final String PRESS_ENTER = "Press Enter AFTER making all desired changes.";
    static final String ENTRY_FIELDS = "[Entry Fields]";

    private final Node node;
    private final Form form;
    private final Scroll scroll = new Scroll();
    private int current;
    private int caret;

    FormPanel(SmitConsole console, Node node, Form form) {
        super(console);
        this.node = node;
        this.form = form;
        caret = value().length();
    }

    Form form() {
        return form;
    }

    private boolean isDialog() {
        return node instanceof Dialog;
    }

    private List<Field> fields() {
        return form.fields();
    }

    private Field field() {
        return fields().get(current);
    }

    private String value() {
        return form.value(field().id());
    }

    @Override
    String name() {
        return (isDialog() ? "dialog " : "selector ") + node.id();
    }

    @Override
    List<String> keys() {
        List<String> k = new ArrayList<>();
        if (fields().stream().anyMatch(f -> f.list() != null || !f.kind().typed())) {
            k.add("F4=List");
        }
        k.add("F5=Reset");
        if (isDialog()) {
            k.add("F6=Command");
        }
        k.add("Enter=Do");
        return k;
    }

    @Override
    String help() {
        return field().help();
    }

    @Override
    void draw(Canvas c) {
        int bracketCol = Math.max(40, c.width() - 26);
        c.center(0, node.title());
        c.put(0, 2, isDialog() ? DIALOG_LINE : SELECTOR_LINE);
        c.put(0, 3, PRESS_ENTER);
        int legendTop = c.height() - Canvas.legendRows(legend().size(), 4);
        int top = 6;
        int rows = legendTop - 2 - top;
        scroll.show(current, rows);
        c.put(0, top - 1, scroll.above(fields().size(), rows));
        c.put(bracketCol + 2, top - 1, ENTRY_FIELDS);
        for (int r = 0; r < rows && scroll.first() + r < fields().size(); r++) {
            int i = scroll.first() + r;
            drawField(c, fields().get(i), top + r, bracketCol, i == current);
        }
        c.put(0, top + rows, scroll.below(fields().size(), rows));
        c.legend(legend(), 4, 0, c.width(), c.height() - 1);
    }

    private void drawField(Canvas c, Field f, int row, int bracketCol, boolean isCurrent) {
        if (f.required()) {
            c.put(0, row, "*");
        }
        c.put(2, row, Canvas.clip(f.label(), bracketCol - 3));
        int width = c.width() - 3 - (bracketCol + 1);
        String v = form.value(f.id());
        int from = isCurrent ? Math.max(0, caret - width) : 0;
        String shown = v.length() - from > width ? v.substring(from, from + width) : v.substring(Math.min(from, v.length()));
        if (f.bracketed()) {
            c.put(bracketCol, row, "[");
            c.put(bracketCol + 1 + shown.length(), row, "]");
        }
        if (isCurrent) {
            c.putReverse(bracketCol + 1, row, shown.isEmpty() ? " " : shown);
            c.cursorAt(bracketCol + 1 + (f.bracketed() ? caret - from : 0), row);
        } else {
            c.put(bracketCol + 1, row, shown);
        }
        c.put(c.width() - 1, row, String.valueOf(f.marker()).trim());
    }

    @Override
    void handle(Key k) {
        switch (k.action()) {
            case UP -> moveTo(current - 1);
            case DOWN -> moveTo(current + 1);
            case PAGE_UP -> moveTo(current - 10);
            case PAGE_DOWN -> moveTo(current + 10);
            case LEFT -> caret = Math.max(0, caret - 1);
            case RIGHT -> caret = Math.min(value().length(), caret + 1);
            case HOME -> caret = 0;
            case END -> caret = value().length();
            case TAB -> cycle(1);
            case BACK_TAB -> cycle(-1);
            case BACKSPACE -> edit(caret - 1);
            case DELETE -> edit(caret);
            case CHAR -> type(k.ch());
            case LIST -> console.showChoices(field(), form, this::picked);
            case RESET -> {
                form.reset(field().id());
                caret = value().length();
            }
            case COMMAND -> {
                if (node instanceof Dialog d) {
                    console.showCommand(CommandBuilder.build(d, form));
                }
            }
            case ENTER -> {
                if (node instanceof Dialog d) {
                    console.submit(d, form);
                } else {
                    console.selected((Selector) node, form);
                }
            }
            case CANCEL -> console.back();
            default -> {
            }
        }
    }

    /** Puts a value picked in the F4 list into the current field. */
    void picked(String value) {
        form.set(field().id(), value);
        caret = value.length();
    }

    private void moveTo(int i) {
        current = Math.max(0, Math.min(fields().size() - 1, i));
        caret = value().length();
    }

    private void cycle(int step) {
        Field f = field();
        if (f.kind() == FieldKind.RING) {
            form.set(f.id(), f.ring().cycle(value(), step));
        } else if (f.kind() == FieldKind.YESNO) {
            form.set(f.id(), value().equals("yes") ? "no" : "yes");
        }
    }

    private void edit(int at) {
        String v = value();
        if (!field().bracketed() || at < 0 || at >= v.length()) {
            return;
        }
        form.set(field().id(), v.substring(0, at) + v.substring(at + 1));
        caret = at;
    }

    private void type(char ch) {
        Field f = field();
        if (!f.bracketed() || !accepts(f.kind(), ch)) {
            return;
        }
        String v = value();
        form.set(f.id(), v.substring(0, caret) + ch + v.substring(caret));
        caret++;
    }

    private static boolean accepts(FieldKind kind, char ch) {
        return switch (kind) {
            case NUMERIC -> Character.isDigit(ch) || ch == '-' || ch == '+';
            case HEX -> Character.digit(ch, 16) >= 0 || ch == 'x' || ch == 'X';
            default -> ch >= ' ';
        };
    }
}
