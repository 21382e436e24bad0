package io.volrep.engine.rvg.replication;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
 * SIGKILL of the Secondary and of the Primary while a stamped workload writes through the Primary:
 * after each crash the Secondary holds a prefix of the writes, the Primary holds every acknowledged
 * write, and once both are back the Secondary catches up without gaps or repeats.
 */
@Timeout(600)
class ReplicationCrashIT {
    private static final long BLOCKS = 2048;

    @TempDir
    Path dir;

    private final List<WriteLog.Contents> logs = new ArrayList<>();

    @Test
    void killsOfEitherHostKeepTheSecondaryAPrefixAndLoseNothingAcknowledged() throws Exception {
        Path key = dir.resolve("rds.key");
        Files.writeString(key, "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100\n");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(TestRds.address(0)))) {
            port = s.getLocalPort();
        }
        String common = "peer { port = " + port + ", key-file = \"" + key + "\" }\n";
        try (DaemonProcess seattle = new DaemonProcess(dir, "seattle", common + "peer.listen-address = \"" + TestRds.address(0)
                + "\"\nhosts { london = \"" + TestRds.address(1) + "\" }");
             DaemonProcess london = new DaemonProcess(dir, "london", common + "peer.listen-address = \"" + TestRds.address(1)
                + "\"\nhosts { seattle = \"" + TestRds.address(0) + "\" }")) {
            seattle.start();
            london.start();
            for (DaemonProcess h : List.of(seattle, london)) {
                h.ok("vxdg init hrdg");
                h.ok("vxassist -g hrdg make hr_dv01 16m");
                h.ok("vxassist -g hrdg make hr_dv02 16m");
                h.ok("vxassist -g hrdg make hr_srl 8m");
            }
            seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl");
            seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
            seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");

            // Round 1: the Secondary dies mid-stream, then the Primary.
            Running w = startWorkload(seattle, 1);
            w.awaitAcks(2000);
            london.kill9();
            w.awaitAcks(w.workload.acknowledged() + 1000);
            seattle.kill9();
            w.finish();
            london.start();
            check("round 1, london alone after both crashed", ConsistencyCheck.prefix(clients(london), merged()));
            seattle.start();
            check("round 1, seattle after its crash", ConsistencyCheck.primary(clients(seattle), merged()));
            awaitUpToDate(seattle);
            checkUpdates("round 1", london);
            check("round 1, london caught up", ConsistencyCheck.primary(clients(london), merged()));

            // Round 2: the Primary dies mid-stream; the Secondary, still up, is a prefix.
            w = startWorkload(seattle, 2);
            w.awaitAcks(3000);
            seattle.kill9();
            w.finish();
            check("round 2, london while seattle is down", ConsistencyCheck.prefix(clients(london), merged()));
            seattle.start();
            check("round 2, seattle after its crash", ConsistencyCheck.primary(clients(seattle), merged()));
            awaitUpToDate(seattle);
            checkUpdates("round 2", london);
            check("round 2, london caught up", ConsistencyCheck.primary(clients(london), merged()));
        }
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
                    workload.run(16, Long.MAX_VALUE, round);
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
            System.out.println("ReplicationCrashIT: round ended after " + workload.acknowledged() + " acknowledged of "
                    + (workload.lastIssued() % 1_000_000_000L) + " issued writes");
        }
    }

    private Running startWorkload(DaemonProcess primary, int round) throws IOException {
        return new Running(primary, round);
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

    private static void check(String when, ConsistencyCheck.Result r) {
        System.out.println("ReplicationCrashIT: " + when + ": " + r.summary());
        assertTrue(r.ok(), when + ": " + r.summary() + "\n" + String.join("\n", r.problems().subList(0, Math.min(10, r.problems().size()))));
    }

    private static void awaitUpToDate(DaemonProcess primary) {
        TestRds.await(Duration.ofSeconds(120), "london to be up to date", () -> {
            try {
                return primary.ok("vradmin -g hrdg repstatus hr_rvg").contains("consistent, up-to-date")
                        && primary.ok("vxrlink -g hrdg status rlk_london_hr_rvg").contains("is up-to-date");
            } catch (IOException e) {
                return false;
            }
        });
    }

    /**
     * The Primary's count of updates (rebuilt from its SRL after a kill -9) agrees with the Secondary:
     * london's last update is seattle's last update, 0 updates behind.
     */
    private static void checkUpdates(String when, DaemonProcess secondary) throws IOException {
        String u = secondary.ok("vxrlink -g hrdg updates rlk_seattle_hr_rvg");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("ID\\s+(\\d+\\.\\d+)\\s+(\\d+\\.\\d+)\\s+0 updates").matcher(u);
        assertTrue(m.find() && m.group(1).equals(m.group(2)), when + ": " + u);
    }
}
