package io.volrep.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.volrep.tui.ScriptedRunner.Reply;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vxsmit's command line: --list-fastpaths, --fields, --batch, --dry-run, -x, -X, -l, -s, line mode. */
class VxSmitTest {

    @TempDir
    Path userHome;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Clock clock = Clock.fixed(Instant.parse("2025-03-05T12:00:01Z"), ZoneOffset.UTC);

    private int run(ScriptedRunner runner, String stdin, String... args) {
        VxSmit.Env env = new VxSmit.Env(Path.of(System.getProperty("volrep.home")), userHome, Map.of("TERM", "dumb"),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                clock);
        return new VxSmit(env, () -> runner).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listFastPathsShowsIdsAndAliasesWithoutADaemon() {
        int status = new VxSmit(new VxSmit.Env(Path.of(System.getProperty("volrep.home")), userHome, Map.of(),
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock),
                () -> {
                    throw new IOException("no daemon in this test");
                }).run(new String[] {"--list-fastpaths"});
        assertEquals(0, status, err());
        assertTrue(out().contains("vradmin_createpri      dialog    Create a Primary RVG"), out());
        assertTrue(out().contains("createpri              dialog    Create a Primary RVG (alias of vradmin_createpri)"), out());
        assertTrue(out().contains("main                   menu      Volume Replication"), out());
        assertTrue(out().contains("vxrvg_stop_dg          selector  Stop an RVG"), out());
    }

    @Test
    void fieldsListsIdsKindsRequiredAndAllowedValues() {
        assertEquals(0, run(new ScriptedRunner(), "", "--fields", "createpri"), err());
        String o = out();
        assertTrue(o.contains("dg         list     yes       from: vxdg list"), o);
        assertTrue(o.contains("dcm        ring     no        one of: yes, no (default yes)"), o);
        assertTrue(o.contains("vols       list     yes       from: vxprint -g {dg} -ht (several, joined by ',')"), o);
        assertEquals(0, run(new ScriptedRunner(), "", "--fields", "vxrvg_stop_dg"));
        assertTrue(out().contains("rvg        list     yes"), "selector chain fields included: " + out());
        assertEquals(2, run(new ScriptedRunner(), "", "--fields", "main"));
    }

    @Test
    void batchValidatesBuildsPrintsRunsAndLogs() throws IOException {
        ScriptedRunner runner = ScriptedRunner.hrdg().reply("vradmin -g hrdg", Reply.ok("RVG hr_rvg created\n"));
        int status = run(runner, "", "--batch", "createpri", "dg=hrdg", "rvg=hr_rvg", "vols=hr_dv01,hr_dv02",
                "srl=hr_srl", "dcm=-nodcm");
        assertEquals(0, status, err());
        assertEquals("Command: vradmin -g hrdg -nodcm createpri hr_rvg hr_dv01,hr_dv02 hr_srl\nRVG hr_rvg created\n", out());
        assertEquals(List.of("vxdg list", "vxprint -g hrdg -ht", "vxprint -g hrdg -ht",
                "vradmin -g hrdg -nodcm createpri hr_rvg hr_dv01,hr_dv02 hr_srl"), runner.joinedCalls());
        assertEquals("#\n#[Mar 05 2025, 12:00:01]\n#\nvradmin -g hrdg -nodcm createpri hr_rvg hr_dv01,hr_dv02 hr_srl\n",
                Files.readString(userHome.resolve("vxsmit.script")));
        String log = Files.readString(userHome.resolve("vxsmit.log"));
        assertTrue(log.contains("[Mar 05 2025, 12:00:01]\n    Command:\n        vradmin -g hrdg"), log);
        assertTrue(log.contains("RVG hr_rvg created"), log);
    }

    @Test
    void batchExitsWithTheCommandsStatus() {
        ScriptedRunner runner = ScriptedRunner.hrdg().reply("vxassist -g hrdg growto", Reply.fail("too big\n"));
        assertEquals(1, run(runner, "", "--batch", "growvol", "dg=hrdg", "vol=hr_dv01", "size=9t"));
        assertTrue(err().contains("too big"), err());
    }

    @Test
    void batchRefusesMissingRequiredBadKindsUnknownNamesAndValuesNotInTheList() {
        ScriptedRunner runner = ScriptedRunner.hrdg();
        assertEquals(2, run(runner, "", "--batch", "mkvol", "dg=hrdg", "vol=v1"));
        assertTrue(err().contains("Size (e.g. 500m, 2g): a value is required"), err());
        assertEquals(2, run(runner, "", "--batch", "mkvol", "dg=hrdg", "vol=v1", "size=lots"));
        assertTrue(err().contains("a number, optionally followed by k, m, g or t"), err());
        assertEquals(2, run(runner, "", "--batch", "mkvol", "dg=hrdg", "vol=v1", "size=1g", "colour=red"));
        assertTrue(err().contains("has no field 'colour'"), err());
        assertEquals(2, run(runner, "", "--batch", "mkvol", "dg=nosuchdg", "vol=v1", "size=1g"));
        assertTrue(err().contains("Disk group name: 'nosuchdg' is not in the list (hrdg, testdg)"), err());
        assertEquals(2, run(runner, "", "--batch", "createpri", "dg=hrdg", "rvg=r", "vols=hr_dv01", "srl=hr_srl",
                "dcm=maybe"));
        assertTrue(err().contains("dcm: must be one of yes, no"), err());
        assertTrue(runner.joinedCalls().stream().noneMatch(c -> c.startsWith("vxassist") || c.startsWith("vradmin")),
                runner.joinedCalls().toString());
    }

    @Test
    void batchThroughASelectorChain() {
        ScriptedRunner runner = ScriptedRunner.hrdg().reply("vxrvg", Reply.ok(""));
        assertEquals(0, run(runner, "", "--batch", "vxrvg_start_dg", "dg=hrdg", "rvg=hr_rvg"), err());
        assertTrue(out().startsWith("Command: vxrvg -g hrdg start hr_rvg\n"), out());
    }

    @Test
    void batchAnswersTheCommandsQuestionFromStdin() {
        ScriptedRunner runner = ScriptedRunner.hrdg().asks("Delete hr_rvg?").reply("vradmin", Reply.ok("deleted\n"));
        assertEquals(0, run(runner, "yes\n", "--batch", "delpri", "dg=hrdg", "rvg=hr_rvg", "force=yes"), err());
        assertTrue(out().contains("Command: vradmin -g hrdg -f delpri hr_rvg\nDelete hr_rvg? [y/n] \ndeleted"), out());
        assertEquals(List.of(true), runner.answers());
        assertEquals(1, run(runner, "", "--batch", "delpri", "dg=hrdg", "rvg=hr_rvg"), "end of input answers no");
    }

    @Test
    void dryRunPrintsTheCommandAndRunsOnlyListCommands() {
        ScriptedRunner runner = ScriptedRunner.hrdg();
        assertEquals(0, run(runner, "", "--dry-run", "--batch", "rmvol", "dg=hrdg", "vol=hr_dv02"), err());
        assertEquals("Command: vxassist -g hrdg remove volume hr_dv02\n", out());
        assertEquals(List.of("vxdg list", "vxprint -g hrdg -ht"), runner.joinedCalls());
        assertTrue(Files.notExists(userHome.resolve("vxsmit.script")));
    }

    @Test
    void smallXLogsAndScriptsTheCommandWithoutRunningIt() throws IOException {
        ScriptedRunner runner = ScriptedRunner.hrdg();
        Path log = userHome.resolve("t.log");
        Path script = userHome.resolve("t.script");
        assertEquals(0, run(runner, "", "-x", "-l", log.toString(), "-s", script.toString(), "--batch", "mkdg",
                "dg=newdg"));
        assertTrue(runner.calls().isEmpty(), runner.joinedCalls().toString());
        assertTrue(Files.readString(script).endsWith("# not run (vxsmit -x)\n#\nvxdg init newdg\n"),
                Files.readString(script));
        assertTrue(Files.readString(log).contains("Command not run (-x):"));
        assertTrue(Files.notExists(userHome.resolve("vxsmit.log")));
    }

    @Test
    void bigXRunsNothingAtAllNotEvenListCommands() {
        ScriptedRunner runner = ScriptedRunner.hrdg();
        assertEquals(0, run(runner, "", "-X", "--batch", "rmvol", "dg=hrdg", "vol=hr_dv02"), err());
        assertTrue(runner.calls().isEmpty(), runner.joinedCalls().toString());
        assertTrue(out().contains("Not run (vxsmit -X): vxassist -g hrdg remove volume hr_dv02"), out());
    }

    @Test
    void badUsageAndUnknownFastPathsExitTwo() {
        assertEquals(2, run(new ScriptedRunner(), "", "--frobnicate"));
        assertTrue(err().contains("unknown option --frobnicate") && err().contains("usage: vxsmit"), err());
        assertEquals(2, run(new ScriptedRunner(), "", "--batch"));
        assertEquals(2, run(new ScriptedRunner(), "", "-x", "-X"));
        assertEquals(2, run(new ScriptedRunner(), "", "--batch", "nosuch"));
        assertEquals(2, run(new ScriptedRunner(), "", "nosuch"));
        assertEquals(2, run(new ScriptedRunner(), "", "--batch", "main"));
    }

    @Test
    void lineModeRunsADialogFromItsFastPath() throws IOException {
        ScriptedRunner runner = ScriptedRunner.hrdg().reply("vxdg init", Reply.ok("disk group newdg created\n"));
        assertEquals(0, run(runner, "newdg\ny\n", "mkdg"), err());
        assertTrue(out().contains("Command: vxdg init newdg"), out());
        assertTrue(out().contains("disk group newdg created"), out());
        assertTrue(out().contains("Command: OK"), out());
        assertTrue(Files.readString(userHome.resolve("vxsmit.script")).endsWith("vxdg init newdg\n"));
    }

    @Test
    void lineModeWalksNumberedMenus() {
        ScriptedRunner runner = ScriptedRunner.hrdg().reply("vxdg list", Reply.ok("NAME STATE ID\nhrdg enabled 1\n"));
        assertEquals(0, run(runner, "1\n?1\n1\nq\n", "--line"), err());
        String o = out();
        assertTrue(o.contains("  1. Disk Groups and Volumes"), o);
        assertTrue(o.contains("     Disk groups"), "info lines are not numbered: " + o);
        assertTrue(o.contains("  1. List All Disk Groups"), o);
        assertTrue(o.contains("Runs vxdg list: every disk group"), "?1 shows help: " + o);
        assertTrue(o.contains("hrdg enabled 1"), o);
        assertEquals(List.of("vxdg list"), runner.joinedCalls());
    }

    @Test
    void lineModeRepromptsUntilTheFormIsValid() {
        ScriptedRunner runner = ScriptedRunner.hrdg().reply("vxassist", Reply.ok("ok\n"));
        assertEquals(0, run(runner, "nosuchdg\nv1\n1g\n\n\nhrdg\n\n\n\n\ny\n", "--line", "mkvol"), err());
        assertTrue(out().contains("vxsmit: Disk group name: 'nosuchdg' is not in the list"), out());
        assertTrue(out().contains("Command: vxassist -g hrdg make v1 1g"), out());
    }

    @Test
    void theLauncherFactoryExplainsAMissingConfig(@TempDir Path dir) {
        String conf = dir.resolve("none.conf").toString();
        IOException e = assertThrows(IOException.class, () -> VxSmit.engineClient(Map.of("VXREP_CONF", conf)).create());
        assertTrue(e.getMessage().contains("VR-4003") && e.getMessage().contains(conf), e.getMessage());
    }

    @Test
    void brokenMenuDirectoryStopsTheConsoleWithFileAndLine(@TempDir Path home) throws IOException {
        Files.createDirectories(home.resolve("menus"));
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("menus/main.conf"), "menus {\n  main {\n    title = \n");
        VxSmit.Env env = new VxSmit.Env(home, userHome, Map.of(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                clock);
        assertEquals(1, new VxSmit(env, ScriptedRunner::new).run(new String[] {"--list-fastpaths"}));
        assertTrue(err().contains("main.conf:"), err());
        Files.writeString(home.resolve("conf/vxsmit.conf"), "vxsmit {\n  shel = false\n}\n");
        assertEquals(1, new VxSmit(env, ScriptedRunner::new).run(new String[] {"--list-fastpaths"}));
        assertTrue(err().contains("vxsmit.conf: 2") && err().contains("vxsmit.shel"), err());
    }
}
