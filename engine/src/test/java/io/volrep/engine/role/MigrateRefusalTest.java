package io.volrep.engine.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestRds;

/**
 * migrate refuses, with a coded reason and nothing changed, while an application holds a data volume
 * open, while a Secondary is behind, while a link is down, and when not confirmed; afterwards the
 * Primary still takes writes and a migration goes through.
 */
@Timeout(300)
class MigrateRefusalTest {
    @TempDir
    Path dir;
    RoleFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new RoleFixture(dir, "seattle", "london", "tokyo");
        f.workload(f.host("seattle"), 300);
        f.awaitUpToDate("seattle");
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    private void refused(String why, String code) throws Exception {
        String before = f.host("seattle").ok("vradmin -g hrdg -l printrvg hr_rvg");
        Captured c = f.host("seattle").run("vradmin -g hrdg -s migrate hr_rvg london");
        assertEquals(1, c.status, why + ": " + c);
        assertTrue(c.err().contains(code), why + ": " + c);
        assertEquals("seattle", f.onlyPrimary(), why);
        for (String h : f.names) {
            assertTrue(f.rvg(h).record().transfer().isEmpty(), why + ": " + h + " has " + f.rvg(h).record().transfer());
        }
        assertEquals(before, f.host("seattle").ok("vradmin -g hrdg -l printrvg hr_rvg"), why);
    }

    @Test
    void refusedWhileAnNbdClientHasAVolumeOpen() throws Exception {
        try (NbdClient open = NbdClient.connect(RoleFixture.uri(f.host("seattle"), "hr_dv02"))) {
            refused("volume open", "VR-2004");
            assertTrue(f.host("seattle").run("vradmin -g hrdg -s migrate hr_rvg london").err().contains("hr_dv02"));
        }
        f.workload(f.host("seattle"), 100);
        f.awaitUpToDate("seattle");
        f.host("seattle").ok("vradmin -g hrdg -s migrate hr_rvg london");
        f.awaitNoTransfer();
        assertEquals("london", f.onlyPrimary());
        f.checkAllAcked(f.host("london"), "after the migration");
    }

    @Test
    void refusedWhileASecondaryIsBehind() throws Exception {
        f.host("seattle").ok("vradmin -g hrdg set hr_rvg tokyo bandwidth_limit=1mbps");
        f.workload(f.host("seattle"), 300);
        refused("tokyo behind", "VR-2101");
        assertTrue(f.host("seattle").run("vradmin -g hrdg -s migrate hr_rvg london").err().contains("tokyo is behind"));
        f.host("seattle").ok("vradmin -g hrdg set hr_rvg tokyo bandwidth_limit=none");
        f.workload(f.host("seattle"), 100);
        f.awaitUpToDate("seattle");
        f.host("seattle").ok("vradmin -g hrdg -s migrate hr_rvg london");
        f.awaitNoTransfer();
        assertEquals("london", f.onlyPrimary());
        f.workload(f.host("london"), 200);
        f.awaitUpToDate("london");
        f.checkAllAcked(f.host("tokyo"), "tokyo following london");
    }

    @Test
    void refusedWhileALinkIsDown() throws Exception {
        f.host("tokyo").stop();
        TestRds.await(Duration.ofSeconds(30), "the RLINK to tokyo to disconnect", () -> !f.rlink("seattle", "tokyo").connected());
        String before = f.host("seattle").ok("vradmin -g hrdg -l printrvg hr_rvg");
        Captured c = f.host("seattle").run("vradmin -g hrdg -s migrate hr_rvg london");
        assertEquals(1, c.status, c.toString());
        assertTrue(c.err().contains("VR-5001") && c.err().contains("tokyo"), c.toString());
        assertEquals("seattle", f.onlyPrimary("tokyo"));
        assertEquals(before, f.host("seattle").ok("vradmin -g hrdg -l printrvg hr_rvg"));
        f.workload(f.host("seattle"), 100);
        f.host("tokyo").start();
        f.awaitUpToDate("seattle");
        f.checkAllAcked(f.host("tokyo"), "tokyo after its restart");
    }

    @Test
    void notConfirmedChangesNothingAndPausedOrDetachedLinks() throws Exception {
        Captured no = new Captured(false);
        no.status = new io.volrep.engine.client.EngineClient(f.host("seattle").config().adminSocket(), ".")
                .run(java.util.List.of("vradmin", "-g", "hrdg", "migrate", "hr_rvg", "london"), no);
        assertEquals(1, no.status, no.toString());
        assertTrue(no.err().contains("VR-2005"), no.toString());
        assertEquals(1, no.questions());
        assertEquals("seattle", f.onlyPrimary());
        f.host("seattle").ok("vradmin -g hrdg pauserep hr_rvg tokyo");
        refused("tokyo paused", "VR-2001");
        f.host("seattle").ok("vradmin -g hrdg resumerep hr_rvg tokyo");
        Captured self = f.host("seattle").run("vradmin -g hrdg -s migrate hr_rvg seattle");
        assertEquals(2, self.status, self.toString());
        Captured stranger = f.host("seattle").run("vradmin -g hrdg -s migrate hr_rvg paris");
        assertTrue(stranger.err().contains("VR-1004"), stranger.toString());
    }
}
