package io.volrep.tui;

import io.volrep.engine.api.CommandCatalog;
import io.volrep.tui.menu.Dialog;
import io.volrep.tui.menu.MenuException;
import io.volrep.tui.menu.MenuLoader;
import io.volrep.tui.menu.MenuTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads menu trees for tests: the real {@code menus/} directory, or HOCON text written to a temp dir. */
public final class TestMenus {

    private TestMenus() {
    }

    public static Path realMenus() {
        return Path.of(System.getProperty("volrep.home"), "menus");
    }

    public static MenuTree real() {
        try {
            return new MenuLoader(CommandCatalog::exists).load(List.of(realMenus()));
        } catch (MenuException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** A tree from the given HOCON text plus a top menu with one item per dialog id given. */
    public static MenuTree of(Path dir, String hocon, String... topDialogs) {
        StringBuilder items = new StringBuilder();
        for (String d : topDialogs) {
            items.append("{ text = \"Go ").append(d).append("\", dialog = ").append(d).append(", help = \"h\" }\n");
        }
        String main = "menus { main { title = \"Test Top\", help = \"top help\", items = [\n" + items + "] } }\n";
        try {
            Files.writeString(dir.resolve("main.conf"), main);
            Files.writeString(dir.resolve("test.conf"), hocon);
            return new MenuLoader(CommandCatalog::exists).load(List.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MenuException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    public static Dialog dialog(MenuTree tree, String id) {
        return (Dialog) tree.resolve(id).orElseThrow(() -> new AssertionError("no " + id));
    }
}
