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
import io.volrep.engine.nbd.NbdClient;
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
                () -> seattle.run0("vradmin -g hrdg repstatus hr_rvg").contains("consistent, up-to-date"));
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
}
