package io.volrep.tui.menu;

import java.util.List;

/** A menu screen: a title and its items, in file order. */
public record Menu(String id, String title, List<String> aliases, String help, List<MenuItem> items,
                   Origin origin) implements Node {

    public Menu {
        aliases = List.copyOf(aliases);
        items = List.copyOf(items);
    }
}
