package io.volrep.engine.role;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.DaemonProcess;
import io.volrep.engine.testing.ProcessRds;
import io.volrep.engine.testing.StampedRounds;
import io.volrep.engine.testing.TestRds;

/**
 * Documentation file 003, failing back to the original Primary with difference-based synchronization,
 * typed verbatim against vxrepd processes. The Primary seattle is SIGKILLed; london takes over without
 * fast failback ({@code -N}) and writes; seattle boots having lost nothing it acknowledged. Example 3:
 * seattle dies mid-workload with writes london never got, so {@code makesec} is refused until
 * {@code -f} (as documented); {@code -c checkpt_presync syncrvg} while london's application writes,
 * the application stops, {@code -c checkpt_presync startrep}, {@code migrate} back. Example 4 adds
 * tokyo, a second Secondary of seattle that the takeover leaves behind; seattle dies after its
 * application stopped (plain {@code makesec}); london's application stops before the synchronization,
 * so its log ends with the checkpoint's end marker, and seattle is SIGKILLed again once it caught up;
 * after the failback seattle brings tokyo in line with {@code -c checkpt syncrvg} and
 * {@code -c checkpt startrep}. The synchronizations send only the blocks that differ (counted against
 * a {@code -verify} pass), and every host ends identical to london's last state, then replicates
 * seattle's restarted application.
 *
 * <p>Rounds of the stamped workload: 1 seattle (everyone gets it), 2 seattle (london lags behind a
 * 1 Mbps link), 3 london after the takeover, 4 london around the synchronization, 5 seattle after the
 * failback.
 */
@Timeout(900)
class FailbackBySyncIT {
    /** 4 KiB blocks of each volume the workload writes: the first 1 MiB, 16 sync blocks of 64 KiB. */
    private static final long BLOCKS = 256;
    private static final int VOL = 16 << 20;
    private static final int SYNC_BLOCK = 64 << 10;
    private static final String[] VOLS = {"hr_dv01", "hr_dv02"};

    @TempDir
    Path dir;
    private ProcessRds rds;
    private StampedRounds rounds;

    @AfterEach
    void close() {
        if (rds != null) {
            rds.close();
        }
    }

    @Test
    void example3FailsBackToSeattle() throws Exception {
        setUp("seattle", "london");
        DaemonProcess seattle = rds.host("seattle");
        DaemonProcess london = rds.host("london");
        loseSeattleMidWorkloadAndTakeOver(true);

        // Step 1 on the original Primary: refused while it holds writes london never got (documented), then -f.
        Captured plain = seattle.run("vradmin -g hrdg makesec hr_rvg london");
        assertTrue(plain.status == 1 && plain.err().contains("not up-to-date") && plain.err().contains("-f"), plain.toString());
        assertTrue(seattle.ok("vxprint -g hrdg -l hr_rvg").contains("primary"), "a refused makesec changes nothing");
        String made = seattle.ok("vradmin -g hrdg -f makesec hr_rvg london");
        assertTrue(made.contains("is now a Secondary of london"), made);
        awaitNoConfigErrors(london);

        failBack(true);
        applicationRestartsOnSeattle("london");
    }

    @Test
    void example4FailsBackAndResynchronizesTokyo() throws Exception {
        setUp("seattle", "london", "tokyo");
        DaemonProcess seattle = rds.host("seattle");
        DaemonProcess london = rds.host("london");
        DaemonProcess tokyo = rds.host("tokyo");
        loseSeattleMidWorkloadAndTakeOver(false);
        // seattle shipped everything it acknowledged to tokyo (whose link is fast) before it stopped.
        rounds.checkRounds("tokyo after seattle's return", () -> clients(tokyo), true, 1, 2);

        // Step 1 verbatim: seattle stopped writing before it died and london got everything, so no -f.
        String made = seattle.ok("vradmin -g hrdg makesec hr_rvg london");
        assertTrue(made.contains("is now a Secondary of london") && made.contains("tokyo was a Secondary of this host"), made);
        awaitNoConfigErrors(london);
        // The takeover left tokyo behind: still seattle's Secondary, now detached on both ends (it must be synchronized).
        assertTrue(seattle.ok("vxprint -g hrdg -l rlk_tokyo_hr_rvg").contains("detached"));
        assertTrue(tokyo.ok("vxprint -g hrdg -l rlk_seattle_hr_rvg").contains("detached"));
        String printed = seattle.ok("vradmin -g hrdg printrvg hr_rvg");
        assertEquals(1, printed.split("Primary:", -1).length - 1, printed);
        assertTrue(printed.contains("Primary:\n\tHostName: london"), printed);

        failBack(false);
        assertTrue(seattle.ok("vradmin -g hrdg printrvg hr_rvg").contains("tokyo"), "tokyo is seattle's Secondary again");
        long differing = verify(seattle, "tokyo");
        String sync = seattle.ok("vradmin -g hrdg -c checkpt syncrvg hr_rvg tokyo");
        onlyDifferingBlocksSent(sync, differing, differing);
        seattle.ok("vradmin -g hrdg -c checkpt startrep hr_rvg tokyo");
        awaitUpToDate(seattle, "tokyo");
        sameVolumes(seattle, tokyo);
        applicationRestartsOnSeattle("london", "tokyo");
    }

    private List<String> names = List.of();

    private List<String> secondaries() {
        return names.subList(1, names.size());
    }

    private void setUp(String... hosts) throws Exception {
        names = List.of(hosts);
        rds = new ProcessRds(dir, hosts).start();
        rounds = new StampedRounds(dir, BLOCKS, "FailbackBySyncIT");
        rds.everywhere("vxdg init hrdg");
        rds.everywhere("vxassist -g hrdg make hr_dv01 16m");
        rds.everywhere("vxassist -g hrdg make hr_dv02 16m");
        rds.everywhere("vxassist -g hrdg make hr_srl 32m");
        DaemonProcess seattle = rds.host("seattle");
        seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl");
        for (String s : secondaries()) {
            seattle.ok("vradmin -g hrdg addsec hr_rvg seattle " + s);
            seattle.ok("vradmin -g hrdg -f startrep hr_rvg " + s);
        }
        StampedRounds.Round r1 = rounds.start(clients(seattle), 8);
        r1.awaitMore(600);
        r1.finish();
        for (String s : secondaries()) {
            awaitUpToDate(seattle, s);
        }
    }

    /**
     * Round 2 on seattle while london lags behind a slow link; seattle is SIGKILLed mid-round ({@code unshipped}:
     * with writes in flight that london never got) or after its application stopped and everything shipped.
     * london takes over with -N and writes round 3; seattle boots with every write it acknowledged.
     */
    private void loseSeattleMidWorkloadAndTakeOver(boolean unshipped) throws Exception {
        DaemonProcess seattle = rds.host("seattle");
        DaemonProcess london = rds.host("london");
        seattle.ok("vradmin -g hrdg set hr_rvg london bandwidth_limit=1mbps");
        StampedRounds.Round r2 = rounds.start(clients(seattle), 8);
        r2.awaitMore(700);
        if (unshipped) {
            seattle.kill9();
            r2.finish();
        } else {
            r2.finish();
            seattle.ok("vradmin -g hrdg set hr_rvg london bandwidth_limit=none");
            for (String s : secondaries()) {
                awaitUpToDate(seattle, s);
            }
            seattle.kill9();
        }
        rounds.checkRounds("london before the takeover", () -> clients(london), !unshipped, 1, 2);

        String took = london.ok("vradmin -g hrdg -N takeover hr_rvg");
        assertTrue(took.contains("no fast failback"), took);
        StampedRounds.Round r3 = rounds.start(clients(london), 8);
        r3.awaitMore(500);
        r3.finish();
        rounds.checkRounds("london's own writes", () -> clients(london), true, 3);

        seattle.start();
        TestRds.await(Duration.ofSeconds(60), "seattle to report the two Primaries", () -> quiet(seattle,
                "vradmin -g hrdg -l printrvg hr_rvg").contains("london: Primary-Primary configuration"));
        rounds.checkRounds("seattle after its crash (every write it acknowledged)", () -> clients(seattle), true, 1, 2);
    }

    /**
     * Steps 2 to 5 of Example 3, on london unless the step names seattle. {@code writing}: the application
     * on london writes during the synchronization and after its checkpoint ends; otherwise it stopped
     * before, so london's log ends with the checkpoint's end marker, and seattle is SIGKILLed once it
     * caught up (its resume point must cover the marker for migrate to find it up-to-date).
     */
    private void failBack(boolean writing) throws Exception {
        DaemonProcess seattle = rds.host("seattle");
        DaemonProcess london = rds.host("london");
        // The slow link of round 2 is fixed (the limit applies to synchronizations over the RLINK as well).
        london.ok("vradmin -g hrdg set hr_rvg seattle bandwidth_limit=none");
        long differing = verify(london, "seattle");
        StampedRounds.Round r4 = rounds.start(clients(london), 8);   // the application keeps writing on london
        r4.awaitMore(200);
        if (!writing) {
            r4.finish();
        }
        String sync = london.ok("vradmin -g hrdg -c checkpt_presync syncrvg hr_rvg seattle");
        if (writing) {
            r4.awaitMore(200);
            r4.finish();                                             // step 3: stop the application on london
        }
        onlyDifferingBlocksSent(sync, differing, 2 * VOL / SYNC_BLOCK);
        london.ok("vradmin -g hrdg -c checkpt_presync startrep hr_rvg seattle");
        awaitUpToDate(london, "seattle");
        if (!writing) {
            seattle.kill9();
            seattle.start();
            awaitUpToDate(london, "seattle");
        }
        List<byte[]> last = images(london);
        rounds.checkRounds("london's last state", () -> clients(london), true, 3, 4);

        String moved = seattle.confirmed("vradmin -g hrdg migrate hr_rvg seattle");
        assertTrue(moved.contains("seattle is now the Primary"), moved);
        assertTrue(seattle.ok("vxprint -g hrdg -l hr_rvg").contains("primary"));
        assertTrue(london.ok("vxprint -g hrdg -l hr_rvg").contains("secondary"));
        awaitUpToDate(seattle, "london");
        for (DaemonProcess h : List.of(seattle, london)) {
            List<byte[]> now = images(h);
            for (int v = 0; v < VOLS.length; v++) {
                assertArrayEquals(last.get(v), now.get(v), VOLS[v] + " on " + h + " equals london's last state");
            }
        }
    }

    /** Step 6: the application restarts on seattle; every Secondary replicates it and ends identical. */
    private void applicationRestartsOnSeattle(String... secondaries) throws Exception {
        DaemonProcess seattle = rds.host("seattle");
        StampedRounds.Round r5 = rounds.start(clients(seattle), 8);
        r5.awaitMore(500);
        r5.finish();
        rounds.checkRounds("seattle's restarted application", () -> clients(seattle), true, 3, 4, 5);
        for (String s : secondaries) {
            awaitUpToDate(seattle, s);
            sameVolumes(seattle, rds.host(s));
            rounds.checkRounds(s + " replicating seattle again", () -> clients(rds.host(s)), true, 3, 4, 5);
        }
    }

    /** {@code -verify syncrvg}: how many sync blocks differ now (exit 1 when some do). */
    private static long verify(DaemonProcess primary, String secondary) throws IOException {
        Captured c = primary.run("vradmin -g hrdg -verify syncrvg hr_rvg " + secondary);
        if (c.status == 0) {
            return 0;
        }
        Matcher m = Pattern.compile("(\\d+) block\\(s\\) of " + SYNC_BLOCK + " bytes differ").matcher(c.out());
        assertTrue(c.status == 1 && m.find(), c.toString());
        System.out.println("FailbackBySyncIT: -verify to " + secondary + ": " + m.group(1) + " blocks differ");
        return Long.parseLong(m.group(1));
    }

    /**
     * The difference-based sync sent exactly the differing blocks (64 KiB each plus a small header per
     * run): at least those {@code -verify} found, never more than the workload's region can hold.
     */
    private static void onlyDifferingBlocksSent(String out, long atLeast, long atMostNoWorkload) {
        Matcher m = Pattern.compile("done; ([\\d.]+) MB in .* compared, (\\d+) block\\(s\\) differed, ([\\d.]+) MB sent").matcher(out);
        assertTrue(m.find(), out);
        double comparedMb = Double.parseDouble(m.group(1));
        long differed = Long.parseLong(m.group(2));
        double sentMb = Double.parseDouble(m.group(3));
        System.out.println("FailbackBySyncIT: syncrvg compared " + comparedMb + " MB, " + differed + " blocks differed, "
                + sentMb + " MB sent");
        long region = 2 * BLOCKS * 4096 / SYNC_BLOCK;                // blocks any round can have touched
        assertEquals(2.0 * VOL / 1e6, comparedMb, 0.01, "every block was compared");
        assertTrue(atLeast > 0 && differed >= atLeast && differed <= Math.min(region, atMostNoWorkload),
                "differing blocks " + differed + " between -verify's " + atLeast + " and the workload's region " + region);
        assertEquals(differed * SYNC_BLOCK / 1e6, sentMb, 0.01 + differed * 64 / 1e6, "only the differing blocks were sent");
    }

    private void awaitUpToDate(DaemonProcess primary, String secondary) {
        await(Duration.ofSeconds(120), secondary + " to be consistent and up-to-date", () -> {
            String s = quiet(primary, "vradmin -g hrdg repstatus hr_rvg");
            for (String section : s.split("Secondary:")) {
                if (section.matches("(?s)\\s*Host name:\\s+" + secondary + "\\n.*")) {
                    return section.contains(" consistent, up-to-date") && section.contains("replicating (connected)");
                }
            }
            return false;
        });
    }

    private void awaitNoConfigErrors(DaemonProcess h) {
        await(Duration.ofSeconds(60), "the two-Primaries error to clear", () -> {
            String s = quiet(h, "vradmin -g hrdg -l printrvg hr_rvg");
            return !s.isEmpty() && !s.contains("Config Errors");
        });
    }

    private void await(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        try {
            TestRds.await(timeout, what, condition);
        } catch (AssertionError e) {
            List<String> cmds = new ArrayList<>();
            for (String h : names) {
                cmds.add(h + ": vradmin -g hrdg -l printrvg hr_rvg");
                cmds.add(h + ": vradmin -g hrdg repstatus hr_rvg");
                cmds.add(h + ": vxprint -g hrdg -l");
            }
            System.out.println("FailbackBySyncIT diagnostics:\n" + rds.diagnostics(cmds));
            throw e;
        }
    }

    private static String quiet(DaemonProcess h, String line) {
        try {
            Captured c = h.run(line);
            return c.status == 0 ? c.out() : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static List<NbdClient> clients(DaemonProcess h) throws IOException {
        return List.of(NbdClient.connect(h.nbdUri("hrdg", VOLS[0])), NbdClient.connect(h.nbdUri("hrdg", VOLS[1])));
    }

    private static List<byte[]> images(DaemonProcess h) throws Exception {
        List<byte[]> out = new ArrayList<>();
        for (String v : VOLS) {
            try (NbdClient c = NbdClient.connect(h.nbdUri("hrdg", v))) {
                ByteBuffer b = ByteBuffer.allocate(VOL);
                for (int at = 0; at < VOL; at += 1 << 20) {
                    c.read(at, b.slice(at, 1 << 20)).get(60, TimeUnit.SECONDS);
                }
                out.add(b.array());
            }
        }
        return out;
    }

    private static void sameVolumes(DaemonProcess a, DaemonProcess b) throws Exception {
        List<byte[]> x = images(a);
        List<byte[]> y = images(b);
        for (int v = 0; v < VOLS.length; v++) {
            assertFalse(x.get(v).length == 0);
            assertArrayEquals(x.get(v), y.get(v), VOLS[v] + " differs between " + a + " and " + b);
        }
    }
}
