package io.volrep.tui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.volrep.tui.ScriptedRunner;
import io.volrep.tui.ScriptedRunner.Reply;
import io.volrep.tui.TestMenus;
import io.volrep.tui.menu.Dialog;
import io.volrep.tui.menu.ListSource;
import io.volrep.tui.menu.MenuTree;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** List and discovery commands, and how the exec modes limit what runs. */
class SessionTest {

    @TempDir
    Path dir;

    private Session session(ScriptedRunner runner, ExecMode mode) {
        return new Session(() -> runner, mode,
                new ConsoleLog(dir.resolve("l"), dir.resolve("s"), Clock.systemDefaultZone()));
    }

    @Test
    void listCommandsFillTemplatesSkipHeadingsAndFilterLines() {
        ScriptedRunner runner = ScriptedRunner.hrdg();
        ListSource volumes = new ListSource("vxprint -g {dg} -ht", 2, Pattern.compile("^v\\s"), 0);
        Session.ListResult r = session(runner, ExecMode.RUN).list(volumes, Map.of("dg", "hrdg")::get);
        assertEquals(List.of("hr_dv01", "hr_dv02", "hr_srl"), r.values());
        ListSource dgs = new ListSource("vxdg list", 1, null, 1);
        Session.ListResult d = session(runner, ExecMode.RUN).list(dgs, n -> null);
        assertFalse(d.entries().get(0).selectable());
        assertEquals(List.of("hrdg", "testdg"), d.values());
        assertEquals(List.of("vxprint -g hrdg -ht", "vxdg list"), runner.joinedCalls());
    }

    @Test
    void listNeedingAnEmptyValueSaysWhatToFillIn() {
        ScriptedRunner runner = ScriptedRunner.hrdg();
        Session.ListResult r = session(runner, ExecMode.RUN)
                .list(new ListSource("vxprint -g {dg} -ht", 2, null, 0), n -> "");
        assertEquals("fill in 'dg' first", r.error());
        assertTrue(runner.calls().isEmpty());
    }

    @Test
    void failingListCommandReportsItsError() {
        ScriptedRunner runner = new ScriptedRunner().reply("vxdg list", Reply.fail("daemon not running\n"));
        Session.ListResult r = session(runner, ExecMode.RUN).list(new ListSource("vxdg list", 1, null, 1), n -> null);
        assertEquals("vxdg list failed: daemon not running", r.error());
    }

    @Test
    void discoveryFillsFieldsAsDefaultsSoUnchangedValuesAreNotSent(@TempDir Path menus) throws IOException {
        MenuTree tree = TestMenus.of(menus, """
                dialogs {
                  grow {
                    title = "Grow", help = "h", command = vxassist, verb = growto
                    discover = "vxprint -g {dg} -l {vol}"
                    fields = [
                      { id = dg, label = "DG", kind = text, required = true, flag = "-g", help = "h" }
                      { id = vol, label = "Vol", kind = text, required = true, positional = 1, help = "h" }
                      { id = size, label = "Size", kind = text, positional = 2, discover = length, help = "h" }
                    ]
                  }
                }
                """, "grow");
        Dialog d = TestMenus.dialog(tree, "grow");
        ScriptedRunner runner = new ScriptedRunner().reply("vxprint", Reply.ok("#name:length:comment\nv1:100m:a#!:b\n"));
        Form form = new Form(d.fields(), Map.of("dg", "hrdg", "vol", "v1"));
        Map<String, String> found = session(runner, ExecMode.RUN).discover(d.discover(), form::lookup);
        assertEquals(Map.of("name", "v1", "length", "100m", "comment", "a:b"), found);
        form.discovered(found);
        assertEquals("100m", form.value("size"));
        assertEquals("vxassist -g hrdg growto v1", CommandBuilder.build(d, form).display());
        form.set("size", "200m");
        assertEquals("vxassist -g hrdg growto v1 200m", CommandBuilder.build(d, form).display());
    }

    @Test
    void bigXRunsNoListOrDiscoveryCommand() {
        ScriptedRunner runner = ScriptedRunner.hrdg();
        Session s = session(runner, ExecMode.NOTHING);
        assertTrue(s.list(new ListSource("vxdg list", 1, null, 1), n -> null).error().startsWith("not run (vxsmit -X)"));
        assertThrows(IOException.class, () -> s.discover("vxprint -l", n -> null));
        assertTrue(runner.calls().isEmpty());
    }

    @Test
    void runnerThatCannotStartIsReportedAsAFailedCommand() {
        Session s = new Session(() -> {
            throw new IOException("VXREP_ADMIN_SOCKET is not set");
        }, ExecMode.RUN, new ConsoleLog(dir.resolve("l"), dir.resolve("s"), Clock.systemDefaultZone()));
        StringBuilder err = new StringBuilder();
        int status = s.execute(CommandLine.of(List.of("vxdg", "list")), new io.volrep.engine.client.CommandIo() {
            @Override
            public void out(String text) {
            }

            @Override
            public void err(String text) {
                err.append(text);
            }

            @Override
            public boolean confirm(String question) {
                return false;
            }
        });
        assertEquals(1, status);
        assertTrue(err.toString().contains("VXREP_ADMIN_SOCKET is not set"), err.toString());
    }
}
