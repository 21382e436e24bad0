package io.volrep.tui.smit;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.volrep.tui.smit.Key.Action;

/**
 * Turns lanterna key strokes into {@link Key}s. F1..F10 arrive as function keys or as Esc followed
 * by 1..9, 0. lanterna reports a quick Esc+digit as the digit with Alt held, and a slow one as a
 * lone Escape then the digit; both work. An Escape followed by anything else is dropped and the
 * next key keeps its own meaning. Ctrl-L redraws. Not thread-safe: the GUI thread owns it.
 */
public final class KeyMap {

    private static final Action[] BY_DIGIT = {
        Action.EXIT, Action.HELP, Action.REFRESH, Action.CANCEL, Action.LIST,
        Action.RESET, Action.COMMAND, Action.EDIT, Action.IMAGE, Action.SHELL
    };

    private boolean escPending;

    /** The key, or null when the stroke was an Escape waiting for its digit (or nothing vxsmit uses). */
    public Key translate(KeyStroke k) {
        if (k.getKeyType() == KeyType.Escape) {
            escPending = true;
            return null;
        }
        boolean afterEsc = escPending;
        escPending = false;
        if (k.getKeyType() == KeyType.Character) {
            char c = k.getCharacter();
            if ((afterEsc || k.isAltDown()) && c >= '0' && c <= '9') {
                return Key.of(BY_DIGIT[c - '0']);
            }
            if (k.isCtrlDown() && (c == 'l' || c == 'L')) {
                return Key.of(Action.REDRAW);
            }
            if (k.isCtrlDown() || k.isAltDown()) {
                return null;
            }
            return Key.typed(c);
        }
        return special(k.getKeyType());
    }

    private static Key special(KeyType t) {
        Action a = switch (t) {
            case F1 -> Action.HELP;
            case F2 -> Action.REFRESH;
            case F3 -> Action.CANCEL;
            case F4 -> Action.LIST;
            case F5 -> Action.RESET;
            case F6 -> Action.COMMAND;
            case F7 -> Action.EDIT;
            case F8 -> Action.IMAGE;
            case F9 -> Action.SHELL;
            case F10 -> Action.EXIT;
            case Enter -> Action.ENTER;
            case ArrowUp -> Action.UP;
            case ArrowDown -> Action.DOWN;
            case ArrowLeft -> Action.LEFT;
            case ArrowRight -> Action.RIGHT;
            case PageUp -> Action.PAGE_UP;
            case PageDown -> Action.PAGE_DOWN;
            case Home -> Action.HOME;
            case End -> Action.END;
            case Tab -> Action.TAB;
            case ReverseTab -> Action.BACK_TAB;
            case Backspace -> Action.BACKSPACE;
            case Delete -> Action.DELETE;
            default -> null;
        };
        return a == null ? null : Key.of(a);
    }
}
