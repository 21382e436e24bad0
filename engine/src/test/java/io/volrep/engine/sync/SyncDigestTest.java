package io.volrep.engine.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigFactory;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.conf.HostConfig;
import io.volrep.engine.conf.SyncDigest;
import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/** vxrep.sync.digest: how it is read, and what hosts that disagree on it do. */
@Timeout(180)
class SyncDigestTest {
    @TempDir
    Path dir;

    private static HostConfig config(String sync) throws VolrepException {
        return HostConfig.from(ConfigFactory.parseString("vxrep { host = seattle\n" + sync + " }"), "test.conf");
    }

    @Test
    void xxh3IsTheDefaultAndSha256CanBeChosen() throws Exception {
        assertEquals(SyncDigest.XXH3_128, config("").syncDigest());
        assertEquals(SyncDigest.SHA_256, config("sync.digest = sha-256").syncDigest());
        assertEquals(SyncDigest.XXH3_128, config("sync { digest = \"xxh3-128\" }").syncDigest());
    }

    @Test
    void anUnknownDigestNamesTheKeyAndTheAllowedValues() {
        for (String bad : new String[] {"md5", "SHA-256", "\"\""}) {
            VolrepException e = assertThrows(VolrepException.class, () -> config("sync.digest = " + bad));
            assertEquals(ErrorCode.BAD_CONFIG, e.code());
            assertTrue(e.getMessage().contains("vxrep.sync.digest") && e.getMessage().contains("test.conf")
                    && e.getMessage().contains("xxh3-128, sha-256"), e.getMessage());
        }
    }

    @Test
    void hostsWithDifferentDigestsRefuseToCompareAndSayHow() throws Exception {
        String sha = "sync.digest = sha-256";
        try (TestRds rds = new TestRds(dir, List.of("seattle", "london", "tokyo"), Map.of("london", sha, "tokyo", sha)).start()) {
            TestHost seattle = rds.host("seattle");
            TestHost london = rds.host("london");
            TestHost tokyo = rds.host("tokyo");
            rds.everywhere("vxdg init hrdg");
            rds.everywhere("vxassist -g hrdg make scratch " + SyncFixture.VOL / 1024 + "k");
            byte[] data = random(1);
            SyncFixture.restore(seattle, "scratch", data);
            SyncFixture.restore(london, "scratch", random(2));
            byte[] londonBefore = SyncFixture.image(london, "scratch");

            for (String mode : new String[] {"", "-verify "}) {
                Captured r = seattle.run("vradmin -g hrdg -s " + mode + "syncvol scratch london");
                assertEquals(1, r.status, r.toString());
                assertTrue(r.err().contains("VR-4007") && r.err().contains("london has vxrep.sync.digest = sha-256")
                        && r.err().contains("seattle has xxh3-128")
                        && r.err().contains("set the same vxrep.sync.digest"), r.toString());
            }
            assertArrayEquals(londonBefore, SyncFixture.image(london, "scratch"), "a refused sync writes nothing");

            // A full copy compares no digests, so it runs between them.
            seattle.ok("vradmin -g hrdg -s -full syncvol scratch london");
            assertArrayEquals(data, SyncFixture.image(london, "scratch"));

            // Two sha-256 hosts compare with it and send only what differs.
            SyncFixture.restore(tokyo, "scratch", data);
            byte[] changed = data.clone();
            changed[5 * 65536 + 17] ^= 1;
            SyncFixture.restore(london, "scratch", changed);
            String out = london.ok("vradmin -g hrdg -s syncvol scratch tokyo");
            assertTrue(out.contains(" 1 block(s) differed"), out);
            assertArrayEquals(changed, SyncFixture.image(tokyo, "scratch"));
            assertTrue(london.ok("vradmin -g hrdg -verify syncvol scratch tokyo").contains("the volumes are identical"));
        }
    }

    private static byte[] random(long seed) {
        byte[] b = new byte[SyncFixture.VOL];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
