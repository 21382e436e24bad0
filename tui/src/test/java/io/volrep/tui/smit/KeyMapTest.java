package io.volrep.tui.smit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.volrep.tui.smit.Key.Action;
import org.junit.jupiter.api.Test;

/** F-keys arrive as function keys, as Alt+digit (quick Esc+digit) or as Escape then digit (slow). */
class KeyMapTest {

    private static final Action[] F = {Action.HELP, Action.REFRESH, Action.CANCEL, Action.LIST, Action.RESET,
        Action.COMMAND, Action.EDIT, Action.IMAGE, Action.SHELL, Action.EXIT};

    @Test
    void functionKeysAndBothEscDigitFormsMeanTheSame() {
        KeyType[] types = {KeyType.F1, KeyType.F2, KeyType.F3, KeyType.F4, KeyType.F5, KeyType.F6, KeyType.F7,
            KeyType.F8, KeyType.F9, KeyType.F10};
        for (int i = 0; i < 10; i++) {
            char digit = (char) ('0' + (i + 1) % 10);
            KeyMap m = new KeyMap();
            assertEquals(F[i], m.translate(new KeyStroke(types[i])).action());
            assertEquals(F[i], m.translate(new KeyStroke(digit, false, true)).action(), "Alt+" + digit);
            assertNull(m.translate(new KeyStroke(KeyType.Escape)));
            assertEquals(F[i], m.translate(new KeyStroke(digit, false, false)).action(), "Esc then " + digit);
        }
    }

    @Test
    void digitsWithoutEscAreTypedAndEscBeforeOtherKeysIsDropped() {
        KeyMap m = new KeyMap();
        assertEquals(Key.typed('3'), m.translate(new KeyStroke('3', false, false)));
        assertNull(m.translate(new KeyStroke(KeyType.Escape)));
        assertEquals(Key.typed('x'), m.translate(new KeyStroke('x', false, false)));
        assertEquals(Key.typed('4'), m.translate(new KeyStroke('4', false, false)), "Esc does not linger");
        assertNull(m.translate(new KeyStroke(KeyType.Escape)));
        assertEquals(Action.DOWN, m.translate(new KeyStroke(KeyType.ArrowDown)).action());
    }

    @Test
    void ctrlLRedrawsAndTabsCycle() {
        KeyMap m = new KeyMap();
        assertEquals(Action.REDRAW, m.translate(new KeyStroke('l', true, false)).action());
        assertEquals(Action.TAB, m.translate(new KeyStroke(KeyType.Tab)).action());
        assertEquals(Action.BACK_TAB, m.translate(new KeyStroke(KeyType.ReverseTab)).action());
        assertNull(m.translate(new KeyStroke('q', true, false)));
    }
}
