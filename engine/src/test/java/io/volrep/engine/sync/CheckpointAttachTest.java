package io.volrep.engine.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.bench.consistency.ConsistencyCheck;
import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/**
 * Block-level backup and checkpoint (spec files 000-002): checkstart, a backup of the Primary's volumes
 * while the application writes, checkend, the backup restored on the detached Secondary through its
 * writable NBD export, then {@code vradmin -c CKPT startrep}.
 */
@Timeout(300)
class CheckpointAttachTest {
    private static final int HALF = SyncFixture.VOL / 2;

    @TempDir
    Path dir;
    TestRds rds;

    @AfterEach
    void stop() throws Exception {
        rds.close();
    }

    /** The backup of both volumes, read in two halves with application writes before, between and after. */
    private byte[][] backupWhileWriting(TestHost primary, SyncFixture f) throws Exception {
        byte[][] backup = new byte[2][SyncFixture.VOL];
        for (int v = 0; v < 2; v++) {                              // event 2: the backup starts
            System.arraycopy(SyncFixture.read(primary, SyncFixture.VOLS[v], 0, HALF), 0, backup[v], 0, HALF);
        }
        f.workload(primary, 500, 2);                               // writes to blocks read (event 5) and not yet read (event 7)
        for (int v = 0; v < 2; v++) {
            System.arraycopy(SyncFixture.read(primary, SyncFixture.VOLS[v], HALF, SyncFixture.VOL), 0, backup[v], HALF, HALF);
        }
        return backup;                                             // event 8: the backup ends
    }

    @Test
    void backupRestoredOnTheSecondaryCatchesUpFromTheCheckpointAcrossRestarts() throws Exception {
        rds = new TestRds(dir, "seattle", "london").start();
        TestHost seattle = rds.host("seattle");
        TestHost london = rds.host("london");
        SyncFixture.rds(seattle, "16m", london);
        SyncFixture f = new SyncFixture(dir);
        f.workload(seattle, 800, 1);                               // data from before the checkpoint
        seattle.ok("vxrvg -g hrdg -c bk checkstart hr_rvg");       // event 1
        byte[][] backup = backupWhileWriting(seattle, f);
        f.workload(seattle, 300, 3);
        seattle.ok("vxrvg -g hrdg checkend hr_rvg");               // event 9
        f.workload(seattle, 200, 4);                               // after the checkpoint: shipped as usual

        for (int v = 0; v < 2; v++) {                              // restore on the detached Secondary
            SyncFixture.restore(london, SyncFixture.VOLS[v], backup[v]);
        }
        seattle.stop();                                            // both daemons restart before startrep
        london.stop();
        london.start();
        seattle.start();
        for (int v = 0; v < 2; v++) {
            assertArrayEquals(backup[v], SyncFixture.image(london, SyncFixture.VOLS[v]), "restored image survives a restart");
        }
        String out = seattle.ok("vradmin -g hrdg -c bk startrep hr_rvg london");
        assertTrue(out.contains("checkpoint bk"), out);
        try (NbdClient c = SyncFixture.client(london, SyncFixture.VOLS[0])) {
            assertTrue(c.readOnly(), "attached: the Secondary's volumes are read-only again");
        }
        Thread w = workloadThread(seattle, f);                     // the application keeps writing while it catches up
        w.join(120_000);
        TestRds.await(Duration.ofSeconds(120), "london to be consistent and up to date",
                () -> seattle.run0("vradmin -g hrdg repstatus hr_rvg").contains(" consistent, up-to-date"));
        assertTrue(london.ok("vxprint -g hrdg -l rlk_seattle_hr_rvg").contains("checkpoint: bk"));
        ConsistencyCheck.Result r = f.check(london, true);
        assertTrue(r.ok(), r.summary());
        for (String v : SyncFixture.VOLS) {
            assertArrayEquals(SyncFixture.image(seattle, v), SyncFixture.image(london, v), v);
        }
    }

    private static Thread workloadThread(TestHost h, SyncFixture f) {
        Thread t = new Thread(() -> {
            try {
                f.workload(h, 400, 5);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        return t;
    }

    @Test
    void oneCheckpointStartsTwoSecondariesAndBadInputChangesNothing() throws Exception {
        rds = new TestRds(dir, "seattle", "london", "tokyo").start();
        TestHost seattle = rds.host("seattle");
        TestHost london = rds.host("london");
        TestHost tokyo = rds.host("tokyo");
        SyncFixture.rds(seattle, "16m", london, tokyo);
        SyncFixture f = new SyncFixture(dir);
        f.workload(seattle, 400, 1);
        seattle.ok("vxrvg -g hrdg -c bk checkstart hr_rvg");
        byte[][] backup = backupWhileWriting(seattle, f);
        refused(seattle, "vradmin -g hrdg -c bk startrep hr_rvg london", "VR-2006");     // not ended yet
        seattle.ok("vxrvg -g hrdg checkend hr_rvg");
        refused(seattle, "vradmin -g hrdg -c nosuch startrep hr_rvg london", "VR-1006");
        refused(seattle, "vradmin -g hrdg -c bk -f startrep hr_rvg london", "VR-1000");

        for (int v = 0; v < 2; v++) {
            SyncFixture.restore(london, SyncFixture.VOLS[v], backup[v]);
            SyncFixture.restore(tokyo, SyncFixture.VOLS[v], backup[v]);
        }
        seattle.ok("vradmin -g hrdg -c bk startrep hr_rvg london");
        refused(seattle, "vradmin -g hrdg -c bk startrep hr_rvg london", "VR-2020");     // already attached
        f.workload(seattle, 300, 6);
        seattle.ok("vradmin -g hrdg set hr_rvg tokyo bandwidth_limit=1mbps");             // tokyo needs ~25 s to catch up
        seattle.ok("vradmin -g hrdg -c bk startrep hr_rvg tokyo");                       // the same checkpoint, later
        refused(seattle, "vxrvg -g hrdg -f -c bk checkdelete hr_rvg", "VR-2001");         // tokyo still needs its end
        seattle.ok("vradmin -g hrdg set hr_rvg tokyo bandwidth_limit=none");
        TestRds.await(Duration.ofSeconds(120), "both Secondaries consistent and up to date",
                () -> seattle.run0("vradmin -g hrdg repstatus hr_rvg").split(" consistent, up-to-date", -1).length == 3);
        for (TestHost s : List.of(london, tokyo)) {
            ConsistencyCheck.Result r = f.check(s, true);
            assertTrue(r.ok(), s.config().host() + ": " + r.summary());
        }
        assertThrows(ExecutionException.class, () -> {               // attached: restore writes are refused
            try (NbdClient c = SyncFixture.client(london, SyncFixture.VOLS[0])) {
                c.write(0, ByteBuffer.allocate(4096), false).get(30, TimeUnit.SECONDS);
            }
        });
    }

    @Test
    void anOverflowedCheckpointCannotStartASecondary() throws Exception {
        rds = new TestRds(dir, "seattle", "london").start();
        TestHost seattle = rds.host("seattle");
        TestHost london = rds.host("london");
        SyncFixture.rds(seattle, "4m", london);
        SyncFixture f = new SyncFixture(dir);
        seattle.ok("vxrvg -g hrdg -c bk checkstart hr_rvg");
        f.workload(seattle, 100, 1);
        seattle.ok("vxrvg -g hrdg checkend hr_rvg");
        f.workload(seattle, 2500, 2);                              // about 10 MB through a 4 MB SRL
        assertTrue(seattle.ok("vxrvg -g hrdg cplist hr_rvg").contains("Checkpoint overflowed"));
        String before = seattle.ok("vxprint -g hrdg -l rlk_london_hr_rvg");
        refused(seattle, "vradmin -g hrdg -c bk startrep hr_rvg london", "VR-2008");
        assertEquals(before, seattle.ok("vxprint -g hrdg -l rlk_london_hr_rvg"));
        assertTrue(london.ok("vxprint -g hrdg rlk_seattle_hr_rvg").contains("STALE"));
    }

    private static void refused(TestHost h, String line, String code) throws Exception {
        Captured c = h.run(line);
        assertTrue(c.status != 0 && c.err().contains(code), line + " should fail with " + code + ": " + c);
    }
}
