package io.volrep.engine.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/** vradmin syncvol: volumes in no RVG, target mappings, verify, and what a target refuses. */
@Timeout(180)
class SyncVolTest {
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
        SyncFixture.rds(seattle, "16m", london);
        rds.everywhere("vxassist -g hrdg make scratch1 8m");
        rds.everywhere("vxassist -g hrdg make scratch2 8m");
        london.ok("vxassist -g hrdg make other 8m");
        london.ok("vxassist -g hrdg make small 4m");
        fill(seattle, "scratch1", 1);
        fill(seattle, "scratch2", 2);
    }

    @AfterEach
    void stop() throws Exception {
        rds.close();
    }

    /** Random data in every other 64 KiB block (the rest stays zero). */
    private static void fill(TestHost h, String vol, long seed) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        try (NbdClient c = SyncFixture.client(h, vol)) {
            for (int b = 0; b < SyncFixture.VOL / 65536; b += 2) {
                byte[] data = new byte[65536];
                rnd.nextBytes(data);
                c.write(b * 65536L, ByteBuffer.wrap(data), false).get(30, TimeUnit.SECONDS);
            }
            c.flush().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void copiesVolumesByNameOrMappingAndVerifies() throws Exception {
        Captured unconfirmed = seattle.run("vradmin -g hrdg syncvol scratch1 london");
        assertTrue(unconfirmed.err().contains("VR-2005"), unconfirmed.toString());

        String out = seattle.ok("vradmin -g hrdg -s syncvol scratch1,scratch2 london bandwidth_limit=none");
        assertTrue(out.contains("syncvol scratch1,scratch2 to london: done"), out);
        for (String v : new String[] {"scratch1", "scratch2"}) {
            assertArrayEquals(SyncFixture.image(seattle, v), SyncFixture.image(london, v), v);
        }
        Captured differ = seattle.run("vradmin -g hrdg -verify syncvol scratch1 london:hrdg:other");
        assertEquals(1, differ.status, differ.toString());
        assertTrue(differ.out().contains("64 block(s) of 65536 bytes differ in 64 range(s)"), differ.out());
        String full = seattle.ok("vradmin -g hrdg -s -full syncvol scratch1 london:hrdg:other");
        assertTrue(full.contains("(zero blocks as zero runs)"), full);
        assertTrue(full.matches("(?s).* 4\\.2\\d MB sent.*"), "half the blocks are zero and cost nothing: " + full);
        assertArrayEquals(SyncFixture.image(seattle, "scratch1"), SyncFixture.image(london, "other"));
        assertTrue(seattle.ok("vradmin -g hrdg -verify syncvol scratch1,scratch2 london").contains("identical"));
    }

    @Test
    void aTargetRefusesWhatItMustNotWrite() throws Exception {
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        byte[] before = SyncFixture.image(london, "other");
        for (String[] c : new String[][] {
                {"vradmin -g hrdg -s syncvol scratch1 london:hrdg:small", "VR-1204"},
                {"vradmin -g hrdg -s syncvol scratch1 london:hrdg:hr_dv01", "VR-2020"},
                {"vradmin -g hrdg -s syncvol scratch1 london:hrdg:hr_srl", "VR-1020"},
                {"vradmin -g hrdg -s syncvol scratch1 london:nodg", "VR-1001"},
                {"vradmin -g hrdg -s syncvol scratch1 london:hrdg:a,b", "VR-1000"},
                {"vradmin -g hrdg -s syncvol scratch1 seattle", "VR-1000"},
                {"vradmin -g hrdg -s syncvol hr_srl london", "VR-1020"},
                {"vradmin -g hrdg -s syncvol scratch1 london speed=3", "VR-1013"},
                {"vradmin -g hrdg -s -full -verify syncvol scratch1 london", "VR-1000"}}) {
            Captured r = seattle.run(c[0]);
            assertTrue(r.status != 0 && r.err().contains(c[1]), c[0] + ": " + r);
        }
        assertArrayEquals(before, SyncFixture.image(london, "other"));
        assertFalse(london.ok("vxprint -g hrdg rlk_seattle_hr_rvg").contains("STALE"), "replication untouched");
    }
}
