package io.volrep.engine.role;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.volrep.engine.bench.consistency.ConsistencyCheck;
import io.volrep.engine.bench.consistency.StampWorkload;
import io.volrep.engine.bench.consistency.WriteLog;
import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.DaemonProcess;
import io.volrep.engine.testing.TestRds;

/**
 * SIGKILL-like deaths of each host at each step of a migration from seattle to london, with tokyo as
 * a third host: the dying host halts on the spot when the step is reached (HaltingVxRepd), then boots
 * again. The RDS must end with exactly one Primary, no transfer left, every acknowledged write on
 * every host, and replication working from the Primary to both Secondaries without a resync. Before
 * the commit point the original roles come back; after it the migration completes.
 */
@Timeout(900)
class RoleCrashIT {
    private static final String[] HOSTS = {"seattle", "london", "tokyo"};
    private static final long BLOCKS = 512;

    @TempDir
    Path dir;
    private final Map<String, DaemonProcess> procs = new LinkedHashMap<>();
    private final List<WriteLog.Contents> logs = new ArrayList<>();

    @AfterEach
    void stop() {
        procs.values().forEach(DaemonProcess::close);
    }

    @ParameterizedTest(name = "{0} dies at {1}")
    @CsvSource({
        "seattle, migrate.frozen, seattle",
        "seattle, migrate.committed, london",
        "london, migrate.promote, london",
        "london, migrate.promoted, london",
        "seattle, migrate.demoted, london",
        "seattle, migrate.rebased, london",
        "tokyo, migrate.repoint, london",
        "tokyo, migrate.repointed, london",
        "seattle, migrate.done, london"})
    void oneHostDiesAtOneStep(String victim, String point, String expectedPrimary) throws Exception {
        startRds(victim, point);
        workload("seattle", 1);
        awaitUpToDate("seattle");
        try {
            System.out.println("RoleCrashIT: migrate: " + procs.get("seattle").run("vradmin -g hrdg -s migrate hr_rvg london"));
        } catch (IOException e) {
            System.out.println("RoleCrashIT: migrate ended with the coordinator: " + e.getMessage());
        }
        assertTrue(procs.get(victim).awaitExit(Duration.ofSeconds(60)), victim + " did not reach " + point);
        procs.get(victim).haltAt("").start();
        String primary = awaitOnePrimary();
        assertEquals(expectedPrimary, primary, "the Primary after " + victim + " died at " + point);
        for (String h : HOSTS) {
            check(h, "after the recovery", true);
        }
        workload(primary, 2);
        awaitUpToDate(primary);
        for (String h : HOSTS) {
            check(h, "replicating from " + primary, true);
            if (!h.equals(primary)) {
                sameVolumes(primary, h);
            }
        }
    }

    private void startRds(String victim, String point) throws Exception {
        Path key = dir.resolve("rds.key");
        Files.writeString(key, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        int port = TestRds.freePort();
        for (int i = 0; i < HOSTS.length; i++) {
            StringBuilder table = new StringBuilder("hosts {");
            for (int k = 0; k < HOSTS.length; k++) {
                if (k != i) {
                    table.append('\n').append(HOSTS[k]).append(" = \"").append(TestRds.address(k)).append('"');
                }
            }
            String cfg = "peer { port = " + port + ", key-file = \"" + key + "\", listen-address = \"" + TestRds.address(i)
                    + "\" }\n" + table + "\n}\nlog.level = INFO";
            DaemonProcess p = new DaemonProcess(dir, HOSTS[i], cfg);
            p.haltAt(HOSTS[i].equals(victim) ? point : "");
            procs.put(HOSTS[i], p.start());
        }
        for (DaemonProcess p : procs.values()) {
            p.ok("vxdg init hrdg");
            p.ok("vxassist -g hrdg make hr_dv01 8m");
            p.ok("vxassist -g hrdg make hr_dv02 8m");
            p.ok("vxassist -g hrdg make hr_srl 8m");
        }
        DaemonProcess seattle = procs.get("seattle");
        seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl");
        for (String s : List.of("london", "tokyo")) {
            seattle.ok("vradmin -g hrdg addsec hr_rvg seattle " + s);
            seattle.ok("vradmin -g hrdg -f startrep hr_rvg " + s);
        }
    }

    private void workload(String host, int round) throws Exception {
        Path file = dir.resolve("round" + round + ".log");
        List<NbdClient> c = clients(host);
        try (WriteLog log = WriteLog.create(file)) {
            StampWorkload w = new StampWorkload(c, BLOCKS, log, round * 1_000_000_000L);
            w.run(8, 1500, round);
            assertEquals(null, w.failure(), "workload on " + host);
        } finally {
            c.forEach(NbdClient::abort);
        }
        logs.add(WriteLog.read(file));
    }

    private List<NbdClient> clients(String host) throws IOException {
        DaemonProcess p = procs.get(host);
        return List.of(NbdClient.connect(p.nbdUri("hrdg", "hr_dv01")), NbdClient.connect(p.nbdUri("hrdg", "hr_dv02")));
    }

    private void check(String host, String when, boolean allAcked) throws IOException {
        List<WriteLog.Write> writes = new ArrayList<>();
        java.util.Set<Long> acked = new java.util.HashSet<>();
        logs.forEach(l -> {
            writes.addAll(l.writes());
            acked.addAll(l.acked());
        });
        List<NbdClient> c = clients(host);
        try {
            WriteLog.Contents all = new WriteLog.Contents(writes, acked);
            ConsistencyCheck.Result r = allAcked ? ConsistencyCheck.primary(c, all) : ConsistencyCheck.prefix(c, all);
            System.out.println("RoleCrashIT: " + host + " " + when + ": " + r.summary());
            assertTrue(r.ok(), host + " " + when + ": " + r.summary());
        } finally {
            c.forEach(NbdClient::abort);
        }
    }

    private void sameVolumes(String a, String b) throws Exception {
        for (String v : List.of("hr_dv01", "hr_dv02")) {
            assertArrayEquals(image(a, v), image(b, v), v + " differs between " + a + " and " + b);
        }
    }

    private byte[] image(String host, String vol) throws Exception {
        try (NbdClient c = NbdClient.connect(procs.get(host).nbdUri("hrdg", vol))) {
            ByteBuffer b = ByteBuffer.allocate(8 << 20);
            c.read(0, b).get(60, TimeUnit.SECONDS);
            return b.array();
        }
    }

    private String print(String host) {
        try {
            return procs.get(host).ok("vxprint -g hrdg -l hr_rvg");
        } catch (IOException | AssertionError e) {
            return "";
        }
    }

    /** Waits until no host has a transfer recorded and exactly one is the Primary; returns it. */
    private String awaitOnePrimary() {
        String[] primary = new String[1];
        TestRds.await(Duration.ofSeconds(120), "one Primary and no transfer left", () -> {
            List<String> primaries = new ArrayList<>();
            for (String h : HOSTS) {
                String p = print(h);
                if (p.isEmpty() || p.contains("transfer:")) {
                    return false;
                }
                if (p.contains(" primary enabled")) {
                    primaries.add(h);
                }
            }
            primary[0] = primaries.size() == 1 ? primaries.get(0) : null;
            return primary[0] != null;
        });
        return primary[0];
    }

    private void awaitUpToDate(String primary) {
        TestRds.await(Duration.ofSeconds(120), "the Secondaries of " + primary + " to be up to date", () -> {
            try {
                String s = procs.get(primary).ok("vradmin -g hrdg repstatus hr_rvg");
                return s.split(" consistent, up-to-date", -1).length - 1 == 2;
            } catch (IOException | AssertionError e) {
                return false;
            }
        });
    }
}
