package io.volrep.engine.rvg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;
import io.volrep.engine.volume.DcmBitmap;
import io.volrep.engine.volume.DiskGroup;

/**
 * An RLINK's DCM marks around its copy's switch back to the SRL, step by step through the RVG's own
 * calls in the order DcmSync and the SRL overflow handler make them, so that each interleaving is
 * certain: a write after the switch is the SRL's to ship, not the copy's; an overflow after the switch
 * reopens the copy, which may then not end until it has copied what the overflow marked and switched
 * again. (The RLINK stays STALE, so its sender never runs a copy of its own.)
 */
@Timeout(60)
class DcmSwitchTest {
    private static final long REGION = 64 * 1024;

    @TempDir
    Path dir;
    private TestRds rds;
    private Rvg rvg;
    private Rlink link;

    @BeforeEach
    void start() throws Exception {
        rds = new TestRds(dir, "seattle", "london").start();
        rds.everywhere("vxdg init hrdg");
        rds.everywhere("vxassist -g hrdg make hr_dv01 16m");
        rds.everywhere("vxassist -g hrdg make hr_srl 8m");
        TestHost seattle = rds.host("seattle");
        seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01 hr_srl");
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
        rvg = seattle.daemon().engine().rvgs().require(dg(), "hr_rvg");
        link = rvg.rlinks().get(0);
    }

    @AfterEach
    void stop() throws Exception {
        rds.close();
    }

    @Test
    void anOverflowAfterTheSwitchReopensTheCopyUntilItSwitchesAgain() throws Exception {
        overflow();
        write(0);
        DcmCopy copy = rvg.dcmCopy(link);
        assertTrue(copy.marking());
        assertEquals(1, dirty(copy), "the write before the copy began is in it");
        drain(copy);

        rvg.switchToSrl(link);
        assertFalse(copy.marking());
        assertTrue(underLock(() -> rvg.dcmCopyMayEnd(link)), "nothing reopened the copy");
        write(16 * REGION);
        assertEquals(0, dirty(copy), "a write after the switch is shipped from the SRL, not copied");

        overflow(); // the RLINK held the log from the switch, and the log filled
        assertTrue(copy.marking());
        assertFalse(underLock(() -> rvg.dcmCopyMayEnd(link)), "the copy may not end: the overflow marks it again");
        write(32 * REGION);
        assertTrue(copy.map(0).orElseThrow().isDirty(32), "a write after the overflow is the copy's again");

        drain(copy); // what DcmSync does next: copy it, then switch once more
        rvg.switchToSrl(link);
        assertTrue(underLock(() -> rvg.dcmCopyMayEnd(link)));
        endCopy();
        write(48 * REGION);
        DcmBitmap dcm = rvg.dcm(0).orElseThrow();
        assertEquals(0, dcm.dirtyRegions(), "with no RLINK in DCM mode the DCMs are clear and take no marks");
    }

    /** What SrlOverflow does for an RLINK whose log is full (its DCM marks of the unshipped records aside). */
    private void overflow() throws Exception {
        underLock(() -> {
            rvg.dcmEntering(link);
            return true;
        });
        underLock(() -> {
            link.setFlag(Rlink.DCM_LOGGING, true);
            rvg.dcmEntered(link);
            return true;
        });
    }

    /** What RlinkSender does when its copy may end. */
    private void endCopy() throws Exception {
        underLock(() -> {
            link.setFlag(Rlink.DCM_LOGGING, false);
            rvg.dcmCopyEnds(link);
            return true;
        });
    }

    private void write(long offset) throws Exception {
        rvg.write(0, offset, ByteBuffer.allocate(4096)).get(10, TimeUnit.SECONDS);
    }

    /** Clears the copy's bits, as DcmSync's passes do before they read the regions. */
    private static void drain(DcmCopy copy) {
        DcmBitmap m = copy.map(0).orElseThrow();
        for (long r = m.nextDirty(0); r >= 0; r = m.nextDirty(r)) {
            m.clear(r);
        }
    }

    private static long dirty(DcmCopy copy) {
        return copy.map(0).orElseThrow().dirtyRegions();
    }

    private DiskGroup dg() throws Exception {
        return rds.host("seattle").daemon().engine().diskGroups().require("hrdg");
    }

    private interface Step {
        boolean run() throws Exception;
    }

    private boolean underLock(Step s) throws Exception {
        DiskGroup dg = dg();
        dg.lock().lock();
        try {
            return s.run();
        } finally {
            dg.lock().unlock();
        }
    }
}
