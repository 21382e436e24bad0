package io.volrep.tui.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.volrep.engine.api.CommandCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lints the real menu files in {@code menus/}: they load, and every screen and command they name exists. */
class MenuLintTest {

    static Path menusDir;
    static MenuTree tree;

    @BeforeAll
    static void load() throws MenuException {
        String home = System.getProperty("volrep.home");
        assertNotNull(home, "surefire sets volrep.home to the repository root");
        menusDir = Path.of(home, "menus");
        tree = new MenuLoader(CommandCatalog::exists).load(List.of(menusDir));
    }

    @Test
    void everyAreaFileIsPresentAndDocumented() {
        for (String f : List.of("main.conf", "volumes.conf", "rds.conf", "README.md")) {
            assertTrue(Files.exists(menusDir.resolve(f)), f);
        }
    }

    @Test
    void topMenuExistsAndFastPathsAreUnique() {
        assertEquals("Volume Replication", tree.top().title());
        Set<String> seen = new HashSet<>();
        for (Node n : tree.nodes()) {
            assertTrue(seen.add(n.id()), n.id());
            for (String a : n.aliases()) {
                assertTrue(seen.add(a), "alias " + a + " of " + n.id());
            }
        }
        assertEquals(seen, tree.fastPaths().keySet());
    }

    @Test
    void everyItemLeadsToAScreenOfItsKind() {
        int items = 0;
        for (Node n : tree.nodes()) {
            if (n instanceof Menu m) {
                for (MenuItem i : m.items()) {
                    if (!i.selectable()) {
                        continue;
                    }
                    items++;
                    Node target = tree.node(i.next()).orElseThrow(() -> new AssertionError(i.next()));
                    switch (i.target()) {
                        case MENU -> assertInstanceOf(Menu.class, target);
                        case SELECTOR -> assertInstanceOf(Selector.class, target);
                        case DIALOG -> assertInstanceOf(Dialog.class, target);
                        default -> throw new AssertionError(i);
                    }
                    assertFalse(i.help().isBlank(), "help for " + i.text());
                }
            }
        }
        assertTrue(items >= 15, "menus offer the tasks: " + items);
    }

    @Test
    void everyDialogRunsACommandThatExistsAndEveryCatalogVerbHasADialog() {
        Set<String> offered = new HashSet<>();
        for (Node n : tree.nodes()) {
            if (n instanceof Dialog d) {
                String verb = d.verb().isEmpty() ? "" : d.verb().get(0);
                assertTrue(CommandCatalog.exists(d.commandName(), verb), d.id());
                offered.add(d.commandName() + " " + verb);
            }
        }
        for (String cmd : CommandCatalog.commands()) {
            Set<String> verbs = CommandCatalog.verbs(cmd).orElseThrow();
            if (verbs.isEmpty()) {
                assertTrue(offered.contains(cmd + " "), cmd);
            }
            for (String v : verbs) {
                assertTrue(offered.contains(cmd + " " + v), "no dialog runs " + cmd + " " + v);
            }
        }
    }

    @Test
    void everyFieldHasHelpAndConsistentKindSettings() {
        for (Node n : tree.nodes()) {
            List<Field> fields = n instanceof Dialog d ? d.fields()
                    : n instanceof Selector s ? List.of(s.field()) : List.of();
            for (Field f : fields) {
                String where = n.id() + "." + f.id();
                assertFalse(f.help().isBlank(), where);
                assertEquals(f.kind() == FieldKind.LIST, f.list() != null, where);
                assertEquals(f.kind() == FieldKind.RING, f.ring() != null, where);
                if (n instanceof Dialog) {
                    assertTrue(f.isFlag() ^ f.isPositional(), where);
                }
                assertEquals(null, f.initial().isEmpty() ? null : f.check(f.initial()), where);
            }
        }
    }
}
