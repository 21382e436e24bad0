package io.volrep.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.bench.consistency.Stamp;
import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/** vrstat gathers figures from every host of an RDS; vrnotify streams the events of all of them. */
@Timeout(300)
class VrstatVrnotifyTest {
    private static final int VOL = 16 << 20;

    @TempDir
    Path dir;
    TestRds rds;
    TestHost seattle;
    TestHost london;

    @AfterEach
    void stop() throws Exception {
        rds.close();
    }

    /** seattle replicates hr_rvg to the other hosts, started with -f and connected. */
    private void rds(String srl, String... secondaries) throws Exception {
        String[] names = new String[secondaries.length + 1];
        names[0] = "seattle";
        System.arraycopy(secondaries, 0, names, 1, secondaries.length);
        rds = new TestRds(dir, names).start();
        seattle = rds.host("seattle");
        london = rds.host("london");
        rds.everywhere("vxdg init hrdg");
        rds.everywhere("vxassist -g hrdg make hr_dv01 16m");
        rds.everywhere("vxassist -g hrdg make hr_srl " + srl);
        seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01 hr_srl");
        for (String s : secondaries) {
            seattle.ok("vradmin -g hrdg addsec hr_rvg seattle " + s);
            seattle.ok("vradmin -g hrdg -f startrep hr_rvg " + s);
            TestRds.await(Duration.ofSeconds(30), s + " to connect",
                    () -> seattle.run0("vxprint -g hrdg -l rlk_" + s + "_hr_rvg").contains(" connected"));
        }
    }

    private void write(int count) throws Exception {
        try (NbdClient c = NbdClient.connect("nbd+unix:///hrdg/hr_dv01?socket=" + seattle.config().nbdSocket())) {
            for (int i = 0; i < count; i++) {
                long block = i % (VOL / Stamp.SIZE);
                c.write(block * Stamp.SIZE, Stamp.of(0, block, i + 1), false).get(60, TimeUnit.SECONDS);
            }
        }
    }

    private void awaitUpToDate() {
        TestRds.await(Duration.ofSeconds(60), "london to be up to date",
                () -> seattle.run0("vxrlink -g hrdg status rlk_london_hr_rvg").contains("is up-to-date"));
    }

    /** The numbers in the row of {@code table} that starts with {@code host} and names {@code object}. */
    private static long[] row(String out, String host, String object) {
        Matcher m = Pattern.compile("(?m)^" + host + "\\s+" + object + "\\s+(.*)$").matcher(out);
        assertTrue(m.find(), host + " " + object + " in\n" + out);
        String[] w = m.group(1).trim().split("\\s+");
        long[] n = new long[w.length];
        for (int i = 0; i < w.length; i++) {
            n[i] = w[i].matches("\\d+") ? Long.parseLong(w[i]) : -1;
        }
        return n;
    }

    @Test
    void vrstatShowsEveryHostsFiguresAfterAWorkload() throws Exception {
        rds("8m", "london");
        write(300);
        awaitUpToDate();
        String all = seattle.ok("vrstat -g hrdg -n 1 hr_rvg");
        long[] priVol = row(all, "seattle", "hr_dv01");
        long[] secVol = row(all, "london", "hr_dv01");
        assertTrue(priVol[1] >= 300 && priVol[3] >= 300 * 4, all);   // writes, KB written
        assertTrue(secVol[1] >= 300 && secVol[3] >= 300 * 4, all);   // applied by replication
        assertTrue(row(all, "seattle", "hr_rvg")[2] > 0, all);        // SRL used
        long[] pri = row(all, "seattle", "rlk_london_hr_rvg");
        assertTrue(pri[3] >= 300 && pri[4] >= 300 * 8 && pri[9] == 0, all); // updates, blocks, writes behind
        assertTrue(row(all, "london", "rlk_seattle_hr_rvg")[3] >= 300, all);
        assertTrue(all.contains("Memory (daemon):") && all.contains("SRL usage:"), all);

        // From the Secondary, only the RLINK table, twice: the second sample counts an idle second.
        String fromSec = london.ok("vrstat -g hrdg -R -n 2 -i 1 hr_rvg");
        assertTrue(!fromSec.contains("Data volume I/O") && !fromSec.contains("Memory"), fromSec);
        String[] samples = fromSec.split("VVR statistics for RDS");
        assertEquals(3, samples.length, fromSec);
        assertTrue(row(samples[1], "seattle", "rlk_london_hr_rvg")[3] >= 300, fromSec);
        assertEquals(0, row(samples[2], "seattle", "rlk_london_hr_rvg")[3], fromSec);
        assertTrue(samples[2].contains("last 1 s"), fromSec);

        for (String[] bad : new String[][] {{"vrstat -g hrdg -n 0", "VR-1000"}, {"vrstat -g nodg -n 1", "VR-1001"},
                {"vrstat -g hrdg -n 1 no_rvg", "VR-1003"}, {"vrstat -g hrdg -i x -n 1", "VR-1000"}, {"vrstat -q", "VR-1000"}}) {
            Captured c = seattle.run(bad[0]);
            assertTrue(c.status != 0 && c.err().contains(bad[1]), bad[0] + "\n" + c);
        }
    }

    /** Runs vrnotify on {@code h} in a thread of its own; interrupting the thread is the user's Ctrl-C. */
    private static Thread vrnotify(TestHost h, String line, Captured c) {
        return h.runInBackground(line, c);
    }

    private static void awaitSubscribers(TestHost h, int n) {
        TestRds.await(Duration.ofSeconds(20), h.config().host() + " to have " + n + " event subscribers",
                () -> h.daemon().events().subscribers() == n);
    }

    @Test
    void vrnotifySeesAStoppedSecondaryLeaveAndComeBackAndEndsWhenTheUserLeaves() throws Exception {
        rds("8m", "london");
        Captured c = new Captured();
        Thread t = vrnotify(seattle, "vrnotify -g hrdg hr_rvg", c);
        awaitSubscribers(seattle, 1);
        awaitSubscribers(london, 1);    // the relay of london's events
        london.stop();
        TestRds.await(Duration.ofSeconds(30), "rlk_disconnect",
                () -> c.out().contains("seattle:rlk_disconnect:hr_rvg:RLINK rlk_london_hr_rvg disconnected from london"));
        london.start();
        TestRds.await(Duration.ofSeconds(30), "rlk_connect",
                () -> c.out().contains("seattle:rlk_connect:hr_rvg:RLINK rlk_london_hr_rvg connected to london"));
        // london's own events come back once the relay is open again.
        awaitSubscribers(london, 1);
        london.ok("vxrlink -g hrdg pause rlk_seattle_hr_rvg");
        TestRds.await(Duration.ofSeconds(30), "london's rlk_paused", () -> c.out().contains("london:rlk_paused:hr_rvg:"));
        t.interrupt();
        t.join(10_000);
        awaitSubscribers(seattle, 0);
        awaitSubscribers(london, 0);

        Captured n = seattle.run("vrnotify -g hrdg -t 1 hr_rvg");
        assertEquals(0, n.status, n.toString());
        assertEquals("", n.out(), n.toString());
        for (String[] bad : new String[][] {{"vrnotify -g hrdg -n x", "VR-1000"}, {"vrnotify -g hrdg no_rvg", "VR-1003"},
                {"vrnotify -g nodg", "VR-1001"}}) {
            Captured b = seattle.run(bad[0]);
            assertTrue(b.status != 0 && b.err().contains(bad[1]), bad[0] + "\n" + b);
        }
        awaitSubscribers(seattle, 0);
    }

    @Test
    void vrnotifyReportsSrlOverflowUnderSrlprotAndEndsAfterNEvents() throws Exception {
        rds("4m", "london");
        london.stop();
        TestRds.await(Duration.ofSeconds(30), "the RLINK to disconnect",
                () -> seattle.run0("vxprint -g hrdg -l rlk_london_hr_rvg").contains(" disconnected"));
        Captured c = new Captured();
        Thread t = vrnotify(seattle, "vrnotify -g hrdg -n 3 hr_rvg", c);
        awaitSubscribers(seattle, 1);
        try (NbdClient nbd = NbdClient.connect("nbd+unix:///hrdg/hr_dv01?socket=" + seattle.config().nbdSocket())) {
            for (int i = 0; i < 3072; i++) {
                nbd.write((i % (VOL / 4096)) * 4096L, Stamp.of(0, i % (VOL / 4096), i + 1), false).get(60, TimeUnit.SECONDS);
            }
        }
        t.join(60_000);
        assertEquals(0, c.status, c.toString());
        String[] lines = c.out().split("\n");
        assertEquals(3, lines.length, c.out());
        assertTrue(lines[0].equals("seattle:srl_log_warn:hr_rvg:Log over 80% full for rlink rlk_london_hr_rvg"), c.out());
        assertTrue(lines[1].startsWith("seattle:srl_overflow:hr_rvg:RLINK rlk_london_hr_rvg would overflow the SRL"), c.out());
        assertTrue(lines[2].startsWith("seattle:srlprot_dcm_on:hr_rvg:RLINK rlk_london_hr_rvg logs to the DCM"), c.out());
        assertTrue(c.err().contains("no events from london for now"), c.toString());
        awaitSubscribers(seattle, 0);
        assertTrue(seattle.ok("vxprint -g hrdg -l rlk_london_hr_rvg").contains("dcm_logging"));
    }

    @Test
    void aSecondaryHearsFromAndCountsTheOtherSecondaryThroughThePrimary() throws Exception {
        rds("8m", "london", "tokyo");
        TestHost tokyo = rds.host("tokyo");
        Captured c = new Captured();
        Thread t = london.runInBackground("vrnotify -g hrdg hr_rvg", c);
        awaitSubscribers(london, 1);
        awaitSubscribers(seattle, 1);
        awaitSubscribers(tokyo, 1);
        tokyo.ok("vxrlink -g hrdg pause rlk_seattle_hr_rvg");
        TestRds.await(Duration.ofSeconds(30), "tokyo's pause and seattle's disconnect from tokyo",
                () -> c.out().contains("tokyo:rlk_paused:hr_rvg:RLINK rlk_seattle_hr_rvg to seattle paused on the Secondary")
                        && c.out().contains("seattle:rlk_disconnect:hr_rvg:RLINK rlk_tokyo_hr_rvg disconnected from tokyo"));
        t.interrupt();
        t.join(10_000);
        for (TestHost h : new TestHost[] {seattle, london, tokyo}) {
            awaitSubscribers(h, 0);
        }
        String srl = london.ok("vrstat -g hrdg -S -n 1 hr_rvg");
        for (String h : new String[] {"seattle", "london", "tokyo"}) {
            assertTrue(row(srl, h, "hr_rvg")[1] > 0, srl);
        }
        assertEquals("seattle", srl.split("\n")[3].split("\\s+")[0], srl);
    }
}
