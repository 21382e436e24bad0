package io.volrep.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.client.EngineClient;
import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/**
 * RDS-wide vradmin commands typed on a Secondary run on the Primary: output, questions and exit status
 * come back; the Secondary's disk group may have another name than the Primary's.
 */
@Timeout(240)
class RdsForwardTest {
    @TempDir
    Path dir;
    TestRds rds;
    TestHost seattle;
    TestHost london;
    TestHost tokyo;

    @BeforeEach
    void start() throws Exception {
        rds = new TestRds(dir, "seattle", "london", "tokyo").start();
        seattle = rds.host("seattle");
        london = rds.host("london");
        tokyo = rds.host("tokyo");
        seattle.ok("vxdg init hrdg");
        london.ok("vxdg init hrdg");
        tokyo.ok("vxdg init tokdg");
        for (String[] h : new String[][] {{"seattle", "hrdg"}, {"london", "hrdg"}, {"tokyo", "tokdg"}}) {
            rds.host(h[0]).ok("vxassist -g " + h[1] + " make hr_dv01 16m");
            rds.host(h[0]).ok("vxassist -g " + h[1] + " make hr_srl 8m");
        }
        seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01 hr_srl");
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
        seattle.ok("vradmin -g hrdg -sdg tokdg addsec hr_rvg seattle tokyo");
    }

    @AfterEach
    void stop() throws Exception {
        rds.close();
    }

    private Captured run(TestHost h, String line, boolean answer) throws Exception {
        Captured c = new Captured(answer);
        c.status = new EngineClient(h.config().adminSocket(), "/").run(Arrays.asList(line.split(" ")), c);
        return c;
    }

    private String state(TestHost h, String dg, String rlink) {
        return h.run0("vxprint -g " + dg + " " + rlink);
    }

    @Test
    void replicationIsDrivenFromTheSecondaries() throws Exception {
        String started = london.ok("vradmin -g hrdg -f startrep hr_rvg london");
        assertTrue(started.contains("Replication started to london"), started);
        // tokyo's disk group is tokdg: the command line is rewritten with the Primary's names.
        tokyo.ok("vradmin -g tokdg -f startrep hr_rvg tokyo");
        TestRds.await(Duration.ofSeconds(30), "both Secondaries to connect",
                () -> seattle.run0("vxprint -g hrdg -l rlk_london_hr_rvg").contains(" connected")
                        && seattle.run0("vxprint -g hrdg -l rlk_tokyo_hr_rvg").contains(" connected"));

        String status = tokyo.ok("vradmin -g tokdg -l repstatus hr_rvg");
        assertTrue(status.contains("Primary:\n  Host name:                  seattle"), status);
        assertTrue(status.contains("Host name:                  london") && status.contains("DG name:                    tokdg"), status);

        tokyo.ok("vradmin -g tokdg pauserep hr_rvg london");
        assertTrue(state(seattle, "hrdg", "rlk_london_hr_rvg").contains("PAUSE"));
        assertTrue(state(london, "hrdg", "rlk_seattle_hr_rvg").contains("PAUSE"));
        Captured again = london.run("vradmin -g hrdg pauserep hr_rvg london");
        assertEquals(1, again.status, again.toString());
        assertTrue(again.err().contains("VR-2001") && again.err().contains("already paused"), again.toString());
        london.ok("vradmin -g hrdg resumerep hr_rvg london");
        tokyo.ok("vradmin -g tokdg set hr_rvg tokyo bandwidth_limit=10mbps");
        assertTrue(seattle.ok("vxprint -g hrdg -l rlk_tokyo_hr_rvg").contains("bandwidth_limit=10.00Mbps"));

        // The question of stoprep is asked here and answered here.
        Captured no = run(tokyo, "vradmin -g tokdg stoprep hr_rvg tokyo", false);
        assertEquals(1, no.status, no.toString());
        assertTrue(no.out().contains("Continue?") && no.err().contains("VR-2005"), no.toString());
        assertTrue(state(seattle, "hrdg", "rlk_tokyo_hr_rvg").contains("ACTIVE"));
        Captured yes = run(tokyo, "vradmin -g tokdg stoprep hr_rvg tokyo", true);
        assertEquals(0, yes.status, yes.toString());
        assertTrue(yes.out().contains("Replication stopped to tokyo"), yes.toString());
        assertTrue(state(seattle, "hrdg", "rlk_tokyo_hr_rvg").contains("STALE"));
        assertTrue(state(tokyo, "tokdg", "rlk_seattle_hr_rvg").contains("STALE"));

        // Bad usage is reported as the Primary found it, with its exit status; nothing changes.
        String before = seattle.ok("vxprint -g hrdg -ht");
        Captured usage = london.run("vradmin -g hrdg startrep hr_rvg tokyo");
        assertEquals(2, usage.status, usage.toString());
        assertTrue(usage.err().contains("VR-1000"), usage.toString());
        Captured nohost = london.run("vradmin -g hrdg -f startrep hr_rvg paris");
        assertTrue(nohost.status == 1 && nohost.err().contains("VR-1004"), nohost.toString());
        assertEquals(before, seattle.ok("vxprint -g hrdg -ht"));

        // Local checks stay local: an RVG this host does not have is this host's error.
        Captured norvg = london.run("vradmin -g hrdg pauserep no_rvg");
        assertTrue(norvg.status == 1 && norvg.err().contains("VR-1003"), norvg.toString());

        // The Primary down: the Secondary says so with a code.
        seattle.stop();
        Captured down = london.run("vradmin -g hrdg repstatus hr_rvg");
        assertEquals(1, down.status, down.toString());
        assertTrue(down.err().contains("VR-4010") && down.err().contains("seattle"), down.toString());
    }
}
