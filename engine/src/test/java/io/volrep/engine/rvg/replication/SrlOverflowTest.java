package io.volrep.engine.rvg.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.bench.consistency.Stamp;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/** A Secondary away long enough to fill the 4m SRL, under each srlprot setting. */
@Timeout(240)
class SrlOverflowTest {
    private static final int VOL = 16 << 20;

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
        rds.everywhere("vxassist -g hrdg make hr_srl 4m");
        seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01 hr_srl");
    }

    @AfterEach
    void stop() throws Exception {
        rds.close();
    }

    private NbdClient client(TestHost h) throws Exception {
        return NbdClient.connect("nbd+unix:///hrdg/hr_dv01?socket=" + h.config().nbdSocket());
    }

    /** 12 MB of 4 KiB writes: three times the SRL. */
    private void fillThreeTimes(NbdClient c) throws Exception {
        for (int i = 0; i < 3072; i++) {
            c.write((i % (VOL / 4096)) * 4096L, Stamp.of(0, i % (VOL / 4096), i + 1), false).get(60, TimeUnit.SECONDS);
        }
    }

    private byte[] image(TestHost h) throws Exception {
        try (NbdClient c = client(h)) {
            ByteBuffer b = ByteBuffer.allocate(VOL);
            c.read(0, b).get(60, TimeUnit.SECONDS);
            return b.array();
        }
    }

    @Test
    void autodcmSwitchesToTheDcmAndResyncBringsTheSecondaryBack() throws Exception {
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        london.stop();
        try (NbdClient c = client(seattle)) {
            fillThreeTimes(c);
        }
        String status = seattle.ok("vradmin -g hrdg repstatus hr_rvg");
        assertTrue(status.contains("logging to DCM (needs dcm resynchronization)"), status);
        assertTrue(seattle.ok("vxprint -g hrdg -l rlk_london_hr_rvg").contains("dcm_logging"));
        london.start();
        String out = seattle.ok("vradmin -g hrdg -wait resync hr_rvg");
        assertTrue(out.contains("resync: done"), out);
        TestRds.await(Duration.ofSeconds(60), "london to be up to date",
                () -> seattle.run0("vradmin -g hrdg repstatus hr_rvg").contains(" consistent, up-to-date"));
        assertArrayEquals(image(seattle), image(london));
        assertTrue(seattle.run("vradmin -g hrdg resync hr_rvg").err().contains("VR-2001"));
    }

    @Test
    void offDetachesTheSecondary() throws Exception {
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london srlprot=off");
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        london.stop();
        try (NbdClient c = client(seattle)) {
            fillThreeTimes(c);
        }
        TestRds.await(Duration.ofSeconds(30), "the RLINK to detach",
                () -> seattle.run0("vxprint -g hrdg rlk_london_hr_rvg").contains("STALE"));
    }

    @Test
    void dcmSwitchesToTheDcmWhileTheSecondaryIsAway() throws Exception {
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london srlprot=dcm");
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        london.stop();
        try (NbdClient c = client(seattle)) {
            fillThreeTimes(c);
        }
        assertTrue(seattle.ok("vradmin -g hrdg repstatus hr_rvg").contains("logging to DCM (needs dcm resynchronization)"));
        london.start();
        seattle.ok("vradmin -g hrdg -wait resync hr_rvg");
        TestRds.await(Duration.ofSeconds(60), "london to be up to date",
                () -> seattle.run0("vradmin -g hrdg repstatus hr_rvg").contains(" consistent, up-to-date"));
        assertArrayEquals(image(seattle), image(london));
    }

    @Test
    void overrideDetachesWhileTheSecondaryIsAway() throws Exception {
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london srlprot=override");
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        london.stop();
        try (NbdClient c = client(seattle)) {
            fillThreeTimes(c);
        }
        TestRds.await(Duration.ofSeconds(30), "the RLINK to detach",
                () -> seattle.run0("vxprint -g hrdg rlk_london_hr_rvg").contains("STALE"));
    }

    /** Connected but slow (10 Mbps): dcm, override and fail protect the log by stalling writes, never by giving up on the Secondary. */
    @Test
    void connectedProtectionStallsWritesAndKeepsReplicating() throws Exception {
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london srlprot=fail bandwidth_limit=10mbps");
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        TestRds.await(Duration.ofSeconds(30), "the RLINK to connect",
                () -> seattle.run0("vxprint -g hrdg -l rlk_london_hr_rvg").contains(" connected"));
        try (NbdClient c = client(seattle)) {
            fillThreeTimes(c);
        }
        String rlink = seattle.ok("vxprint -g hrdg -l rlk_london_hr_rvg");
        assertTrue(rlink.contains("ACTIVE") && !rlink.contains("dcm_logging"), rlink);
        seattle.ok("vradmin -g hrdg set hr_rvg london bandwidth_limit=none");
        TestRds.await(Duration.ofSeconds(60), "london to be up to date",
                () -> seattle.run0("vradmin -g hrdg repstatus hr_rvg").contains(" consistent, up-to-date"));
        assertArrayEquals(image(seattle), image(london));
    }

    /**
     * fail, Secondary away: once the log is full new writes fail (VR-5001) instead of overwriting what the
     * Secondary needs; a write already queued waits for room. When the Secondary is back and has drained
     * the log, writes succeed again and nothing acknowledged is missing there.
     */
    @Test
    void failFailsNewWritesWhileTheSecondaryIsAway() throws Exception {
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london srlprot=fail");
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        london.stop();
        Rvg rvg = seattle.daemon().engine().rvgs().find("hrdg", "hr_rvg").orElseThrow();
        java.util.List<java.util.concurrent.CompletableFuture<Void>> queued = new java.util.ArrayList<>();
        VolrepException refused = null;
        for (int i = 0; i < 3072 && refused == null; i++) {
            java.util.concurrent.CompletableFuture<Void> w = rvg.write(0, (i % (VOL / 4096)) * 4096L, Stamp.of(0, i % (VOL / 4096), i + 1));
            try {
                w.get(2, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                queued.add(w); // waiting in the writer for room
            } catch (java.util.concurrent.ExecutionException e) {
                refused = (VolrepException) e.getCause();
            }
        }
        assertTrue(refused != null, "no write was refused with the SRL full");
        assertTrue(refused.code() == io.volrep.engine.api.ErrorCode.REPLICATION_DISCONNECTED, refused.toString());
        assertTrue(seattle.run0("vxprint -g hrdg rlk_london_hr_rvg").contains("ACTIVE"), "the RLINK must stay attached");
        london.start();
        for (java.util.concurrent.CompletableFuture<Void> w : queued) {
            w.get(60, TimeUnit.SECONDS);
        }
        TestRds.await(Duration.ofSeconds(60), "london to be up to date",
                () -> seattle.run0("vradmin -g hrdg repstatus hr_rvg").contains(" consistent, up-to-date"));
        rvg.write(0, 0, Stamp.of(0, 0, 999_999)).get(30, TimeUnit.SECONDS);
        TestRds.await(Duration.ofSeconds(60), "london to be up to date",
                () -> seattle.run0("vradmin -g hrdg repstatus hr_rvg").contains(" consistent, up-to-date"));
        assertArrayEquals(image(seattle), image(london));
    }
}
