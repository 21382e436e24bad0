package io.volrep.tui.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.volrep.engine.api.CommandCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken menu files are refused with the file and the line of every problem. */
class MenuLoaderTest {

    @TempDir
    Path dir;

    private static final String MAIN = """
            menus {
              main {
                title = "Top"
                help = "top"
                items = [
                  { text = "List disk groups", dialog = lsdg, help = "h" }
                ]
              }
            }
            """;

    private static final String DIALOG = """
            dialogs {
              lsdg {
                title = "List"
                help = "h"
                command = vxdg
                verb = list
              }
            }
            """;

    private MenuException loadFails(String... files) throws IOException {
        for (int i = 0; i < files.length; i++) {
            Files.writeString(dir.resolve("f" + i + ".conf"), files[i]);
        }
        return assertThrows(MenuException.class, () -> new MenuLoader(CommandCatalog::exists).load(List.of(dir)));
    }

    private static void assertProblem(MenuException e, String fileSuffix, int line, String text) {
        assertTrue(e.problems().stream().anyMatch(p -> p.origin().file().endsWith(fileSuffix)
                        && p.origin().line() == line && p.message().contains(text)),
                "expected " + fileSuffix + ":" + line + " " + text + " in\n" + e.getMessage());
    }

    @Test
    void goodFilesLoad() throws Exception {
        Files.writeString(dir.resolve("a.conf"), MAIN);
        Files.writeString(dir.resolve("b.conf"), DIALOG);
        MenuTree tree = new MenuLoader(CommandCatalog::exists).load(List.of(dir));
        assertEquals("lsdg", tree.top().items().get(0).next());
        assertTrue(tree.resolve("lsdg").orElseThrow() instanceof Dialog);
    }

    @Test
    void syntaxErrorNamesFileAndLine() throws IOException {
        MenuException e = loadFails(MAIN, "dialogs {\n  x {\n    title = \"a\"\n    help = [\n}\n");
        assertProblem(e, "f1.conf", 5, "");
        assertTrue(e.getMessage().contains("f1.conf:5"), e.getMessage());
    }

    @Test
    void unknownKeyAndBadKindAreReportedAtTheirLines() throws IOException {
        String bad = """
                dialogs {
                  lsdg {
                    title = "List"
                    help = "h"
                    command = vxdg
                    verb = list
                    colour = blue
                    fields = [
                      { id = dg, label = "DG", kind = wobbly, flag = "-g", help = "h" }
                    ]
                  }
                }
                """;
        MenuException e = loadFails(MAIN, bad);
        assertProblem(e, "f1.conf", 7, "unknown key 'colour'");
        assertProblem(e, "f1.conf", 9, "kind 'wobbly'");
    }

    @Test
    void itemLeadingNowhereAndMissingCommandAreRefused() throws IOException {
        String main = MAIN.replace("dialog = lsdg", "dialog = nosuch");
        String dialog = DIALOG.replace("verb = list", "verb = explode");
        MenuException e = loadFails(main, dialog);
        assertProblem(e, "f0.conf", 6, "'nosuch', which does not exist");
        assertProblem(e, "f1.conf", 2, "command 'vxdg explode' does not exist");
    }

    @Test
    void duplicateIdsAcrossFilesAndDuplicatePositionalsAreRefused() throws IOException {
        String dup = """
                dialogs {
                  lsdg {
                    title = "Again"
                    help = "h"
                    command = vxdg
                    verb = init
                    fields = [
                      { id = a, label = "A", kind = text, positional = 1, help = "h" }
                      { id = b, label = "B", kind = text, positional = 1, help = "h" }
                    ]
                  }
                }
                """;
        MenuException e = loadFails(MAIN, DIALOG, dup);
        assertProblem(e, "f2.conf", 2, "id 'lsdg' is already defined at ");
    }

    @Test
    void fieldRulesAreChecked() throws IOException {
        String bad = """
                dialogs {
                  mk {
                    title = "Make"
                    help = "h"
                    command = vxdg
                    verb = init
                    fields = [
                      { id = a, label = "A", kind = list, positional = 1, help = "h" }
                      { id = b, label = "B", kind = yesno, positional = 2, help = "h" }
                      { id = c, label = "C", kind = ring, flag = "-c", help = "h", ring { display = [x, y], values = [a] } }
                      { id = d, label = "D", kind = text, help = "h" }
                      { id = e, label = "E", kind = numeric, flag = "-e", default = "ten", help = "h" }
                    ]
                  }
                }
                """;
        MenuException e = loadFails(MAIN, DIALOG, bad);
        assertProblem(e, "f2.conf", 8, "kind = list and a list");
        assertProblem(e, "f2.conf", 9, "yesno field is a flag");
        assertProblem(e, "f2.conf", 10, "as many command values");
        assertProblem(e, "f2.conf", 11, "exactly one of flag");
        assertProblem(e, "f2.conf", 12, "whole number");
    }

    @Test
    void listCommandMayOnlyNameValuesThatExist() throws IOException {
        String bad = """
                dialogs {
                  mk {
                    title = "Make"
                    help = "h"
                    command = vxdg
                    verb = init
                    fields = [
                      { id = f, label = "F", kind = list, positional = 1, help = "h", list { command = "vxprint -g {zz}" } }
                    ]
                  }
                }
                """;
        assertProblem(loadFails(MAIN, DIALOG, bad), "f2.conf", 8, "uses {zz}, which no other field");
    }

    @Test
    void missingDirectoryAndEmptyDirectoryAreRefused() {
        MenuException e = assertThrows(MenuException.class,
                () -> new MenuLoader(CommandCatalog::exists).load(List.of(dir.resolve("nope"))));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        e = assertThrows(MenuException.class, () -> new MenuLoader(CommandCatalog::exists).load(List.of(dir)));
        assertTrue(e.getMessage().contains("no menu files"), e.getMessage());
    }
}
