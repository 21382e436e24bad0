package io.volrep.tui.menu;

import java.util.List;

/** A screen defined in a menu file: a menu, a selector or a dialog. Its id is a fast path. */
public sealed interface Node permits Menu, Selector, Dialog {

    String id();

    String title();

    List<String> aliases();

    String help();

    Origin origin();
}
