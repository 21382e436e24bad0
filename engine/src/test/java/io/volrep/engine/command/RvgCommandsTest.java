package io.volrep.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.vradmin.RvgCreation;
import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.RvgRecord;

/** createpri, delpri, printrvg, printvol, vxrvg start/stop through the admin socket. */
class RvgCommandsTest {
    @TempDir
    Path dir;
    TestHost host;

    @BeforeEach
    void start() throws Exception {
        host = new TestHost(dir, "seattle").start();
        host.ok("vxdg init hrdg");
        host.ok("vxassist -g hrdg make hr_dv01 16m");
        host.ok("vxassist -g hrdg make hr_dv02 16m");
        host.ok("vxassist -g hrdg make hr_srl 8m");
        host.ok("vxassist -g hrdg make small_srl 2m");
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
    }

    @Test
    void createpriMakesAStartedPrimaryWithDcms() throws Exception {
        host.ok("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl");
        String ht = host.ok("vxprint -g hrdg -ht");
        assertTrue(ht.matches("(?s).*rv hr_rvg\\s+0\\s+ENABLED\\s+ACTIVE\\s+true\\s+2\\s+hr_srl.*"), ht);
        assertTrue(ht.contains("dc hr_dv01_dcm") && ht.contains("dc hr_dv02_dcm"), ht);
        assertTrue(ht.matches("(?s).*v  hr_srl\\s+hr_rvg .*SRL.*"), ht);
        String l = host.ok("vxprint -g hrdg -l hr_rvg");
        assertTrue(l.contains("flags:    closed primary enabled"), l);
        assertTrue(l.contains("datavols=hr_dv01,hr_dv02"), l);
        String p = host.ok("vradmin -g hrdg -l printrvg hr_rvg");
        assertTrue(p.contains("Replicated Data Set: hr_rvg") && p.contains("Primary:") && p.contains("datavol_cnt: 2"), p);
        assertTrue(host.ok("vradmin -g hrdg printvol").contains("hr_dv02"));
        assertTrue(host.ok("vxprint -g hrdg -h hr_rvg").contains("hr_dv01_dcm"));
    }

    @Test
    void nodcmLeavesTheDataVolumesWithoutDcm() throws Exception {
        host.ok("vradmin -g hrdg -nodcm createpri hr_rvg hr_dv01 hr_srl");
        assertTrue(!host.ok("vxprint -g hrdg").contains("_dcm"));
    }

    @Test
    void stopStartAndRestartKeepTheState() throws Exception {
        host.ok("vradmin -g hrdg createpri hr_rvg hr_dv01 hr_srl");
        host.ok("vxrvg -g hrdg stop hr_rvg");
        assertTrue(host.ok("vxprint -g hrdg hr_rvg").matches("(?s).*rv hr_rvg\\s+-\\s+DISABLED\\s+-\\s+-\\s+CLEAN.*"));
        host.stop();
        host.start();
        assertTrue(host.ok("vxprint -g hrdg hr_rvg").contains("CLEAN"));
        host.ok("vxrvg -g hrdg start hr_rvg");
        host.stop();
        host.start();
        assertTrue(host.ok("vxprint -g hrdg hr_rvg").matches("(?s).*ENABLED\\s+-\\s+-\\s+ACTIVE.*"));
    }

    @Test
    void delpriReleasesTheVolumes() throws Exception {
        host.ok("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl");
        host.ok("vradmin -g hrdg delpri hr_rvg");
        String print = host.ok("vxprint -g hrdg");
        assertTrue(!print.contains("hr_rvg") && !print.contains("_dcm"), print);
        host.ok("vradmin -g hrdg createpri hr_rvg2 hr_dv02 hr_srl");
        host.ok("vxassist -g hrdg remove volume hr_dv01");
    }

    @Test
    void badInputGetsItsCodeAndChangesNothing() throws Exception {
        host.ok("vradmin -g hrdg createpri hr_rvg hr_dv01 hr_srl");
        String before = host.ok("vxprint -l");
        String[][] cases = {
                {"vradmin -g hrdg createpri r2 hr_dv02 hr_srl", "VR-1020"},
                {"vradmin -g hrdg createpri r2 hr_dv01 small_srl", "VR-1020"},
                {"vradmin -g hrdg createpri r2 nosuch small_srl", "VR-1002"},
                {"vradmin -g hrdg createpri r2 hr_dv02 small_srl", "VR-1021"},
                {"vradmin -g hrdg createpri r2 hr_dv02,small_srl small_srl", "VR-1022"},
                {"vradmin -g hrdg createpri r2 hr_dv02,hr_dv02 small_srl", "VR-1010"},
                {"vradmin -g hrdg createpri hr_rvg hr_dv02 small_srl", "VR-1010"},
                {"vradmin -g hrdg createpri hr_dv02 hr_dv02 small_srl", "VR-1010"},
                {"vradmin -g nodg createpri r2 a b", "VR-1001"},
                {"vradmin -g hrdg createpri r2 hr_dv02", "VR-1000"},
                {"vradmin -g hrdg -q createpri r2 hr_dv02 small_srl", "VR-1000"},
                {"vradmin -g hrdg createpri r2 ,hr_dv02 small_srl", "VR-1000"},
                {"vradmin -g hrdg delpri nosuch", "VR-1003"},
                {"vradmin -g hrdg printrvg nosuch", "VR-1003"},
                {"vxrvg -g hrdg start hr_rvg", "VR-2001"},
                {"vxrvg -g hrdg stop nosuch", "VR-1003"},
                {"vxassist -g hrdg remove volume hr_dv01", "VR-1020"},
                {"vxassist -g hrdg growto hr_srl 16m", "VR-1020"},
                {"vxdg destroy hrdg", "VR-1023"}};
        for (String[] c : cases) {
            Captured r = host.run(c[0]);
            assertTrue(r.status != 0, c[0] + "\n" + r);
            assertTrue(r.err().contains(c[1] + " ERROR"), c[0] + "\n" + r);
        }
        assertEquals(TestHost.steady(before), TestHost.steady(host.ok("vxprint -l")));
    }

    /**
     * createpri writes the SRL's zeros with the disk group lock released and its volumes claimed (here
     * held at that point through the same steps the command takes): the disk group's other commands go
     * on, none of them touches a claimed volume, and what changed meanwhile is checked again at the end.
     */
    @Test
    void aCreationsClaimedVolumesAreLeftAloneWhileTheDiskGroupGoesOn() throws Exception {
        String id = RvgCreation.newId();
        try (RvgCreation c = claimHrRvg()) {
            String before = host.ok("vxprint -l");
            String[][] busy = {
                    {"vxassist -g hrdg remove volume hr_srl", "the SRL of RVG hr_rvg"},
                    {"vxassist -g hrdg growto hr_dv01 32m", "a data volume of RVG hr_rvg"},
                    {"vradmin -g hrdg createpri r2 hr_dv02 hr_srl", "the SRL of RVG hr_rvg"},
                    {"vradmin -g hrdg createpri r2 hr_dv01 srl2", "a data volume of RVG hr_rvg"}};
            for (String[] b : busy) {
                Captured r = host.run(b[0]);
                assertTrue(r.status != 0 && r.err().contains("VR-2004 ERROR") && r.err().contains(b[1]), b[0] + "\n" + r);
            }
            assertEquals(TestHost.steady(before), TestHost.steady(host.ok("vxprint -l")));
            c.formatSrl(id, line -> { });
            host.ok("vradmin -g hrdg createpri other hr_dv02 srl2"); // the lock is free: a command that needs it runs
            create(c, id);
        }
        assertTrue(host.ok("vxprint -g hrdg -ht").matches("(?s).*rv hr_rvg\\s+0\\s+ENABLED\\s+ACTIVE.*"));
        Captured r = host.run("vxassist -g hrdg remove volume hr_srl");
        assertTrue(r.err().contains("VR-1020 ERROR"), "claim given back, the volume in the RVG now\n" + r);
    }

    /** The RVG's name, taken by another createpri while the SRL was being written, fails the creation; its volumes go back. */
    @Test
    void aNameTakenDuringTheZerosFailsTheCreationAndFreesItsVolumes() throws Exception {
        String id = RvgCreation.newId();
        try (RvgCreation c = claimHrRvg()) {
            c.formatSrl(id, line -> { });
            host.ok("vradmin -g hrdg createpri hr_rvg hr_dv02 srl2");
            VolrepException e = assertThrows(VolrepException.class, () -> create(c, id));
            assertEquals(ErrorCode.DUPLICATE_NAME, e.code());
        }
        host.ok("vxassist -g hrdg remove volume hr_dv01");
        host.ok("vxassist -g hrdg remove volume hr_srl");
    }

    /** What createpri does first: checks and claims hr_dv01 and hr_srl for RVG hr_rvg (and makes a spare SRL, srl2). */
    private RvgCreation claimHrRvg() throws Exception {
        host.ok("vxassist -g hrdg make srl2 8m");
        Engine engine = host.daemon().engine();
        return RvgCreation.claim(engine, engine.diskGroups().require("hrdg"), "hr_rvg", List.of("hr_dv01"), "hr_srl");
    }

    /** What createpri does after the zeros: the RVG, under the disk group lock. */
    private void create(RvgCreation c, String id) throws Exception {
        DiskGroup dg = host.daemon().engine().diskGroups().require("hrdg");
        dg.lock().lock();
        try {
            c.create(RvgRecord.PRIMARY, id, 0);
        } finally {
            dg.lock().unlock();
        }
    }
}
