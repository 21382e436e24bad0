package io.volrep.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.rvg.Checkpoint;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.srl.RecordType;
import io.volrep.engine.srl.SrlReader;
import io.volrep.engine.srl.SrlRecord;
import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestHost;

/** vxrvg checkstart / checkend / cplist / checkdelete through the admin socket, with restarts and SRL wraps. */
@Timeout(180)
class CheckpointCommandsTest {
    private static final int BLOCK = 64 * 1024;
    private static final long SRL_SIZE = 4L << 20;

    @TempDir
    Path dir;
    TestHost host;

    @BeforeEach
    void start() throws Exception {
        host = new TestHost(dir, "seattle").start();
        host.ok("vxdg init hrdg");
        host.ok("vxassist -g hrdg make hr_dv01 16m");
        host.ok("vxassist -g hrdg make hr_srl 4m");
        host.ok("vradmin -g hrdg -nodcm createpri hr_rvg hr_dv01 hr_srl");
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
    }

    private Rvg rvg() {
        return host.daemon().engine().rvgs().find("hrdg", "hr_rvg").orElseThrow();
    }

    /** Writes {@code n} blocks through the RVG's write path (no NBD), each completed within a bound. */
    private void write(int n, int seed) throws Exception {
        Rvg rvg = rvg();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[BLOCK];
            java.util.Arrays.fill(b, (byte) (seed + i));
            all.add(rvg.write(0, (long) (i % 200) * BLOCK, ByteBuffer.wrap(b)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    private String cplist() throws Exception {
        return host.ok("vxrvg -g hrdg cplist hr_rvg");
    }

    /** The cplist line of checkpoint {@code name}. */
    private static String line(String list, String name) {
        return list.lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no checkpoint " + name + " in\n" + list));
    }

    @Test
    void checkpointsBracketWritesAndSurviveRestarts() throws Exception {
        write(2, 1);
        host.ok("vxrvg -g hrdg -c presync checkstart hr_rvg");
        Checkpoint started = rvg().checkpoint("presync").orElseThrow();
        assertEquals(Checkpoint.State.STARTED, started.state());
        write(5, 10);

        host.stop();                                        // restart between checkstart and checkend
        host.start();
        Checkpoint again = rvg().checkpoint("presync").orElseThrow();
        assertEquals(started.startLsn(), again.startLsn());
        assertEquals(Checkpoint.State.STARTED, again.state());
        assertTrue(cplist().contains("Started"), cplist());

        host.ok("vxrvg -g hrdg checkend hr_rvg");
        Checkpoint done = rvg().checkpoint("presync").orElseThrow();
        assertEquals(Checkpoint.State.COMPLETED, done.state());
        long size = SrlRecord.encodedSize("presync".length()) + 5L * SrlRecord.encodedSize(BLOCK);
        assertEquals(size, done.endLsn() - done.startLsn());
        String list = cplist();
        assertTrue(list.matches("(?s)Name\\s+Start LSN\\s+End LSN\\s+Bytes\\s+% Log\\s+Started/Completed\\s+Overflow\n.*"), list);
        String line = list.lines().filter(l -> l.startsWith("presync ")).findFirst().orElseThrow();
        long used = rvg().writePath().orElseThrow().nextLsn() - done.startLsn();
        long left = SRL_SIZE - 8192 - used;
        assertTrue(line.matches("presync\\s+" + done.startLsn() + "\\s+" + done.endLsn() + "\\s+" + size + "\\s+"
                + used * 100 / (SRL_SIZE - 8192) + "\\s+Completed\\s+SRL wraps over it after " + left + " more bytes .*"), line);
        String l = host.ok("vxprint -g hrdg -l hr_rvg");
        assertTrue(l.contains("checkpoint: presync state=completed start_lsn=" + done.startLsn() + " end_lsn=" + done.endLsn()), l);

        // The SRL holds exactly the bracketed writes between the markers: what an RLINK would send.
        SrlReader r = rvg().checkpointReader("presync");
        List<RecordType> types = new ArrayList<>();
        for (SrlRecord rec; (rec = r.next()) != null && rec.lsn() <= done.endLsn(); ) {
            types.add(rec.type());
        }
        assertEquals(List.of(RecordType.CHECKPOINT_START, RecordType.DATA, RecordType.DATA, RecordType.DATA,
                RecordType.DATA, RecordType.DATA, RecordType.CHECKPOINT_END), types);

        host.stop();                                        // restart after checkend: same list, same numbers
        host.start();
        assertEquals(list, cplist());
        String ckLine = line(l, "checkpoint:");
        assertEquals(ckLine, line(host.ok("vxprint -g hrdg -l hr_rvg"), "checkpoint:"));

        host.ok("vxrvg -g hrdg stop hr_rvg");               // a stopped RVG lists from the SRL header
        String stopped = cplist();
        assertTrue(stopped.contains(line) && stopped.contains("is stopped"), stopped);
        host.ok("vxrvg -g hrdg -c presync checkdelete hr_rvg");
        assertFalse(cplist().contains("presync "));
        assertFalse(host.ok("vxprint -g hrdg -l hr_rvg").contains("checkpoint:"));
    }

    @Test
    void atMost46CheckpointsPerRvg() throws Exception {
        for (int i = 1; i <= 46; i++) {
            host.ok("vxrvg -g hrdg -c cp" + i + " checkstart hr_rvg");
            host.ok("vxrvg -g hrdg checkend hr_rvg");
        }
        String list = cplist();
        String print = TestHost.steady(host.ok("vxprint -g hrdg -l hr_rvg"));
        assertEquals(46 + 2, list.lines().count(), list);
        Captured c = host.run("vxrvg -g hrdg -c cp47 checkstart hr_rvg");
        assertEquals(1, c.status, c.toString());
        assertTrue(c.err().contains("VR-1024 ERROR") && c.err().contains("46 checkpoints")
                && c.err().contains("checkdelete"), c.err());
        assertEquals(list, cplist());
        assertEquals(print, TestHost.steady(host.ok("vxprint -g hrdg -l hr_rvg")));

        host.ok("vxrvg -g hrdg -c cp1 checkdelete hr_rvg");
        host.ok("vxrvg -g hrdg -c cp47 checkstart hr_rvg");
        assertTrue(host.ok("vxprint -g hrdg -l hr_rvg").contains("checkpoint: cp47 state=started"));
    }

    /** Writes wrap a 4m SRL: the checkpoints overflow, no write waits for them, and restarts agree. */
    @Test
    void wrappingTheSrlOverflowsCheckpointsWithoutBlockingWrites() throws Exception {
        host.ok("vxrvg -g hrdg -c full checkstart hr_rvg");
        write(4, 1);
        host.ok("vxrvg -g hrdg checkend hr_rvg");
        host.ok("vxrvg -g hrdg -c open checkstart hr_rvg");
        long openStart = rvg().checkpoint("open").orElseThrow().startLsn();
        assertTrue(line(cplist(), "full").contains("Completed"), cplist());

        write(80, 50);                                      // 5m through a 4m SRL
        assertTrue(rvg().writePath().orElseThrow().srl().tailLsn() > openStart);
        String list = cplist();
        for (String name : List.of("full", "open")) {
            String line = list.lines().filter(x -> x.startsWith(name + " ")).findFirst().orElseThrow();
            assertTrue(line.matches(name + "\\s+\\d+\\s+\\S+\\s+\\S+\\s+100\\s+Checkpoint overflowed\\s+the SRL wrapped over its start"),
                    line);
        }
        assertFalse(rvg().checkpoint("full").orElseThrow().valid());

        Captured end = host.run("vxrvg -g hrdg checkend hr_rvg");
        assertTrue(end.status == 1 && end.err().contains("VR-2008 ERROR") && end.err().contains("-f"), end.toString());
        Captured read = host.run("vxrvg -g hrdg cplist hr_rvg");
        assertEquals(list, read.out());
        host.ok("vxrvg -f -g hrdg checkend hr_rvg");

        host.ok("vxrvg -g hrdg -c after checkstart hr_rvg");      // a new checkpoint after the wrap is valid
        write(2, 7);
        host.ok("vxrvg -g hrdg checkend hr_rvg");
        assertTrue(line(cplist(), "after").contains("Completed"), cplist());

        host.stop();
        host.start();
        assertEquals(Checkpoint.State.OVERFLOWED, rvg().checkpoint("full").orElseThrow().state());
        assertEquals(Checkpoint.State.OVERFLOWED, rvg().checkpoint("open").orElseThrow().state());
        assertEquals(Checkpoint.State.COMPLETED, rvg().checkpoint("after").orElseThrow().state());
        assertTrue(rvg().checkpointReader("after").next().type() == RecordType.CHECKPOINT_START);
    }

    /** A checkpoint the metadata records but the SRL tail has passed is OVERFLOWED after a restart. */
    @Test
    void recoveryMarksACheckpointWhoseStartTheTailPassedAsOverflowed() throws Exception {
        host.ok("vxrvg -g hrdg -c cp checkstart hr_rvg");
        host.ok("vxrvg -g hrdg checkend hr_rvg");
        write(80, 3);                                       // no checkpoint command after the wrap
        host.stop();
        host.start();
        assertEquals(Checkpoint.State.OVERFLOWED, rvg().checkpoint("cp").orElseThrow().state());
        String cfg = java.nio.file.Files.readString(host.config().stateDir().resolve("dg/hrdg/dgconfig"));
        assertTrue(cfg.matches("(?s).*\"overflowed\"\\s*:\\s*true.*"), cfg);
    }

    @Test
    void badInputIsRefusedWithItsCodeAndChangesNothing() throws Exception {
        host.ok("vxrvg -g hrdg -c done checkstart hr_rvg");
        host.ok("vxrvg -g hrdg checkend hr_rvg");
        host.ok("vxrvg -g hrdg -c open checkstart hr_rvg");
        String[][] cases = {
                {"vxrvg -g hrdg -c other checkstart hr_rvg", "VR-2006"},   // one started at a time
                {"vxrvg -g hrdg -c open checkstart hr_rvg", "VR-2006"},
                {"vxrvg -g hrdg -c gone checkdelete hr_rvg", "VR-1006"},
                {"vxrvg -g hrdg -c open checkdelete hr_rvg", "VR-2006"},  // still started: needs -f
                {"vxrvg -g hrdg -c x checkstart nosuch", "VR-1003"},
                {"vxrvg -g nodg -c x checkstart hr_rvg", "VR-1001"},
                {"vxrvg -g hrdg checkstart hr_rvg", "VR-1000"},
                {"vxrvg -g hrdg -c 9bad checkdelete hr_rvg", "VR-1006"},
                {"vxrvg -g hrdg -c a cplist hr_rvg", "VR-1000"},
                {"vxrvg -g hrdg cplist", "VR-1000"}};
        check(cases);
        host.ok("vxrvg -g hrdg checkend hr_rvg");
        check(new String[][] {
                {"vxrvg -g hrdg checkend hr_rvg", "VR-2007"},               // nothing started
                {"vxrvg -g hrdg -c done checkstart hr_rvg", "VR-1010"},     // duplicate name
                {"vxrvg -g hrdg -c 9bad checkstart hr_rvg", "VR-1011"}});
        host.ok("vxrvg -g hrdg stop hr_rvg");
        check(new String[][] {
                {"vxrvg -g hrdg -c new checkstart hr_rvg", "VR-2002"},
                {"vxrvg -g hrdg checkend hr_rvg", "VR-2002"},
                {"vxrvg -g hrdg -c gone checkdelete hr_rvg", "VR-1006"}});
        host.ok("vxrvg -g hrdg start hr_rvg");
        host.ok("vxrvg -f -g hrdg -c done checkstart hr_rvg");          // -f replaces a checkpoint of that name
        assertTrue(host.ok("vxprint -g hrdg -l hr_rvg").contains("checkpoint: done state=started"));
        host.ok("vxrvg -f -g hrdg -c done checkdelete hr_rvg");         // -f deletes a started one
        assertEquals(List.of("open"), rvg().checkpoints().stream().map(Checkpoint::name).toList());
    }

    /** Runs each bad command: its code on stderr, exit 1 or 2, and cplist and vxprint -l as before. */
    private void check(String[][] cases) throws Exception {
        String list = cplist();
        String print = TestHost.steady(host.ok("vxprint -g hrdg -l hr_rvg"));
        String cfg = java.nio.file.Files.readString(host.config().stateDir().resolve("dg/hrdg/dgconfig"));
        for (String[] c : cases) {
            Captured r = host.run(c[0]);
            assertTrue(r.status == 1 || r.status == 2, c[0] + "\n" + r);
            assertTrue(r.err().contains(c[1] + " ERROR"), c[0] + "\n" + r);
        }
        assertEquals(list, cplist());
        assertEquals(print, TestHost.steady(host.ok("vxprint -g hrdg -l hr_rvg")));
        assertEquals(cfg, java.nio.file.Files.readString(host.config().stateDir().resolve("dg/hrdg/dgconfig")));
    }
}
