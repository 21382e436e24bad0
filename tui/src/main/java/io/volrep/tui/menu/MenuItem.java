package io.volrep.tui.menu;

/**
 * One line of a menu (SMIT's {@code sm_menu_opt}): leads to another menu, a selector or a dialog,
 * or is an information line that cannot be selected.
 */
public record MenuItem(String text, Target target, String next, String help, Origin origin) {

    /** Where an item leads. */
    public enum Target { MENU, SELECTOR, DIALOG, INFO }

    public boolean selectable() {
        return target != Target.INFO;
    }
}
