package io.volrep.engine.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;
import io.volrep.engine.volume.DcmBitmap;

/**
 * takeover and failback with two in-JVM hosts: seattle (Primary) writes a round london never gets
 * (replication paused), then stops; london takes over and writes; seattle comes back. Fast failback:
 * seattle is an acting Secondary (no application writes, the two-Primaries error reported), fbsync
 * replays only the changed regions and both end identical. -autofb does the same by itself. -N:
 * makesec turns seattle into a detached Secondary that a synchronization brings back.
 */
@Timeout(300)
class FailbackTest {
    /** Blocks of each volume the rounds before and after the takeover write: 256 = 16 DCM regions of 64k. */
    private static final long BLOCKS = 256;

    @TempDir
    Path dir;
    RoleFixture f;
    TestHost seattle;
    TestHost london;

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    /** Rounds 1 (on both) and 2 (seattle only), then seattle stops; london takes over with {@code flags}. */
    private String loseThePrimaryAndTakeOver(String flags) throws Exception {
        f = new RoleFixture(dir, "seattle", "london");
        seattle = f.host("seattle");
        london = f.host("london");
        f.workload(seattle, 400, BLOCKS);
        f.awaitUpToDate("seattle");
        seattle.ok("vradmin -g hrdg pauserep hr_rvg london");
        f.workload(seattle, 300, BLOCKS);
        seattle.stop();
        String out = london.ok("vradmin -g hrdg " + flags + " takeover hr_rvg");
        assertEquals("london", f.onlyPrimary("seattle"));
        f.check(london, "london after the takeover", f.rounds(1, 2), false);
        f.check(london, "london holds round 1", f.rounds(1), true);
        f.workload(london, 300, BLOCKS / 2);
        f.check(london, "london's own writes", f.rounds(3), true);
        return out;
    }

    private void awaitActingSecondary() {
        TestRds.await(Duration.ofSeconds(30), "seattle to become an acting Secondary",
                () -> seattle.run0("vxprint -g hrdg -l hr_rvg").contains("acting_secondary"));
    }

    @Test
    void fastFailbackReplaysOnlyTheChangedRegions() throws Exception {
        String out = loseThePrimaryAndTakeOver("");
        assertTrue(out.contains("fast-failback logging is on"), out);
        String flags = london.ok("vxprint -g hrdg -l hr_rvg");
        assertTrue(flags.contains("primary enabled dcm_logging failback_logging"), flags);
        assertTrue(london.ok("vxprint -g hrdg -l rlk_seattle_hr_rvg").contains("failback_logging"));
        assertTrue(london.ok("vradmin -g hrdg -l printrvg hr_rvg").contains("seattle: the original Primary has not been reached"));
        Captured early = london.run("vradmin -g hrdg fbsync hr_rvg");
        assertEquals(1, early.status, early.toString());

        seattle.start();
        awaitActingSecondary();
        try (NbdClient c = NbdClient.connect(RoleFixture.uri(seattle, "hr_dv01"))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> c.write(0, ByteBuffer.allocate(4096), false).get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("EPERM"), e.getCause().getMessage());
        }
        String pr = seattle.ok("vradmin -g hrdg -l printrvg hr_rvg");
        assertTrue(pr.contains("Config Errors:\n\tlondon: Primary-Primary configuration"), pr);
        assertTrue(seattle.ok("vradmin -g hrdg repstatus hr_rvg").contains("london: Primary-Primary configuration"));
        TestRds.await(Duration.ofSeconds(30), "london to merge seattle's unshipped blocks",
                () -> f.rvg("london").record().transfer().map(t -> t.step().equals("MARKED")).orElse(false));
        assertTrue(london.ok("vradmin -g hrdg repstatus hr_rvg").contains("seattle: Primary-Primary configuration"));

        assertTrue(london.ok("vradmin -g hrdg repstatus hr_rvg").contains("needs failback synchronization"));
        long dirty = dirty("london");
        String sync = seattle.ok("vradmin -g hrdg -wait fbsync hr_rvg");
        assertTrue(sync.contains("fbsync: done"), sync);
        f.assertSameVolumes(seattle, london);
        long synced = f.rlink("london", "seattle").syncedBytes();
        System.out.println("FailbackTest: " + synced / 1024 + " Kbytes replayed of " + dirty / 1024 + " Kbytes marked");
        assertEquals(dirty, synced, "the replay sends every marked region once");
        assertTrue(synced > 0 && synced <= 2 * BLOCKS * 4096, "only the changed regions travel: " + synced);

        assertTrue(seattle.ok("vxprint -g hrdg -l hr_rvg").contains("closed secondary enabled"));
        assertFalse(london.ok("vxprint -g hrdg -l hr_rvg").contains("failback_logging"));
        assertFalse(seattle.ok("vradmin -g hrdg -l printrvg hr_rvg").contains("Config Errors"));
        assertFalse(london.ok("vradmin -g hrdg -l printrvg hr_rvg").contains("Config Errors"));
        f.workload(london, 200, BLOCKS);
        f.awaitUpToDate("london");
        f.assertSameVolumes(seattle, london);
        f.check(seattle, "seattle replicating from london", f.rounds(4), true);
    }

    @Test
    void autofbConvertsTheOldPrimaryWhenItReturns() throws Exception {
        loseThePrimaryAndTakeOver("-autofb");
        seattle.start();
        TestRds.await(Duration.ofSeconds(60), "seattle to be a consistent Secondary of london", () -> {
            Rlink l = f.rlink("london", "seattle");
            return !f.rvg("seattle").isPrimary() && l.connected() && l.consistent() && !l.dcmMode();
        });
        assertTrue(seattle.ok("vxprint -g hrdg -l hr_rvg").contains("closed secondary enabled"));
        f.awaitUpToDate("london");
        f.assertSameVolumes(seattle, london);
        f.awaitNoTransfer();
    }

    @Test
    void takeoverWithoutFastFailbackThenMakesec() throws Exception {
        String out = loseThePrimaryAndTakeOver("-N");
        assertTrue(out.contains("no fast failback"), out);
        assertEquals(RlinkState.STALE, f.rlink("london", "seattle").state());
        seattle.start();
        TestRds.await(Duration.ofSeconds(30), "seattle to report the two Primaries",
                () -> seattle.run0("vradmin -g hrdg -l printrvg hr_rvg").contains("london: Primary-Primary configuration"));
        assertTrue(seattle.ok("vxprint -g hrdg -l hr_rvg").contains("closed primary enabled"), "-N leaves seattle a Primary");

        try (NbdClient open = NbdClient.connect(RoleFixture.uri(seattle, "hr_dv01"))) {
            Captured c = seattle.run("vradmin -g hrdg -f makesec hr_rvg london");
            assertTrue(c.status == 1 && c.err().contains("VR-2004"), "open volumes refuse even -f: " + c);
        }
        Captured behind = seattle.run("vradmin -g hrdg makesec hr_rvg london");
        assertTrue(behind.status == 1 && behind.err().contains("VR-2101"), "unshipped writes need -f: " + behind);
        Captured wrong = seattle.run("vradmin -g hrdg makesec hr_rvg tokyo");
        assertEquals(1, wrong.status, wrong.toString());
        assertTrue(seattle.ok("vxprint -g hrdg -l hr_rvg").contains("primary"));

        String made = seattle.ok("vradmin -g hrdg -f makesec hr_rvg london");
        assertTrue(made.contains("is now a Secondary of london"), made);
        String rl = seattle.ok("vxprint -g hrdg -ht");
        assertTrue(rl.matches("(?s).*rl rlk_london_hr_rvg\\s+hr_rvg\\s+DETACHED\\s+STALE\\s+london.*"), rl);
        assertTrue(seattle.ok("vxprint -g hrdg -l rlk_london_hr_rvg").contains("inconsistent"));
        assertTrue(seattle.ok("vxprint -g hrdg -l hr_rvg").contains("closed secondary enabled"));
        assertEquals(1, f.rvg("seattle").rlinks().size());
        TestRds.await(Duration.ofSeconds(30), "london to forget the takeover", () -> f.rvg("london").record().transfer().isEmpty());
        assertFalse(london.ok("vradmin -g hrdg -l printrvg hr_rvg").contains("Config Errors"));
        assertEquals(RlinkState.STALE, f.rlink("london", "seattle").state());
        assertEquals("london", f.onlyPrimary());

        // The detached Secondary takes a synchronization from the new Primary (here: autosync).
        london.ok("vradmin -g hrdg -a startrep hr_rvg seattle");
        f.awaitUpToDate("london");
        f.assertSameVolumes(seattle, london);
    }

    @Test
    void takeoverRefusals() throws Exception {
        f = new RoleFixture(dir, "seattle", "london");
        seattle = f.host("seattle");
        london = f.host("london");
        Captured onPrimary = seattle.run("vradmin -g hrdg takeover hr_rvg");
        assertTrue(onPrimary.status == 1 && onPrimary.err().contains("VR-2001"), onPrimary.toString());
        Captured reachable = london.run("vradmin -g hrdg takeover hr_rvg");
        assertTrue(reachable.status == 1 && reachable.err().contains("VR-2103"), reachable.toString());
        Captured both = london.run("vradmin -g hrdg -autofb -N takeover hr_rvg");
        assertEquals(2, both.status, both.toString());
        seattle.ok("vradmin -g hrdg set hr_rvg london bandwidth_limit=1mbps");
        seattle.ok("vradmin -g hrdg -s stoprep hr_rvg london");
        seattle.ok("vradmin -g hrdg -a startrep hr_rvg london");
        TestRds.await(Duration.ofSeconds(30), "london to be marked inconsistent", () -> !f.rlink("london", "seattle").consistent());
        seattle.stop();
        Captured inconsistent = london.run("vradmin -g hrdg takeover hr_rvg");
        assertTrue(inconsistent.status == 1 && inconsistent.err().contains("VR-2104"), inconsistent.toString());
        assertFalse(f.rvg("london").isPrimary());
    }

    private long dirty(String host) {
        long n = 0;
        for (int i = 0; i < 2; i++) {
            n += f.rvg(host).dcm(i).map(DcmBitmap::dirtyBytes).orElse(0L);
        }
        return n;
    }
}
