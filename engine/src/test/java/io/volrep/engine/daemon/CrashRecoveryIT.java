package io.volrep.engine.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.DaemonProcess;
import io.volrep.engine.testing.StampedWriter;

/**
 * kill -9 of vxrepd while NBD clients write to a Primary RVG, repeated: after each restart every
 * acknowledged write is on the data volumes, and nothing older or torn is.
 */
class CrashRecoveryIT {
    private static final long VOLUME_BLOCKS = (16L << 20) / StampedWriter.BLOCK;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        try (DaemonProcess d = new DaemonProcess(dir, "seattle", "").start()) {
            d.ok("vxdg init hrdg");
            d.ok("vxassist -g hrdg make hr_dv01 16m");
            d.ok("vxassist -g hrdg make hr_dv02 16m");
            d.ok("vxassist -g hrdg make hr_srl 4m");
            d.ok("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl");
            List<Map<Long, Long>> acked = List.of(new java.util.HashMap<>(), new java.util.HashMap<>());
            for (int round = 0; round < 3; round++) {
                long total = writeThenKill(d, acked, round);
                assertTrue(total > 200, "round " + round + ": only " + total + " writes were acknowledged");
                System.out.println("CrashRecoveryIT round " + round + ": SIGKILL after " + total + " acknowledged writes");
                d.start();
                assertTrue(d.ok("vxprint -g hrdg hr_rvg").contains("ACTIVE"), d.ok("vxprint -g hrdg -l hr_rvg"));
                verify(d, acked);
            }
            assertEquals(0, d.terminate());
        }
    }

    /** Writes on both volumes until enough are acknowledged, then SIGKILLs the daemon mid-write. */
    private long writeThenKill(DaemonProcess d, List<Map<Long, Long>> acked, int round) throws Exception {
        List<StampedWriter> writers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<NbdClient> clients = new ArrayList<>();
        for (int v = 0; v < 2; v++) {
            NbdClient c = NbdClient.connect(d.nbdUri("hrdg", "hr_dv0" + (v + 1)));
            clients.add(c);
            StampedWriter w = new StampedWriter(c, v, VOLUME_BLOCKS, round * 1_000_000_000L);
            writers.add(w);
            long seed = round * 10L + v;
            Thread t = new Thread(() -> {
                try {
                    w.run(16, seed);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            threads.add(t);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (writers.stream().mapToLong(StampedWriter::acknowledged).sum() < 3000 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        d.kill9();
        long total = 0;
        for (int v = 0; v < 2; v++) {
            writers.get(v).stop();
            threads.get(v).join(60_000);
            clients.get(v).abort();
            total += writers.get(v).acknowledged();
            Map<Long, Long> all = acked.get(v);
            writers.get(v).ackedSnapshot().forEach((block, seq) -> all.merge(block, seq, Math::max));
        }
        return total;
    }

    private static void verify(DaemonProcess d, List<Map<Long, Long>> acked) throws Exception {
        for (int v = 0; v < 2; v++) {
            try (NbdClient c = NbdClient.connect(d.nbdUri("hrdg", "hr_dv0" + (v + 1)))) {
                for (Map.Entry<Long, Long> e : acked.get(v).entrySet()) {
                    ByteBuffer b = ByteBuffer.allocate(StampedWriter.BLOCK);
                    c.read(e.getKey() * StampedWriter.BLOCK, b).get(30, TimeUnit.SECONDS);
                    b.flip();
                    String problem = StampedWriter.check(v, e.getKey(), b, e.getValue());
                    assertEquals(null, problem, "volume hr_dv0" + (v + 1));
                }
            }
        }
    }
}
