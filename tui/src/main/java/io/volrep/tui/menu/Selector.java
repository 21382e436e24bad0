package io.volrep.tui.menu;

import java.util.List;

/**
 * A selector screen (SMIT's {@code sm_name_hdr}): asks for one value, then opens {@code next} (a
 * selector or a dialog) with that value passed on under the field's id. A ghost selector shows only
 * its F4 list.
 */
public record Selector(String id, String title, List<String> aliases, String help, Field field,
                       String next, boolean ghost, Origin origin) implements Node {

    public Selector {
        aliases = List.copyOf(aliases);
    }
}
