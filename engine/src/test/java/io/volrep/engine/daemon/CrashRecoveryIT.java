package io.volrep.engine.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.bench.consistency.ConsistencyCheck;
import io.volrep.engine.bench.consistency.StampWorkload;
import io.volrep.engine.bench.consistency.WriteLog;
import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.DaemonProcess;
import io.volrep.engine.testing.TestRds;

/**
 * kill -9 of vxrepd while NBD clients write to a Primary RVG, repeated: after each restart every
 * acknowledged write is on the data volumes, and nothing torn or out of order is.
 */
class CrashRecoveryIT {
    private static final long BLOCKS = (16L << 20) / 4096;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        List<WriteLog.Write> writes = new ArrayList<>();
        Set<Long> acked = new HashSet<>();
        try (DaemonProcess d = new DaemonProcess(dir, "seattle", "").start()) {
            d.ok("vxdg init hrdg");
            d.ok("vxassist -g hrdg make hr_dv01 16m");
            d.ok("vxassist -g hrdg make hr_dv02 16m");
            d.ok("vxassist -g hrdg make hr_srl 4m");
            d.ok("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl");
            for (int round = 1; round <= 3; round++) {
                Path logFile = dir.resolve("round" + round + ".log");
                List<NbdClient> clients = clients(d);
                StampWorkload w;
                try (WriteLog log = WriteLog.create(logFile)) {
                    w = new StampWorkload(clients, BLOCKS, log, round * 1_000_000_000L);
                    int seed = round;
                    Thread t = new Thread(() -> {
                        try {
                            w.run(16, Long.MAX_VALUE, seed);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    t.start();
                    TestRds.await(Duration.ofSeconds(60), "3000 acknowledged writes", () -> w.acknowledged() >= 3000);
                    d.kill9();
                    w.stop();
                    t.join(60_000);
                    clients.forEach(NbdClient::abort);
                }
                WriteLog.Contents c = WriteLog.read(logFile);
                writes.addAll(c.writes());
                acked.addAll(c.acked());
                System.out.println("CrashRecoveryIT round " + round + ": SIGKILL after " + w.acknowledged() + " acknowledged writes");
                d.start();
                assertTrue(d.ok("vxprint -g hrdg hr_rvg").contains("ACTIVE"), d.ok("vxprint -g hrdg -l hr_rvg"));
                ConsistencyCheck.Result r = ConsistencyCheck.primary(clients(d), new WriteLog.Contents(writes, acked));
                assertTrue(r.ok(), "round " + round + ": " + r.summary());
            }
            assertEquals(0, d.terminate());
        }
    }

    private static List<NbdClient> clients(DaemonProcess d) throws java.io.IOException {
        return List.of(NbdClient.connect(d.nbdUri("hrdg", "hr_dv01")), NbdClient.connect(d.nbdUri("hrdg", "hr_dv02")));
    }
}
