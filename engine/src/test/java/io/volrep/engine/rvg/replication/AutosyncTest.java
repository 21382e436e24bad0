package io.volrep.engine.rvg.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.bench.consistency.ConsistencyCheck;
import io.volrep.engine.bench.consistency.StampWorkload;
import io.volrep.engine.bench.consistency.WriteLog;
import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.Captured;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/** startrep -a: the Secondary is copied from the DCMs while the application keeps writing. */
@Timeout(300)
class AutosyncTest {
    private static final int VOL = 16 << 20;

    @TempDir
    Path dir;
    TestRds rds;

    @AfterEach
    void stop() throws Exception {
        rds.close();
    }

    @Test
    void autosyncUnderAWorkloadEndsConsistentAndIdentical() throws Exception {
        rds = new TestRds(dir, "seattle", "london").start();
        TestHost seattle = rds.host("seattle");
        TestHost london = rds.host("london");
        rds.everywhere("vxdg init hrdg");
        rds.everywhere("vxassist -g hrdg make hr_dv01 16m");
        rds.everywhere("vxassist -g hrdg make hr_dv02 16m");
        rds.everywhere("vxassist -g hrdg make hr_srl 8m");
        seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl");
        List<WriteLog.Write> writes = new ArrayList<>();
        Set<Long> acked = new HashSet<>();
        // Data written before the Secondary exists: only the copy can bring it over.
        runWorkload(seattle, dir.resolve("before.log"), 0, 3000, writes, acked);
        seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
        Captured noSecondaryDcm = seattle.run("vradmin -g hrdg -a -f startrep hr_rvg london");
        assertTrue(noSecondaryDcm.err().contains("VR-1000"), noSecondaryDcm.toString());
        // The copy starts while a second workload writes.
        Path during = dir.resolve("during.log");
        List<NbdClient> clients = clients(seattle);
        try (WriteLog log = WriteLog.create(during)) {
            StampWorkload w = new StampWorkload(clients, VOL / 4096, log, 1_000_000);
            Thread t = new Thread(() -> {
                try {
                    w.run(8, 6000, 7);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            TestRds.await(Duration.ofSeconds(30), "the second workload to start", () -> w.acknowledged() > 200);
            seattle.ok("vradmin -g hrdg -a startrep hr_rvg london");
            String status = seattle.ok("vradmin -g hrdg repstatus hr_rvg");
            assertTrue(status.contains("inconsistent"), status);
            t.join(120_000);
        } finally {
            clients.forEach(NbdClient::abort);
        }
        WriteLog.Contents c = WriteLog.read(during);
        writes.addAll(c.writes());
        acked.addAll(c.acked());
        TestRds.await(Duration.ofSeconds(120), "london to be consistent and up to date",
                () -> seattle.run0("vradmin -g hrdg repstatus hr_rvg").contains(" consistent, up-to-date"));
        assertTrue(london.ok("vxprint -g hrdg -l rlk_seattle_hr_rvg").contains(" consistent"));
        ConsistencyCheck.Result r = ConsistencyCheck.primary(clients(london), new WriteLog.Contents(writes, acked));
        assertTrue(r.ok(), r.summary());
        for (String v : new String[] {"hr_dv01", "hr_dv02"}) {
            assertArrayEquals(image(seattle, v), image(london, v), v);
        }
    }

    private static void runWorkload(TestHost h, Path file, long firstSeq, long count, List<WriteLog.Write> writes,
                                    Set<Long> acked) throws Exception {
        List<NbdClient> clients = clients(h);
        try (WriteLog log = WriteLog.create(file)) {
            new StampWorkload(clients, VOL / 4096, log, firstSeq).run(16, count, 3);
        } finally {
            clients.forEach(NbdClient::abort);
        }
        WriteLog.Contents c = WriteLog.read(file);
        writes.addAll(c.writes());
        acked.addAll(c.acked());
    }

    private static List<NbdClient> clients(TestHost h) throws Exception {
        String s = "?socket=" + h.config().nbdSocket();
        return List.of(NbdClient.connect("nbd+unix:///hrdg/hr_dv01" + s), NbdClient.connect("nbd+unix:///hrdg/hr_dv02" + s));
    }

    private static byte[] image(TestHost h, String vol) throws Exception {
        try (NbdClient c = NbdClient.connect("nbd+unix:///hrdg/" + vol + "?socket=" + h.config().nbdSocket())) {
            ByteBuffer b = ByteBuffer.allocate(VOL);
            c.read(0, b).get(60, TimeUnit.SECONDS);
            return b.array();
        }
    }
}
