package io.volrep.engine.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.bench.consistency.Stamp;
import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/** vxrlink att, det, pause, resume, status, stats and updates on two hosts, and what they refuse. */
@Timeout(240)
class VxrlinkTest {
    private static final int VOL = 16 << 20;
    private static final String PRI = "rlk_london_hr_rvg";
    private static final String SEC = "rlk_seattle_hr_rvg";

    @TempDir
    Path dir;
    TestRds rds;
    TestHost seattle;
    TestHost london;

    @BeforeEach
    void start() throws Exception {
        rds = new TestRds(dir, "seattle", "london").start();
        seattle = rds.host("seattle");
        london = rds.host("london");
        rds.everywhere("vxdg init hrdg");
        rds.everywhere("vxassist -g hrdg make hr_dv01 16m");
        rds.everywhere("vxassist -g hrdg make hr_srl 8m");
        seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01 hr_srl");
    }

    @AfterEach
    void stop() throws Exception {
        rds.close();
    }

    private NbdClient client(TestHost h) throws Exception {
        return NbdClient.connect("nbd+unix:///hrdg/hr_dv01?socket=" + h.config().nbdSocket());
    }

    private void write(int count, long firstSeq) throws Exception {
        try (NbdClient c = client(seattle)) {
            for (int i = 0; i < count; i++) {
                long block = (firstSeq + i) % (VOL / Stamp.SIZE);
                c.write(block * Stamp.SIZE, Stamp.of(0, block, firstSeq + i), false).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private byte[] image(TestHost h) throws Exception {
        try (NbdClient c = client(h)) {
            ByteBuffer b = ByteBuffer.allocate(VOL);
            c.read(0, b).get(60, TimeUnit.SECONDS);
            return b.array();
        }
    }

    private String flags(TestHost h, String rlink) {
        String l = h.run0("vxprint -g hrdg -l " + rlink);
        Matcher m = Pattern.compile("flags:\\s+(.*)").matcher(l);
        assertTrue(m.find(), l);
        return m.group(1).trim();
    }

    /** States and flags of both ends (but whether they are connected just now): what a refused command must leave alone. */
    private String pairState() {
        return state(seattle, PRI) + " | " + state(london, SEC);
    }

    private String state(TestHost h, String rlink) {
        Matcher m = Pattern.compile("state:\\s+(state=\\S+)").matcher(h.run0("vxprint -g hrdg -l " + rlink));
        assertTrue(m.find());
        return m.group(1) + " " + flags(h, rlink).replaceAll("\\b(dis)?connected\\b", "");
    }

    private void refused(TestHost h, String line, String code, int status) throws Exception {
        String before = pairState();
        Captured c = h.run(line);
        assertEquals(status, c.status, line + "\n" + c);
        assertTrue(c.err().contains(code), line + "\n" + c);
        assertEquals(before, pairState(), line + " changed something");
    }

    private void awaitConnected() {
        TestRds.await(Duration.ofSeconds(30), "the RLINK to connect", () -> flags(seattle, PRI).contains(" connected"));
    }

    private void awaitUpToDate() {
        TestRds.await(Duration.ofSeconds(60), "london to be up to date",
                () -> seattle.run0("vxrlink -g hrdg status " + PRI).contains("is up-to-date"));
    }

    @Test
    void attPauseResumeDetFromBothEndsAndWhatTheyRefuse() throws Exception {
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
        refused(seattle, "vxrlink -g hrdg att " + PRI, "VR-1000", 2);
        refused(seattle, "vxrlink -g hrdg -a -f att " + PRI, "VR-1000", 2);
        refused(london, "vxrlink -g hrdg -f att " + SEC, "VR-2001", 1);
        refused(seattle, "vxrlink -g hrdg -f att rlk_tokyo_hr_rvg", "VR-1004", 1);
        refused(seattle, "vxrlink -g nodg -f att " + PRI, "VR-1001", 1);
        refused(seattle, "vxrlink -g hrdg -r no_rvg -f att " + PRI, "VR-1003", 1);
        refused(seattle, "vxrlink -g hrdg pause " + PRI, "VR-2001", 1);
        refused(seattle, "vxrlink -g hrdg det " + PRI, "VR-2001", 1);

        String att = seattle.ok("vxrlink -g hrdg -f att " + PRI);
        assertTrue(att.contains("RLINK " + PRI + " attached"), att);
        awaitConnected();
        assertEquals("write enabled attached consistent connected", flags(seattle, PRI));
        refused(seattle, "vxrlink -g hrdg -f att " + PRI, "VR-2020", 1);
        refused(seattle, "vxrlink -g hrdg resume " + PRI, "VR-2001", 1);

        // A Primary pause, seen on both ends; it is resumed from the Primary only.
        seattle.ok("vxrlink pause " + PRI);
        assertTrue(seattle.ok("vxprint -g hrdg " + PRI).contains("PAUSE"));
        assertTrue(flags(seattle, PRI).startsWith("write enabled attached primary_paused consistent"), flags(seattle, PRI));
        assertTrue(flags(london, SEC).contains("primary_paused"), flags(london, SEC));
        refused(seattle, "vxrlink -g hrdg pause " + PRI, "VR-2001", 1);
        refused(london, "vxrlink -g hrdg pause " + SEC, "VR-2001", 1);
        refused(london, "vxrlink -g hrdg resume " + SEC, "VR-2001", 1);
        seattle.ok("vxrlink -g hrdg -r hr_rvg resume " + PRI);
        awaitConnected();

        // A Secondary pause: the Primary's RLINK shows secondary_paused and its writes wait in the SRL.
        london.ok("vxrlink -g hrdg pause " + SEC);
        assertTrue(flags(seattle, PRI).contains("secondary_paused"), flags(seattle, PRI));
        refused(seattle, "vxrlink -g hrdg resume " + PRI, "VR-2001", 1);
        refused(seattle, "vradmin -g hrdg resumerep hr_rvg london", "VR-2001", 1);
        write(10, 1);
        String status = seattle.ok("vxrlink -g hrdg -T status " + PRI);
        assertTrue(status.contains("V-5-1-4640 Rlink " + PRI + " has 10 outstanding writes, occupying 41 Kbytes (0%) on the SRL"), status);
        assertTrue(status.contains("Rlink " + PRI + " is behind by 0h 0m "), status);
        london.ok("vxrlink -g hrdg resume " + SEC);
        awaitUpToDate();
        assertArrayEquals(image(seattle), image(london));

        // Detach from the Secondary: both ends go STALE and the Primary no longer ships.
        String det = london.ok("vxrlink -g hrdg det " + SEC);
        assertTrue(det.contains("detached (STALE)"), det);
        assertTrue(seattle.ok("vxprint -g hrdg " + PRI).contains("STALE"));
        TestRds.await(Duration.ofSeconds(10), "the detached RLINK to disconnect",
                () -> flags(seattle, PRI).equals("write disabled detached consistent disconnected"));
        assertTrue(seattle.ok("vxrlink -g hrdg status " + PRI).contains("is detached (STALE)"));
        refused(london, "vxrlink -g hrdg det " + SEC, "VR-2001", 1);
        refused(seattle, "vxrlink -g hrdg resume " + PRI, "VR-2001", 1);
        seattle.ok("vxrlink -g hrdg -f att " + PRI);
        awaitConnected();
    }

    @Test
    void statusStatsAndUpdatesReportWhatReplicationDid() throws Exception {
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
        seattle.ok("vxrlink -g hrdg -f att " + PRI);
        awaitConnected();
        write(200, 1);
        awaitUpToDate();
        String stats = seattle.ok("vxrlink -g hrdg stats " + PRI);
        long[] row = numbers(stats, 3);
        assertTrue(row[0] >= 200 && row[1] >= 200 * 8, stats);
        String received = london.ok("vxrlink -g hrdg -e stats " + SEC);
        assertTrue(numbers(received, 3)[0] >= 200, received);
        assertTrue(received.contains("link: frames sent"), received);

        String updates = london.ok("vxrlink -g hrdg -T updates " + SEC);
        Matcher id = Pattern.compile("ID\\s+(\\d+\\.\\d+)\\s+(\\d+\\.\\d+)\\s+0 updates").matcher(updates);
        assertTrue(id.find() && id.group(1).equals(id.group(2)), updates);
        assertTrue(updates.contains("Time ") && updates.contains("0h 0m 0s"), updates);
        assertTrue(updates.contains("Last update applied to the data volumes: "), updates);

        seattle.ok("vxrlink -g hrdg pause " + PRI);
        write(7, 1000);
        String behind = london.ok("vxrlink -g hrdg updates " + SEC);
        assertTrue(behind.contains(" 7 updates"), behind);
        assertTrue(!behind.contains("Time "), behind);
        assertTrue(seattle.ok("vxrlink -g hrdg status " + PRI).contains("has 7 outstanding writes"));

        // -i repeats until the user interrupts; -t puts a date line before every second report.
        Captured repeat = new Captured();
        Thread t = seattle.runInBackground("vxrlink -g hrdg -i 1 -t 2 status " + PRI, repeat);
        TestRds.await(Duration.ofSeconds(30), "three reports", () -> repeat.out().split("has 7 outstanding writes", -1).length > 3);
        t.interrupt();
        t.join(10_000);
        assertTrue(repeat.out().split("\n")[0].matches("\\w{3} \\w{3} \\d\\d \\d\\d:\\d\\d:\\d\\d \\d{4}"), repeat.out());
        assertTrue(repeat.out().split("\n")[3].matches("\\w{3} \\w{3} .*"), repeat.out());

        refused(london, "vxrlink -g hrdg status " + SEC, "VR-2001", 1);
        refused(seattle, "vxrlink -g hrdg updates " + PRI, "VR-2001", 1);
        refused(seattle, "vxrlink -g hrdg -i 0 status " + PRI, "VR-1000", 2);
        refused(seattle, "vxrlink -g hrdg -t 3 stats " + PRI, "VR-1000", 2);
        refused(seattle, "vxrlink -g hrdg -c ck status " + PRI, "VR-1000", 2);
        seattle.ok("vxrlink -g hrdg resume " + PRI);
        awaitUpToDate();
    }

    @Test
    void outstandingWritesAreCountedAgainAfterThePrimaryRestarts() throws Exception {
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
        seattle.ok("vxrlink -g hrdg -f att " + PRI);
        awaitConnected();
        write(50, 1);
        awaitUpToDate();
        london.stop();
        write(25, 100);
        assertTrue(seattle.ok("vxrlink -g hrdg status " + PRI).contains("has 25 outstanding writes"));
        seattle.stop();
        seattle.start();
        String status = seattle.ok("vxrlink -g hrdg status " + PRI);
        assertTrue(status.contains("has 25 outstanding writes"), status);
        london.start();
        awaitUpToDate();
        assertArrayEquals(image(seattle), image(london));
    }

    @Test
    void autosyncShowsProgressAndADetachedAutosyncCanStartAgain() throws Exception {
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london bandwidth_limit=1mbps");
        write(100, 1);
        refused(seattle, "vxrlink -g hrdg -a att " + PRI + " " + PRI, "VR-1000", 2);
        seattle.ok("vxrlink -g hrdg -a att " + PRI);
        TestRds.await(Duration.ofSeconds(30), "autosync to copy something",
                () -> seattle.run0("vxrlink -g hrdg status " + PRI).matches("(?s).*V-5-1-4464 Rlink " + PRI
                        + " is in AUTOSYNC\\. \\d+ Kbytes remaining\\. [1-9]\\d?% done\\..*"));
        assertTrue(flags(seattle, PRI).matches("write enabled attached inconsistent can_sync connected autosync dcm_logging"),
                flags(seattle, PRI));
        seattle.ok("vxrlink -g hrdg pause " + PRI);
        assertTrue(flags(seattle, PRI).contains("primary_paused inconsistent"), flags(seattle, PRI));
        seattle.ok("vxrlink -g hrdg det " + PRI);
        TestRds.await(Duration.ofSeconds(10), "the detached RLINK to disconnect",
                () -> flags(seattle, PRI).equals("write disabled detached inconsistent cant_sync disconnected"));
        assertTrue(london.ok("vxprint -g hrdg " + SEC).contains("STALE"));
        seattle.ok("vradmin -g hrdg set hr_rvg london bandwidth_limit=none");
        seattle.ok("vxrlink -g hrdg -a att " + PRI);
        awaitUpToDate();
        TestRds.await(Duration.ofSeconds(30), "london to be consistent", () -> flags(seattle, PRI).contains(" consistent"));
        assertArrayEquals(image(seattle), image(london));
    }

    /** The numbers of line {@code line} (0-based) of a stats table. */
    private static long[] numbers(String out, int line) {
        String[] words = out.split("\n")[line].trim().split("\\s+");
        long[] n = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            n[i] = words[i].matches("\\d+") ? Long.parseLong(words[i]) : -1;
        }
        return n;
    }
}
