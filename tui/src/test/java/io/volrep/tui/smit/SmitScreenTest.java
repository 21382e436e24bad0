package io.volrep.tui.smit;

import static io.volrep.tui.smit.ScreenHarness.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.volrep.tui.ScriptedRunner;
import io.volrep.tui.ScriptedRunner.Reply;
import io.volrep.tui.TestMenus;
import io.volrep.tui.menu.MenuTree;
import io.volrep.tui.run.ConsoleLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The full-screen console on a virtual 80x24 terminal: layout, keys, pop-ups and running commands. */
class SmitScreenTest {

    static final MenuTree REAL = TestMenus.real();

    @TempDir
    Path dir;

    private ScreenHarness open(String fastPath, ScriptedRunner runner) throws Exception {
        return new ScreenHarness(REAL, REAL.resolve(fastPath).orElseThrow(), runner, dir);
    }

    private static KeyStroke alt(char c) {
        return new KeyStroke(c, false, true);
    }

    @Test
    void topMenuHasCenteredTitleInstructionItemsAndQuarterWidthLegend() throws Exception {
        try (ScreenHarness h = open("main", ScriptedRunner.hrdg())) {
            List<String> s = h.awaitText("Volume Replication");
            assertEquals(" ".repeat(31) + "Volume Replication", s.get(0).stripTrailing());
            assertEquals("Move cursor to desired item and press Enter.", s.get(2).stripTrailing());
            assertEquals("  Disk Groups and Volumes", s.get(4).stripTrailing());
            assertEquals("  Replicated Data Sets", s.get(5).stripTrailing());
            assertEquals(String.format("%-20s%-20s%-20s%s", "F1=Help", "F2=Refresh", "F3=Cancel", "F8=Image"),
                    s.get(22).stripTrailing());
            assertEquals(String.format("%-20s%-20s%s", "F9=Shell", "F10=Exit", "Enter=Do"), s.get(23).stripTrailing());
            assertTrue(h.terminal.getCharacter(2, 4).isReversed(), "current item in reverse video");

            h.keys(key(KeyType.ArrowDown), key(KeyType.Enter));
            s = h.awaitText("Create a Primary RVG");
            assertTrue(s.get(0).contains("Replicated Data Sets"));
            h.keys(key(KeyType.F3));
            h.awaitText("Disk Groups and Volumes");
            h.keys(key(KeyType.F3));
            h.awaitExit();
        }
    }

    @Test
    void dialogShowsEntryFieldsMarkersAndLegend() throws Exception {
        try (ScreenHarness h = open("mkvol", ScriptedRunner.hrdg())) {
            List<String> s = h.awaitText("[Entry Fields]");
            assertTrue(s.get(0).contains("Create a Volume"));
            assertEquals("Type or select values in entry fields.", s.get(2).stripTrailing());
            assertEquals("Press Enter AFTER making all desired changes.", s.get(3).stripTrailing());
            assertEquals(56, s.get(5).indexOf("[Entry Fields]"));
            assertTrue(s.get(6).startsWith("* Disk group name"), s.get(6));
            assertEquals('[', s.get(6).charAt(54));
            assertEquals('+', s.get(6).charAt(79));
            assertTrue(s.get(9).startsWith("  Backing file"), s.get(9));
            assertEquals('/', s.get(9).charAt(79));
            assertEquals(String.format("%-20s%-20s%-20s%s", "F1=Help", "F2=Refresh", "F3=Cancel", "F4=List"),
                    s.get(21).stripTrailing());
            assertEquals(String.format("%-20s%-20s%-20s%s", "F5=Reset", "F6=Command", "F8=Image", "F9=Shell"),
                    s.get(22).stripTrailing());
            assertEquals(String.format("%-20s%s", "F10=Exit", "Enter=Do"), s.get(23).stripTrailing());
            assertFalse(ScreenHarness.screen(s).contains("F7=Edit"), "F7 does nothing on dialogs, so no legend");
        }
    }

    @Test
    void enterWithMissingRequiredFieldShowsWhatIsMissing() throws Exception {
        try (ScreenHarness h = open("mkvol", ScriptedRunner.hrdg())) {
            h.awaitText("[Entry Fields]");
            h.type("hrdg").keys(key(KeyType.Enter));
            List<String> s = h.awaitText("Entry Field Problems");
            String text = ScreenHarness.screen(s);
            assertTrue(text.contains("Volume name: a value is required"), text);
            assertTrue(text.contains("Size (e.g. 500m, 2g): a value is required"), text);
            h.keys(key(KeyType.F3));
            h.awaitGone("Entry Field Problems");
            assertTrue(h.runner.calls().isEmpty(), "nothing ran: " + h.runner.calls());
        }
    }

    @Test
    void f6AndBothEscDigitFormsShowAndCloseTheCommand() throws Exception {
        try (ScreenHarness h = open("mkvol", ScriptedRunner.hrdg())) {
            h.awaitText("[Entry Fields]");
            h.type("hrdg").keys(key(KeyType.ArrowDown)).type("vol1").keys(key(KeyType.ArrowDown)).type("10m");
            h.keys(key(KeyType.F6));
            h.awaitText("vxassist -g hrdg make vol1 10m");
            h.awaitText("SHOW COMMAND STRING");
            h.keys(key(KeyType.F3));
            h.awaitGone("SHOW COMMAND STRING");
            h.keys(alt('6'));                                   // fast Esc+6: '6' with Alt
            h.awaitText("SHOW COMMAND STRING");
            h.keys(key(KeyType.Escape), new KeyStroke('3', false, false));   // slow Esc, then 3
            h.awaitGone("SHOW COMMAND STRING");
            h.keys(key(KeyType.Escape), new KeyStroke('1', false, false));   // slow Esc+1 = F1 help
            h.awaitText("Size of the volume");                  // help for the field under the cursor
        }
    }

    @Test
    void runningADialogShowsCommandStatusOkAndWritesTheScript() throws Exception {
        ScriptedRunner runner = ScriptedRunner.hrdg().reply("vxassist -g hrdg make", Reply.ok("vol1: created, 10m\n"));
        try (ScreenHarness h = open("mkvol", runner)) {
            h.awaitText("[Entry Fields]");
            h.type("hrdg").keys(key(KeyType.ArrowDown)).type("vol1").keys(key(KeyType.ArrowDown)).type("10m");
            h.keys(key(KeyType.Enter));
            List<String> s = h.awaitText("Command: OK");
            assertTrue(s.get(0).contains("COMMAND STATUS"));
            assertEquals("Command: OK            stdout: yes           stderr: no", s.get(2).stripTrailing());
            assertEquals(StatusPanel.BEFORE, s.get(4).stripTrailing());
            assertEquals("vol1: created, 10m", s.get(7).stripTrailing());
            assertTrue(runner.joinedCalls().contains("vxassist -g hrdg make vol1 10m"), runner.joinedCalls().toString());
            h.keys(key(KeyType.F3));
            List<String> back = h.awaitText("[Entry Fields]");
            assertTrue(back.get(7).contains("[vol1]"), "values kept: " + back.get(7));
        }
        String script = Files.readString(dir.resolve("vxsmit.script"));
        assertTrue(script.matches("(?s)#\n#\\[\\w{3} \\d\\d \\d{4}, \\d\\d:\\d\\d:\\d\\d]\n#\nvxassist -g hrdg make vol1 10m\n"),
                script);
        String log = Files.readString(dir.resolve("vxsmit.log"));
        assertTrue(log.contains("Screen: dialog vxassist_make") && log.contains("vol1: created, 10m"), log);
    }

    @Test
    void failingCommandShowsFailedWithStderr() throws Exception {
        ScriptedRunner runner = ScriptedRunner.hrdg()
                .reply("vxassist -g hrdg make", Reply.fail("vxassist: VR-1101 ERROR: disk group hrdg is full\n"));
        try (ScreenHarness h = open("mkvol", runner)) {
            h.awaitText("[Entry Fields]");
            h.type("hrdg").keys(key(KeyType.ArrowDown)).type("vol1").keys(key(KeyType.ArrowDown)).type("10g");
            h.keys(key(KeyType.Enter));
            List<String> s = h.awaitText("Command: failed");
            assertEquals("Command: failed        stdout: no            stderr: yes", s.get(2).stripTrailing());
            assertTrue(s.get(7).contains("VR-1101"), s.get(7));
        }
    }

    @Test
    void outputStreamsInWhileTheCommandRuns() throws Exception {
        ScriptedRunner runner = ScriptedRunner.hrdg()
                .reply("vxassist -g hrdg make", new Reply("allocating\ndone\n", "", 0, true));
        try (ScreenHarness h = open("mkvol", runner)) {
            h.awaitText("[Entry Fields]");
            h.type("hrdg").keys(key(KeyType.ArrowDown)).type("vol1").keys(key(KeyType.ArrowDown)).type("1m");
            h.keys(key(KeyType.Enter));
            List<String> s = h.awaitText("allocating");
            assertTrue(s.get(2).startsWith("Command: running"), s.get(2));
            assertFalse(ScreenHarness.screen(s).contains("done"));
            h.keys(key(KeyType.F3));
            h.awaitText("Command Still Running");
            h.keys(key(KeyType.F3));
            h.awaitGone("Command Still Running"); // the popup is dismissed before the command ends
            runner.release();
            s = h.awaitText("Command: OK");
            assertEquals("done", s.get(8).stripTrailing());
        }
    }

    @Test
    void commandQuestionIsAskedInAPopup() throws Exception {
        ScriptedRunner runner = ScriptedRunner.hrdg().asks("Volume vol1 exists. Replace it?")
                .reply("vxassist -g hrdg make", Reply.ok("replaced\n"));
        try (ScreenHarness h = open("mkvol", runner)) {
            h.awaitText("[Entry Fields]");
            h.type("hrdg").keys(key(KeyType.ArrowDown)).type("vol1").keys(key(KeyType.ArrowDown)).type("1m");
            h.keys(key(KeyType.Enter));
            h.awaitText("Replace it?");
            h.keys(key(KeyType.Enter));
            h.awaitText("Command: OK");
            assertEquals(List.of(true), runner.answers());
        }
    }

    @Test
    void f4ListPicksOneValueAndSkipsHeadings() throws Exception {
        try (ScreenHarness h = open("mkvol", ScriptedRunner.hrdg())) {
            h.awaitText("[Entry Fields]");
            h.keys(key(KeyType.F4));
            List<String> s = h.awaitText("testdg");
            String text = ScreenHarness.screen(s);
            assertTrue(text.contains(ListPopup.SINGLE), text);
            assertTrue(text.contains("NAME         STATE"), "heading shown: " + text);
            assertTrue(text.contains("/=Find") && text.contains("n=Find Next"), text);
            h.keys(key(KeyType.ArrowDown), key(KeyType.Enter));   // heading is skipped: hrdg, then testdg
            s = h.awaitText("[testdg]");
            assertTrue(s.get(6).contains("[testdg]"), s.get(6));
        }
    }

    @Test
    void multiSelectListMarksWithF7AndJoinsWithTheSeparator() throws Exception {
        try (ScreenHarness h = open("createpri", ScriptedRunner.hrdg())) {
            h.awaitText("[Entry Fields]");
            h.type("hrdg").keys(key(KeyType.ArrowDown), key(KeyType.ArrowDown), key(KeyType.ArrowDown));
            h.keys(key(KeyType.F4));
            List<String> s = h.awaitText("ONE OR MORE items can be selected.");
            String text = ScreenHarness.screen(s);
            assertTrue(text.contains("F7=Select"), text);
            assertFalse(text.contains("rv hr_rvg"), "filter keeps only volumes: " + text);
            h.keys(key(KeyType.F7), key(KeyType.ArrowDown), alt('7'));
            h.await("two marks", ls -> ls.stream().filter(l -> l.matches("\\s*\\|\\s*>.*")).count() == 2);
            h.keys(key(KeyType.Enter));
            h.awaitText("[hr_dv01,hr_dv02]");
            h.keys(key(KeyType.F6));
            h.awaitText("vradmin -g hrdg createpri hr_dv01,hr_dv02");
        }
    }

    @Test
    void longDialogScrollsWithTopMoreAndBottomMarkers(@TempDir Path menus) throws Exception {
        StringBuilder fields = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            fields.append("{ id = f").append(i).append(", label = \"Field ").append(i)
                    .append("\", kind = numeric, flag = \"-").append((char) ('a' + i)).append("\", help = \"h\" }\n");
        }
        MenuTree tree = TestMenus.of(menus, "dialogs { big { title = \"Big\", help = \"h\", command = vxprint\n"
                + "fields = [\n" + fields + "] } }", "big");
        try (ScreenHarness h = new ScreenHarness(tree, tree.resolve("big").orElseThrow(), ScriptedRunner.hrdg(), dir)) {
            List<String> s = h.awaitText("[TOP]");
            assertTrue(s.get(5).startsWith("[TOP]"), s.get(5));
            assertEquals("[MORE...7]", s.get(19).stripTrailing());
            assertEquals('#', s.get(6).charAt(79));
            h.keys(key(KeyType.PageDown), key(KeyType.PageDown));
            s = h.awaitText("[BOTTOM]");
            assertTrue(s.get(5).startsWith("[MORE...7]"), s.get(5));
            assertTrue(s.get(18).startsWith("  Field 20"), s.get(18));
            h.type("x");   // numeric fields ignore letters
            h.type("42").keys(key(KeyType.F6));
            h.awaitText("vxprint -u 42");
        }
    }

    @Test
    void refusesTerminalsSmallerThan80x24AndRedrawsOnResize() throws Exception {
        try (ScreenHarness h = new ScreenHarness(REAL, REAL.top(), ScriptedRunner.hrdg(), dir, true,
                new TerminalSize(70, 24))) {
            h.awaitText("needs a terminal of at least 80 columns and 24 lines");
            h.awaitText("this one has 70 columns and 24 lines");
            h.terminal.setTerminalSize(new TerminalSize(100, 30));
            List<String> s = h.awaitText("Volume Replication");
            assertEquals(" ".repeat(41) + "Volume Replication", s.get(0).stripTrailing());
            assertEquals("F9=Shell", s.get(29).substring(0, 8));
            assertEquals("F10=Exit", s.get(29).substring(25, 33));
        }
    }

    @Test
    void f8WritesTheScreenImageToTheLogAndF9RunsTheShell() throws Exception {
        try (ScreenHarness h = open("main", ScriptedRunner.hrdg())) {
            h.awaitText("Volume Replication");
            h.keys(key(KeyType.F8), alt('9'), key(KeyType.F1));
            h.awaitText("Create and remove disk groups");
            assertEquals(1, h.shells.get());
        }
        String log = Files.readString(dir.resolve("vxsmit.log"));
        int image = log.indexOf("Screen image");
        assertTrue(image > 0, log);
        assertTrue(log.indexOf("Move cursor to desired item and press Enter.", image) > image, log);
        assertTrue(log.indexOf(ConsoleLog.END_OF_SCREEN, image) > image, log);
    }

    @Test
    void withShellDisabledF9IsNotInTheLegendAndDoesNothing() throws Exception {
        try (ScreenHarness h = new ScreenHarness(REAL, REAL.top(), ScriptedRunner.hrdg(), dir, false,
                new TerminalSize(80, 24))) {
            List<String> s = h.awaitText("Volume Replication");
            assertFalse(ScreenHarness.screen(s).contains("F9=Shell"));
            assertEquals(String.format("%-20s%s", "F10=Exit", "Enter=Do"), s.get(23).stripTrailing());
            h.keys(key(KeyType.F9), key(KeyType.F1));
            h.awaitText("Create and remove disk groups");
            assertEquals(0, h.shells.get());
        }
    }

    @Test
    void ghostSelectorChainConfirmsAndRunsTheCommand() throws Exception {
        ScriptedRunner runner = ScriptedRunner.hrdg().reply("vxrvg -g hrdg stop", Reply.ok(""));
        try (ScreenHarness h = open("rds", runner)) {
            h.awaitText("Replicated Data Sets");
            for (int i = 0; i < 4; i++) {
                h.keys(key(KeyType.ArrowDown));
            }
            h.keys(key(KeyType.Enter));
            List<String> s = h.awaitText("Type or select a value for the entry field.");
            assertTrue(s.get(0).contains("Stop an RVG"));
            h.type("hrdg").keys(key(KeyType.Enter));
            h.awaitText(ListPopup.SINGLE);
            h.awaitText("hr_rvg");
            h.keys(key(KeyType.Enter));
            h.awaitText("ARE YOU SURE?");
            h.keys(key(KeyType.Enter));
            s = h.awaitText("Command: OK");
            assertEquals("Command: OK            stdout: no            stderr: no", s.get(2).stripTrailing());
            assertTrue(runner.joinedCalls().contains("vxrvg -g hrdg stop hr_rvg"), runner.joinedCalls().toString());
            h.keys(key(KeyType.F3));
            h.awaitText("Type or select a value for the entry field.");
        }
    }

    @Test
    void findInCommandOutputScrollsToTheMatch() throws Exception {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            out.append("record ").append(i).append('\n');
        }
        ScriptedRunner runner = ScriptedRunner.hrdg().reply("vxdg list", Reply.ok(out.toString()));
        try (ScreenHarness h = open("lsdg", runner)) {
            List<String> s = h.awaitText("record 40");
            assertTrue(s.get(6).startsWith("[MORE..."), s.get(6));
            assertEquals("[BOTTOM]", s.get(19).stripTrailing());
            h.type("/").type("record 5").keys(key(KeyType.Enter));
            s = h.await("record 5 at the top", ls -> ls.get(7).startsWith("record 5 "));
            assertEquals("[MORE...4]", s.get(6).stripTrailing());
            assertTrue(h.terminal.getCharacter(0, 7).isReversed());
        }
    }
}
