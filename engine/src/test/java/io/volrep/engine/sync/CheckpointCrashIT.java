package io.volrep.engine.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.bench.consistency.ConsistencyCheck;
import io.volrep.engine.bench.consistency.StampWorkload;
import io.volrep.engine.bench.consistency.WriteLog;
import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.DaemonProcess;
import io.volrep.engine.testing.TestRds;

/**
 * SIGKILL around a checkpoint attach, hosts as separate processes: a Secondary that replicated before
 * is detached, restored from a backup taken between checkstart and checkend through its writable NBD
 * export and killed (its old log must not replay over the restore); then attached with startrep -c
 * under a workload and killed mid catch-up, the workload going on until its backlog overflows the SRL
 * (srlprot=autodcm: the RLINK logs to the DCM) and {@code vradmin resync} brings it back; then the Primary
 * is killed. Each time it comes back consistent, and the Primary loses nothing acknowledged.
 */
@Timeout(600)
class CheckpointCrashIT {
    private static final long BLOCKS = 2048;
    private static final int VOL = 16 << 20;

    @TempDir
    Path dir;

    private final List<WriteLog.Contents> logs = new ArrayList<>();
    private final List<DaemonProcess> hosts = new ArrayList<>();

    @Test
    void killsAroundACheckpointAttachKeepTheSecondaryAPrefixAndLoseNothing() throws Exception {
        try (DaemonProcess seattle = host("seattle", 0, 1); DaemonProcess london = host("london", 1, 0)) {
            seattle.start();
            london.start();
            for (DaemonProcess h : List.of(seattle, london)) {
                h.ok("vxdg init hrdg");
                h.ok("vxassist -g hrdg make hr_dv01 16m");
                h.ok("vxassist -g hrdg make hr_dv02 16m");
                h.ok("vxassist -g hrdg make hr_srl 16m");
            }
            seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl");
            seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
            seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
            Running w = new Running(seattle, 1);                       // london's log fills with updates
            w.awaitAcks(2000);
            w.finish();
            awaitUpToDate(seattle);
            seattle.ok("vradmin -g hrdg -s stoprep hr_rvg london");

            seattle.ok("vxrvg -g hrdg -c bk checkstart hr_rvg");
            w = new Running(seattle, 2);                               // the application writes during the backup
            w.awaitAcks(300);
            byte[][] backup = {image(seattle, "hr_dv01"), image(seattle, "hr_dv02")};
            w.awaitAcks(w.workload.acknowledged() + 300);
            w.finish();
            seattle.ok("vxrvg -g hrdg checkend hr_rvg");
            restore(london, "hr_dv01", backup[0]);
            restore(london, "hr_dv02", backup[1]);
            london.kill9();                                            // right after the restore
            london.start();
            assertArrayEquals(backup[0], image(london, "hr_dv01"), "the restore survives a SIGKILL: no replay over it");
            assertArrayEquals(backup[1], image(london, "hr_dv02"));

            w = new Running(seattle, 3);
            w.awaitAcks(300);
            seattle.ok("vradmin -g hrdg -c bk startrep hr_rvg london");
            w.awaitAcks(w.workload.acknowledged() + 500);
            london.kill9();                                            // mid catch-up
            // The application keeps writing while london is down: its backlog fills the 16m SRL, and
            // srlprot=autodcm switches the RLINK to the DCM (spec §6.4); the documented next step is resync.
            awaitStatus(seattle, "logging to DCM", "the SRL overflow to switch london's RLINK to the DCM");
            london.start();
            assertTrue(seattle.ok("vradmin -g hrdg repstatus hr_rvg").contains("needs dcm resynchronization"));
            seattle.ok("vradmin -g hrdg resync hr_rvg");
            awaitConsistent(seattle);
            assertFalse(seattle.ok("vxprint -g hrdg -l rlk_london_hr_rvg").contains("checkpoint: bk"),
                    "after the DCM replay the checkpoint no longer decides london's consistency");
            w.awaitAcks(w.workload.acknowledged() + 500);
            seattle.kill9();                                           // the Primary, mid-stream
            w.finish();
            check("london while seattle is down", ConsistencyCheck.prefix(clients(london), merged()));
            seattle.start();
            check("seattle after its crash", ConsistencyCheck.primary(clients(seattle), merged()));
            awaitUpToDate(seattle);
            check("london caught up", ConsistencyCheck.primary(clients(london), merged()));
            for (String v : new String[] {"hr_dv01", "hr_dv02"}) {
                assertArrayEquals(image(seattle, v), image(london, v), v);
            }
        }
    }

    private DaemonProcess host(String name, int self, int other) throws IOException {
        Path key = dir.resolve("rds.key");
        if (!Files.exists(key)) {
            Files.writeString(key, "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100\n");
            Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        DaemonProcess h = new DaemonProcess(dir, name, "peer { port = " + port() + ", key-file = \"" + key + "\" }\n"
                + "peer.listen-address = \"" + TestRds.address(self) + "\"\nhosts { "
                + (self == 0 ? "london" : "seattle") + " = \"" + TestRds.address(other) + "\" }");
        hosts.add(h);
        return h;
    }

    private int port;

    private int port() throws IOException {
        if (port == 0) {
            port = TestRds.freePort();
        }
        return port;
    }

    /** A workload on the Primary's two data volumes, logging to its own file. */
    private final class Running {
        final StampWorkload workload;
        final Thread thread;
        final WriteLog log;
        final Path file;
        final List<NbdClient> clients;

        Running(DaemonProcess primary, int round) throws IOException {
            file = dir.resolve("round" + round + ".log");
            log = WriteLog.create(file);
            clients = clients(primary);
            workload = new StampWorkload(clients, BLOCKS, log, round * 1_000_000_000L);
            thread = new Thread(() -> {
                try {
                    workload.run(8, Long.MAX_VALUE, round);
                } catch (InterruptedException | IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
        }

        void awaitAcks(long n) {
            TestRds.await(Duration.ofSeconds(120), n + " acknowledged writes (have " + workload.acknowledged() + ")",
                    () -> workload.acknowledged() >= n || workload.failure() != null);
            assertTrue(workload.failure() == null, "the workload failed early: " + workload.failure());
        }

        void finish() throws Exception {
            workload.stop();
            thread.join(120_000);
            clients.forEach(NbdClient::abort);
            log.close();
            logs.add(WriteLog.read(file));
        }
    }

    private WriteLog.Contents merged() {
        List<WriteLog.Write> writes = new ArrayList<>();
        Set<Long> acked = new HashSet<>();
        for (WriteLog.Contents c : logs) {
            writes.addAll(c.writes());
            acked.addAll(c.acked());
        }
        return new WriteLog.Contents(writes, acked);
    }

    private static List<NbdClient> clients(DaemonProcess h) throws IOException {
        return List.of(NbdClient.connect(h.nbdUri("hrdg", "hr_dv01")), NbdClient.connect(h.nbdUri("hrdg", "hr_dv02")));
    }

    private static byte[] image(DaemonProcess h, String vol) throws Exception {
        try (NbdClient c = NbdClient.connect(h.nbdUri("hrdg", vol))) {
            ByteBuffer b = ByteBuffer.allocate(VOL);
            for (int at = 0; at < VOL; at += 1 << 20) {
                c.read(at, b.slice(at, 1 << 20)).get(60, TimeUnit.SECONDS);
            }
            return b.array();
        }
    }

    private static void restore(DaemonProcess h, String vol, byte[] data) throws Exception {
        try (NbdClient c = NbdClient.connect(h.nbdUri("hrdg", vol))) {
            for (int at = 0; at < data.length; at += 1 << 20) {
                c.write(at, ByteBuffer.wrap(data, at, 1 << 20).slice(), false).get(60, TimeUnit.SECONDS);
            }
            c.flush().get(60, TimeUnit.SECONDS);
        }
    }

    private static void check(String when, ConsistencyCheck.Result r) {
        System.out.println("CheckpointCrashIT: " + when + ": " + r.summary());
        assertTrue(r.ok(), when + ": " + r.summary() + "\n" + String.join("\n", r.problems().subList(0, Math.min(10, r.problems().size()))));
    }

    private void awaitConsistent(DaemonProcess primary) {
        awaitStatus(primary, "consistent, ");
    }

    private void awaitUpToDate(DaemonProcess primary) {
        awaitStatus(primary, " consistent, up-to-date");
    }

    private void awaitStatus(DaemonProcess primary, String text) {
        awaitStatus(primary, text, "london: " + text, "inconsistent");
    }

    private void awaitStatus(DaemonProcess primary, String text, String what) {
        awaitStatus(primary, text, what, null);
    }

    /** Waits until repstatus on {@code primary} shows {@code text} (and not {@code unless}), printing diagnostics on a timeout. */
    private void awaitStatus(DaemonProcess primary, String text, String what, String unless) {
        try {
            TestRds.await(Duration.ofSeconds(120), what, () -> {
                try {
                    String s = primary.ok("vradmin -g hrdg repstatus hr_rvg");
                    return s.contains(text) && (unless == null || !s.contains(unless));
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            System.out.println("CheckpointCrashIT diagnostics:\n" + diagnostics());
            throw e;
        }
    }

    /** What the hosts say about the RLINKs, and both daemons' logs, for a wait that timed out. */
    private String diagnostics() {
        StringBuilder b = new StringBuilder();
        for (String[] q : new String[][] {{"seattle", "vradmin -g hrdg repstatus hr_rvg"},
                {"seattle", "vxprint -g hrdg -l rlk_london_hr_rvg"}, {"london", "vxprint -g hrdg -l rlk_seattle_hr_rvg"}}) {
            DaemonProcess h = q[0].equals("seattle") ? hosts.get(0) : hosts.get(1);
            try {
                b.append("== ").append(q[0]).append(": ").append(q[1]).append('\n').append(h.run(q[1])).append('\n');
            } catch (IOException e) {
                b.append(e).append('\n');
            }
        }
        for (int i = 0; i < hosts.size(); i++) {
            try {
                b.append("== log of ").append(i == 0 ? "seattle" : "london").append('\n').append(hosts.get(i).output());
            } catch (IOException e) {
                b.append(e).append('\n');
            }
        }
        return b.toString();
    }
}
