package io.volrep.engine.rvg.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.bench.consistency.Stamp;
import io.volrep.engine.bench.consistency.StampWorkload;
import io.volrep.engine.bench.consistency.WriteLog;
import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/** Two daemons in one JVM: addsec, startrep -f, shipping under a workload, pause, stop, errors. */
@Timeout(180)
class ReplicationTest {
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
        rds.everywhere("vxassist -g hrdg make hr_dv02 16m");
        rds.everywhere("vxassist -g hrdg make hr_srl 8m");
        seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl");
    }

    @AfterEach
    void stop() throws Exception {
        rds.close();
    }

    private String uri(TestHost h, String vol) {
        return "nbd+unix:///hrdg/" + vol + "?socket=" + h.config().nbdSocket();
    }

    private byte[] image(TestHost h, String vol) throws Exception {
        try (NbdClient c = NbdClient.connect(uri(h, vol))) {
            ByteBuffer b = ByteBuffer.allocate(VOL);
            c.read(0, b).get(60, TimeUnit.SECONDS);
            return b.array();
        }
    }

    private boolean upToDate() {
        try {
            return seattle.ok("vradmin -g hrdg repstatus hr_rvg").contains(" consistent, up-to-date");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void addsecStartrepAndAWorkloadEndIdentical() throws Exception {
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london synchronous=off");
        String pr = seattle.ok("vradmin -g hrdg printrvg hr_rvg");
        assertTrue(pr.contains("Secondary:\n\tHostName: london"), pr);
        String secPrint = london.ok("vxprint -g hrdg -ht");
        assertTrue(secPrint.matches("(?s).*rl rlk_seattle_hr_rvg\\s+hr_rvg\\s+DETACHED\\s+STALE\\s+seattle.*"), secPrint);
        assertTrue(seattle.ok("vradmin -g hrdg repstatus hr_rvg").contains("Replication status:         stopped"));
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        TestRds.await(Duration.ofSeconds(30), "the RLINK to connect",
                () -> seattle.run0("vxprint -g hrdg -l rlk_london_hr_rvg").contains(" connected"));
        try (NbdClient a = NbdClient.connect(uri(seattle, "hr_dv01")); NbdClient b = NbdClient.connect(uri(seattle, "hr_dv02"));
             WriteLog log = WriteLog.create(dir.resolve("w.log"))) {
            StampWorkload w = new StampWorkload(List.of(a, b), VOL / Stamp.SIZE, log, 0);
            w.run(16, 4000, 1);
            assertEquals(4000, w.acknowledged());
        }
        TestRds.await(Duration.ofSeconds(60), "london to be up to date", this::upToDate);
        String status = seattle.ok("vradmin -g hrdg -l repstatus hr_rvg");
        assertTrue(status.contains("Replication status:         replicating (connected)"), status);
        assertTrue(status.contains("Rlink to Primary:           rlk_seattle_hr_rvg"), status);
        for (String v : new String[] {"hr_dv01", "hr_dv02"}) {
            assertArrayEquals(image(seattle, v), image(london, v), v + " differs between seattle and london");
        }
        // The Secondary's volumes are not writable by applications.
        try (NbdClient c = NbdClient.connect(uri(london, "hr_dv01"))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> c.write(0, ByteBuffer.allocate(4096), false).get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("EPERM"), e.getCause().getMessage());
        }
    }

    @Test
    void vxbenchWorkloadThenVerifyOnTheSecondary() throws Exception {
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        String log = dir.resolve("bench.log").toString();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(out, true);
        assertEquals(0, io.volrep.engine.bench.VxBench.run(new String[] {"workload", "--uri", uri(seattle, "hr_dv01"),
                "--uri", uri(seattle, "hr_dv02"), "--log", log, "--count", "2000", "--blocks", "512"}, ps, ps), out.toString());
        TestRds.await(Duration.ofSeconds(60), "london to be up to date", this::upToDate);
        out.reset();
        assertEquals(0, io.volrep.engine.bench.VxBench.run(new String[] {"verify", "--uri", uri(london, "hr_dv01"),
                "--uri", uri(london, "hr_dv02"), "--log", log, "--primary"}, ps, ps), out.toString());
        assertTrue(out.toString().contains("verify: consistent: prefix k=2000 of 2000 issued writes (lag 0)"), out.toString());
        out.reset();
        // The volumes swapped are not the workload's layout: verify says so and exits 1.
        assertEquals(1, io.volrep.engine.bench.VxBench.run(new String[] {"verify", "--uri", uri(london, "hr_dv02"),
                "--uri", uri(london, "hr_dv01"), "--log", log}, ps, ps), out.toString());
        assertTrue(out.toString().contains("NOT consistent"), out.toString());
        assertEquals(2, io.volrep.engine.bench.VxBench.run(new String[] {"workload", "--log", log}, ps, ps));
    }

    @Test
    void pauseHoldsUpdatesAndResumeShipsThem() throws Exception {
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        seattle.ok("vradmin -g hrdg pauserep hr_rvg london");
        assertTrue(seattle.ok("vxprint -g hrdg rlk_london_hr_rvg").contains("PAUSE"));
        assertTrue(london.ok("vxprint -g hrdg -l rlk_seattle_hr_rvg").contains("primary_paused"));
        try (NbdClient a = NbdClient.connect(uri(seattle, "hr_dv01"))) {
            a.write(8192, Stamp.of(0, 2, 7), false).get(30, TimeUnit.SECONDS);
        }
        String paused = seattle.ok("vradmin -g hrdg repstatus hr_rvg");
        assertTrue(paused.contains("paused by user") && paused.contains("consistent, behind"), paused);
        seattle.ok("vradmin -g hrdg resumerep hr_rvg london");
        TestRds.await(Duration.ofSeconds(30), "london to catch up", this::upToDate);
        assertArrayEquals(image(seattle, "hr_dv01"), image(london, "hr_dv01"));
        Captured c = seattle.run("vradmin -g hrdg resumerep hr_rvg london");
        assertTrue(c.err().contains("VR-2001"), c.toString());
    }

    @Test
    void stoprepAsksAndDetaches() throws Exception {
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
        seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
        Captured no = seattle.run("vradmin -g hrdg stoprep hr_rvg london");
        assertEquals(1, no.status, no.toString());
        assertTrue(no.err().contains("VR-2005") && seattle.ok("vxprint -g hrdg rlk_london_hr_rvg").contains("ACTIVE"));
        seattle.ok("vradmin -g hrdg -s stoprep hr_rvg london");
        assertTrue(seattle.ok("vxprint -g hrdg rlk_london_hr_rvg").contains("STALE"));
        assertTrue(london.ok("vxprint -g hrdg rlk_seattle_hr_rvg").contains("STALE"));
        seattle.ok("vradmin -g hrdg delsec hr_rvg london");
        assertTrue(!london.ok("vxprint -g hrdg").contains("hr_rvg"));
        seattle.ok("vradmin -g hrdg delpri hr_rvg");
    }

    @Test
    void addsecReportsEveryMismatchAndChangesNothing() throws Exception {
        london.ok("vxassist -g hrdg remove volume hr_dv02");
        london.ok("vxassist -g hrdg make hr_dv02 12m");
        london.ok("vxassist -g hrdg remove volume hr_srl");
        String before = seattle.ok("vxprint -l") + london.ok("vxprint -l");
        Captured c = seattle.run("vradmin -g hrdg addsec hr_rvg seattle london");
        assertEquals(1, c.status, c.toString());
        assertTrue(c.err().contains("volume hr_dv02 on london is 12M, on seattle 16M: grow it with vxassist -g hrdg growto hr_dv02 16m on london"), c.err());
        assertTrue(c.err().contains("SRL hr_srl does not exist on london"), c.err());
        for (String[] bad : new String[][] {
                {"vradmin -g hrdg addsec hr_rvg london seattle", "VR-2001"},
                {"vradmin -g hrdg addsec hr_rvg seattle tokyo", "VR-1005"},
                {"vradmin -g hrdg addsec hr_rvg seattle seattle", "VR-1000"},
                {"vradmin -g hrdg addsec hr_rvg seattle london synchronous=maybe", "VR-1013"},
                {"vradmin -g hrdg -sdg nodg addsec hr_rvg seattle london", "VR-1001"},
                {"vradmin -g hrdg -f startrep hr_rvg london", "VR-1004"},
                {"vradmin -g hrdg startrep hr_rvg", "VR-1000"}}) {
            Captured r = seattle.run(bad[0]);
            assertTrue(r.status != 0 && r.err().contains(bad[1]), bad[0] + "\n" + r);
        }
        assertEquals(TestHost.steady(before), TestHost.steady(seattle.ok("vxprint -l") + london.ok("vxprint -l")));
    }
}
