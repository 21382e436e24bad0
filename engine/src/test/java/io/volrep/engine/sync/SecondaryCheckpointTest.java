package io.volrep.engine.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.bench.consistency.ConsistencyCheck;
import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/**
 * RLINK (Secondary) checkpoints: pause with a checkpoint on the Secondary, back up its volumes, keep
 * replicating, damage the volumes, fail the RLINK for a restore, restore the backup, restore the RLINK
 * at the checkpoint; the Secondary converges without a full resynchronization. The pause itself is the
 * Primary's pauserep here; {@code vxrlink pause} calls the same engine entry points.
 */
@Timeout(240)
class SecondaryCheckpointTest {
    @TempDir
    Path dir;
    TestRds rds;
    TestHost seattle;
    TestHost london;
    SyncFixture f;

    @AfterEach
    void stop() throws Exception {
        rds.close();
    }

    private void start(String srl) throws Exception {
        rds = new TestRds(dir, "seattle", "london").start();
        seattle = rds.host("seattle");
        london = rds.host("london");
        SyncFixture.rds(seattle, srl, london);
        f = new SyncFixture(dir);
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
    }

    private Rvg londonRvg() {
        return london.daemon().engine().rvgs().find("hrdg", "hr_rvg").orElseThrow();
    }

    private Rlink londonRlink() {
        return londonRvg().rlink("rlk_seattle_hr_rvg").orElseThrow();
    }

    private SecondaryCheckpoints engine() {
        return london.daemon().engine().sync().secondaryCheckpoints();
    }

    private void awaitUpToDate() {
        TestRds.await(Duration.ofSeconds(120), "london to be consistent and up to date",
                () -> seattle.run0("vradmin -g hrdg repstatus hr_rvg").contains(" consistent, up-to-date"));
    }

    /** vxrlink -c NAME pause on london, the Secondary. */
    private void pauseWithCheckpoint(String name) throws Exception {
        String out = london.ok("vxrlink -g hrdg -c " + name + " pause rlk_seattle_hr_rvg");
        assertTrue(out.contains("checkpoint " + name + " taken"), out);
    }

    @Test
    void aSecondaryRestoredFromItsOwnBackupCatchesUpFromItsCheckpoint() throws Exception {
        start("16m");
        f.workload(seattle, 1000, 1);
        awaitUpToDate();
        pauseWithCheckpoint("sck");
        byte[][] backup = {SyncFixture.image(london, "hr_dv01"), SyncFixture.image(london, "hr_dv02")};
        london.ok("vxrlink -g hrdg resume rlk_seattle_hr_rvg");
        f.workload(seattle, 1000, 2);                               // replicated after the backup
        awaitUpToDate();
        String list = seattle.ok("vxrlink -g hrdg cplist rlk_london_hr_rvg");
        assertTrue(list.matches("(?s).*\\nsck\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\S+\\s+valid\\n.*"), list);
        refused(london, "vxrlink -g hrdg -c sck restore rlk_seattle_hr_rvg", "VR-2001");      // not FAIL yet

        refused(london, "vxrlink -g hrdg -c x -w pause rlk_seattle_hr_rvg", "VR-1000");
        refused(seattle, "vxrlink -g hrdg -w pause rlk_london_hr_rvg", "VR-2001");
        london.ok("vxrlink -g hrdg -w pause rlk_seattle_hr_rvg");
        assertTrue(seattle.ok("vxprint -g hrdg rlk_london_hr_rvg").contains("FAIL"));
        try (NbdClient c = SyncFixture.client(london, "hr_dv01")) {  // the volume fails; writable now
            byte[] junk = new byte[1 << 20];
            Arrays.fill(junk, (byte) 0x77);
            c.write(0, ByteBuffer.wrap(junk), false).get(30, TimeUnit.SECONDS);
        }
        SyncFixture.restore(london, "hr_dv01", backup[0]);
        SyncFixture.restore(london, "hr_dv02", backup[1]);
        refused(london, "vxrlink -g hrdg -c nosuch restore rlk_seattle_hr_rvg", "VR-1006");
        assertTrue(london.ok("vxprint -g hrdg rlk_seattle_hr_rvg").contains("FAIL"), "nothing changed");
        london.ok("vxrlink -g hrdg -c sck restore rlk_seattle_hr_rvg");
        f.workload(seattle, 300, 3);
        awaitUpToDate();
        ConsistencyCheck.Result r = f.check(london, true);
        assertTrue(r.ok(), r.summary());
        for (String v : SyncFixture.VOLS) {
            assertArrayEquals(SyncFixture.image(seattle, v), SyncFixture.image(london, v), v);
        }
        seattle.ok("vxrlink -g hrdg -c sck checkdelete rlk_london_hr_rvg");
        assertFalse(seattle.ok("vxrlink -g hrdg cplist rlk_london_hr_rvg").contains("sck "));
        refused(seattle, "vxrlink -g hrdg -c sck checkdelete rlk_london_hr_rvg", "VR-1006");
        refused(london, "vxrlink -g hrdg cplist rlk_seattle_hr_rvg", "VR-2001");                // on the Secondary
    }

    @Test
    void aCheckpointTheSrlWrappedOverCannotRestore() throws Exception {
        start("4m");
        f.workload(seattle, 200, 1);
        awaitUpToDate();
        pauseWithCheckpoint("sck");
        london.ok("vxrlink -g hrdg resume rlk_seattle_hr_rvg");
        f.workload(seattle, 2500, 2);                               // about 10 MB through a 4 MB SRL
        awaitUpToDate();
        assertTrue(seattle.ok("vxrlink -g hrdg cplist rlk_london_hr_rvg").contains("Checkpoint overflowed"));
        london.ok("vxrlink -g hrdg -w pause rlk_seattle_hr_rvg");
        refused(london, "vxrlink -g hrdg -c sck restore rlk_seattle_hr_rvg", "VR-2008");
        assertTrue(seattle.ok("vxprint -g hrdg rlk_london_hr_rvg").contains("FAIL"), "nothing changed");
    }

    private static void refused(TestHost h, String line, String code) throws Exception {
        Captured c = h.run(line);
        assertTrue(c.status != 0 && c.err().contains(code), line + " should fail with " + code + ": " + c);
    }
}
