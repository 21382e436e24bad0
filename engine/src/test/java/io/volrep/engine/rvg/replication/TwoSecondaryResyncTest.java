package io.volrep.engine.rvg.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.bench.consistency.Stamp;
import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/**
 * Both Secondaries overflow the SRL (srlprot=autodcm) and one resync replays the shared DCMs to both:
 * each must get every region, although the two copies run at once from the same DCMs and one ends
 * first.
 */
@Timeout(240)
class TwoSecondaryResyncTest {
    private static final int VOL = 16 << 20;

    @TempDir
    Path dir;
    TestRds rds;

    @AfterEach
    void stop() throws Exception {
        rds.close();
    }

    @Test
    void oneResyncBringsBothSecondariesBackWhole() throws Exception {
        rds = new TestRds(dir, "seattle", "london", "tokyo").start();
        TestHost seattle = rds.host("seattle");
        TestHost london = rds.host("london");
        TestHost tokyo = rds.host("tokyo");
        rds.everywhere("vxdg init hrdg");
        rds.everywhere("vxassist -g hrdg make hr_dv01 16m");
        rds.everywhere("vxassist -g hrdg make hr_srl 4m");
        seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01 hr_srl");
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle tokyo");
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg tokyo");
        london.stop();
        tokyo.stop();
        // 12 MB of 4 KiB writes over the 16 MB volume: three times the SRL, for both Secondaries.
        try (NbdClient c = client(seattle)) {
            for (int i = 0; i < 3072; i++) {
                c.write((i * 7L % (VOL / 4096)) * 4096L, Stamp.of(0, i * 7 % (VOL / 4096), i + 1), false)
                        .get(60, TimeUnit.SECONDS);
            }
        }
        String status = seattle.ok("vradmin -g hrdg repstatus hr_rvg");
        assertTrue(status.split("needs dcm resynchronization", -1).length == 3, status);
        london.start();
        tokyo.start();
        String out = seattle.ok("vradmin -g hrdg -wait resync hr_rvg");
        assertTrue(out.contains("london") && out.contains("tokyo") && out.contains("resync: done"), out);
        TestRds.await(Duration.ofSeconds(60), "london and tokyo to be up to date", () -> seattle
                .run0("vradmin -g hrdg repstatus hr_rvg").split(" consistent, up-to-date", -1).length == 3);
        byte[] primary = image(seattle);
        assertArrayEquals(primary, image(london), "london");
        assertArrayEquals(primary, image(tokyo), "tokyo");
        assertTrue(!seattle.ok("vxprint -g hrdg -l rlk_london_hr_rvg").contains("dcm_logging"));
    }

    private static NbdClient client(TestHost h) throws Exception {
        return NbdClient.connect("nbd+unix:///hrdg/hr_dv01?socket=" + h.config().nbdSocket());
    }

    private static byte[] image(TestHost h) throws Exception {
        try (NbdClient c = client(h)) {
            ByteBuffer b = ByteBuffer.allocate(VOL);
            c.read(0, b).get(60, TimeUnit.SECONDS);
            return b.array();
        }
    }
}
