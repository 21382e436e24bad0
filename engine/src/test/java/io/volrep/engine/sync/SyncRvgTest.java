package io.volrep.engine.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.bench.consistency.ConsistencyCheck;
import io.volrep.engine.client.CommandIo;
import io.volrep.engine.client.EngineClient;
import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/** vradmin syncrvg: difference-based with a checkpoint under a workload, full, verify, failures and resume. */
@Timeout(300)
class SyncRvgTest {
    private static final int BLOCK = 64 * 1024;

    @TempDir
    Path dir;
    TestRds rds;
    TestHost seattle;
    TestHost london;
    SyncFixture f;

    @BeforeEach
    void start() throws Exception {
        rds = new TestRds(dir, "seattle", "london").start();
        seattle = rds.host("seattle");
        london = rds.host("london");
        SyncFixture.rds(seattle, "16m", london);
        f = new SyncFixture(dir);
    }

    @AfterEach
    void stop() throws Exception {
        rds.close();
    }

    private void assertSameImages() throws Exception {
        for (String v : SyncFixture.VOLS) {
            assertArrayEquals(SyncFixture.image(seattle, v), SyncFixture.image(london, v), v);
        }
    }

    @Test
    void differenceSyncWithACheckpointWhileTheApplicationWritesThenStartrepConverges() throws Exception {
        f.workload(seattle, 1500, 1);
        seattle.ok("vradmin -g hrdg set hr_rvg london bandwidth_limit=40mbps");   // the copy takes seconds
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> app = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 15 && !stop.get(); i++) {              // at most 1500 writes: the SRL holds them
                try {
                    f.workload(seattle, 100, 10 + i);
                    Thread.sleep(200);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        String out = seattle.ok("vradmin -g hrdg -c sy syncrvg hr_rvg london");
        stop.set(true);
        app.get(60, TimeUnit.SECONDS);
        assertTrue(out.contains("syncrvg hr_rvg to london: done"), out);
        assertTrue(out.contains("checkpoint sy ended"), out);
        assertTrue(out.matches("(?s).*\\d+% \\(.* MB/s, ETA .* blocks differ.*"), "progress lines: " + out);
        assertTrue(seattle.ok("vxrvg -g hrdg cplist hr_rvg").contains("Completed"));
        f.workload(seattle, 200, 99);                          // after checkend, before startrep
        seattle.ok("vradmin -g hrdg -c sy startrep hr_rvg london");
        TestRds.await(Duration.ofSeconds(120), "london to be consistent and up to date",
                () -> seattle.run0("vradmin -g hrdg repstatus hr_rvg").contains(" consistent, up-to-date"));
        ConsistencyCheck.Result r = f.check(london, true);
        assertTrue(r.ok(), r.summary());
        assertSameImages();
        Captured attached = seattle.run("vradmin -g hrdg syncrvg hr_rvg london");
        assertTrue(attached.err().contains("VR-2020"), attached.toString());
    }

    /** Writes junk to the given 64 KiB blocks of a detached Secondary's volume through its writable export. */
    private void damage(String vol, long... blocks) throws Exception {
        try (NbdClient c = SyncFixture.client(london, vol)) {
            for (long b : blocks) {
                byte[] junk = new byte[BLOCK];
                Arrays.fill(junk, (byte) 0x5a);
                c.write(b * BLOCK, ByteBuffer.wrap(junk), false).get(30, TimeUnit.SECONDS);
            }
            c.flush().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void fullSyncThenVerifyCountsExactlyTheDamagedBlocksAndDiffSyncRepairsThem() throws Exception {
        f.workload(seattle, 1000, 1);
        String full = seattle.ok("vradmin -g hrdg -full syncrvg hr_rvg london");
        assertTrue(full.contains("syncrvg -full hr_rvg to london: done"), full);
        assertSameImages();
        assertTrue(seattle.ok("vradmin -g hrdg -verify syncrvg hr_rvg london").contains("the volumes are identical"));

        damage("hr_dv01", 3, 4, 100);
        damage("hr_dv02", 7);
        Captured v = seattle.run("vradmin -g hrdg -verify syncrvg hr_rvg london");
        assertEquals(1, v.status, v.toString());
        assertTrue(v.err().contains("VR-5020"), v.toString());
        assertTrue(v.out().contains("4 block(s) of 65536 bytes differ in 3 range(s)"), v.out());
        assertTrue(v.out().matches("(?s).*hr_dv01\\s+offset\\s+196608\\s+length\\s+131072.*"), v.out());
        assertTrue(v.out().matches("(?s).*hr_dv01\\s+offset\\s+6553600\\s+length\\s+65536.*"), v.out());
        assertTrue(v.out().matches("(?s).*hr_dv02\\s+offset\\s+458752\\s+length\\s+65536.*"), v.out());

        String diff = seattle.ok("vradmin -g hrdg syncrvg hr_rvg london");
        assertTrue(diff.contains("4 block(s) differed"), diff);
        assertTrue(diff.matches("(?s).*0\\.2\\d MB sent.*"), "only the 4 blocks cross: " + diff);
        assertSameImages();
        assertTrue(seattle.ok("vradmin -g hrdg -verify syncrvg hr_rvg london").contains("the volumes are identical"));
        assertTrue(seattle.ok("vradmin -g hrdg repstatus hr_rvg").contains("Synchronization:"));
    }

    @Test
    void aSecondaryThatDiesMidSyncFailsCleanlyAndTheSameCommandResumes() throws Exception {
        f.workload(seattle, 1500, 1);
        seattle.ok("vradmin -g hrdg set hr_rvg london bandwidth_limit=8mbps");    // 1 MB/s: the copy takes seconds
        CompletableFuture<Captured> sync = CompletableFuture.supplyAsync(() -> {
            try {
                return seattle.run("vradmin -g hrdg -c sy syncrvg hr_rvg london");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        TestRds.await(Duration.ofSeconds(60), "the copy to be under way",
                () -> seattle.run0("vradmin -g hrdg repstatus hr_rvg").matches("(?s).*Synchronization:.*: [1-9]\\d?% .*"));
        Captured busy = seattle.run("vradmin -g hrdg -f startrep hr_rvg london");
        assertTrue(busy.err().contains("VR-2021"), busy.toString());
        Captured twice = seattle.run("vradmin -g hrdg syncrvg hr_rvg london");
        assertTrue(twice.err().contains("VR-2021"), twice.toString());
        london.stop();                                          // the Secondary's host dies mid-copy
        Captured failed = sync.get(120, TimeUnit.SECONDS);
        assertEquals(1, failed.status, failed.toString());
        assertTrue(failed.err().contains("VR-5021") && failed.err().contains("Resume with: vradmin -g hrdg -c sy syncrvg hr_rvg london"),
                failed.toString());
        assertFalse(seattle.ok("vxrvg -g hrdg cplist hr_rvg").contains("sy "), "the failed copy's checkpoint is gone");
        assertTrue(seattle.ok("vradmin -g hrdg repstatus hr_rvg").contains("FAILED"));
        assertTrue(seattle.ok("vxprint -g hrdg rlk_london_hr_rvg").contains("STALE"));

        london.start();
        seattle.ok("vradmin -g hrdg set hr_rvg london bandwidth_limit=none");
        String again = seattle.ok("vradmin -g hrdg -c sy syncrvg hr_rvg london");
        assertTrue(again.contains("done"), again);
        seattle.ok("vradmin -g hrdg -c sy startrep hr_rvg london");
        TestRds.await(Duration.ofSeconds(120), "london to be consistent and up to date",
                () -> seattle.run0("vradmin -g hrdg repstatus hr_rvg").contains(" consistent, up-to-date"));
        assertSameImages();
    }

    @Test
    void aClientThatGoesAwayDoesNotStopTheSync() throws Exception {
        f.workload(seattle, 1000, 1);
        seattle.ok("vradmin -g hrdg set hr_rvg london bandwidth_limit=16mbps");
        CommandIo dropping = new CommandIo() {
            @Override
            public void out(String text) {
                throw new IllegalStateException("the client went away");
            }

            @Override
            public void err(String text) {
            }

            @Override
            public boolean confirm(String question) {
                return false;
            }
        };
        try {
            new EngineClient(seattle.config().adminSocket(), dir.toString())
                    .run(List.of("vradmin", "-g", "hrdg", "-full", "syncrvg", "hr_rvg", "london"), dropping);
        } catch (IllegalStateException expected) {
            // the client dropped its connection at the first progress line
        }
        TestRds.await(Duration.ofSeconds(120), "the sync to finish without its client",
                () -> seattle.run0("vradmin -g hrdg repstatus hr_rvg").contains("syncrvg -full hr_rvg to london: done"));
        assertSameImages();
    }

    @Test
    void badInputIsRefusedAndChangesNothing() throws Exception {
        String before = seattle.ok("vxprint -g hrdg -l hr_rvg rlk_london_hr_rvg");
        for (String[] c : new String[][] {
                {"vradmin -g hrdg -verify -full syncrvg hr_rvg london", "VR-1000"},
                {"vradmin -g hrdg -c ck -verify syncrvg hr_rvg london", "VR-1000"},
                {"vradmin -g hrdg syncrvg hr_rvg tokyo", "VR-1004"},
                {"vradmin -g hrdg syncrvg nosuch london", "VR-1003"},
                {"vradmin -g hrdg syncrvg hr_rvg", "VR-1000"}}) {
            Captured r = seattle.run(c[0]);
            assertTrue(r.status != 0 && r.err().contains(c[1]), c[0] + ": " + r);
        }
        assertEquals(before, seattle.ok("vxprint -g hrdg -l hr_rvg rlk_london_hr_rvg"));
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        Captured attached = seattle.run("vradmin -g hrdg -c ck syncrvg hr_rvg london");
        assertTrue(attached.err().contains("VR-2020"), attached.toString());
        assertFalse(seattle.ok("vxrvg -g hrdg cplist hr_rvg").contains("ck "), "no checkpoint was started");
        Captured verifyActive = seattle.run("vradmin -g hrdg -verify syncrvg hr_rvg london");
        assertTrue(verifyActive.err().contains("VR-2020") && verifyActive.err().contains("pauserep"), verifyActive.toString());
        assertTrue(seattle.ok("vxprint -g hrdg rlk_london_hr_rvg").contains("ACTIVE"), "still replicating");
    }
}
