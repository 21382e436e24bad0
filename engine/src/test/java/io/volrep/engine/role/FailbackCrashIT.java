package io.volrep.engine.role;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Fast failback after a real crash: the Primary seattle is SIGKILLed while a stamped workload writes
 * and london (on a slow link) lags; london takes over holding a prefix, writes more; seattle boots as
 * an acting Secondary (NBD refuses writes, the two-Primaries error shows) having lost nothing it
 * acknowledged; fbsync replays only the changed regions and both hosts end identical.
 */
@Timeout(600)
class FailbackCrashIT {
    private static final long BLOCKS = 512;

    @TempDir
    Path dir;
    private final List<WriteLog.Contents> logs = new ArrayList<>();

    @Test
    void killedPrimaryComesBackThroughFastFailback() throws Exception {
        Path key = dir.resolve("rds.key");
        Files.writeString(key, "aa112233445566778899aabbccddeeff00112233445566778899aabbccddee00\n");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        int port = TestRds.freePort();
        String common = "peer { port = " + port + ", key-file = \"" + key + "\" }\n";
        try (DaemonProcess seattle = new DaemonProcess(dir, "seattle", common + "peer.listen-address = \"" + TestRds.address(0)
                + "\"\nhosts { london = \"" + TestRds.address(1) + "\" }");
             DaemonProcess london = new DaemonProcess(dir, "london", common + "peer.listen-address = \"" + TestRds.address(1)
                     + "\"\nhosts { seattle = \"" + TestRds.address(0) + "\" }")) {
            seattle.start();
            london.start();
            for (DaemonProcess h : List.of(seattle, london)) {
                h.ok("vxdg init hrdg");
                h.ok("vxassist -g hrdg make hr_dv01 8m");
                h.ok("vxassist -g hrdg make hr_dv02 8m");
                h.ok("vxassist -g hrdg make hr_srl 8m");
            }
            seattle.ok("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl");
            seattle.ok("vradmin -g hrdg addsec hr_rvg seattle london");
            seattle.ok("vradmin -g hrdg -f startrep hr_rvg london");
            workload(seattle, 1, 600);
            awaitUpToDate(seattle);

            seattle.ok("vradmin -g hrdg set hr_rvg london bandwidth_limit=1mbps");
            Running cut = new Running(seattle, 2, 1200);
            cut.awaitAcks(700);
            seattle.kill9();
            cut.finish();
            check(london, "london before the takeover", false);

            String took = london.ok("vradmin -g hrdg takeover hr_rvg");
            assertTrue(took.contains("fast-failback logging is on"), took);
            workload(london, 3, 400);
            check(london, "london's writes", true, 3);

            seattle.start();
            TestRds.await(Duration.ofSeconds(60), "seattle to become an acting Secondary",
                    () -> run(seattle, "vxprint -g hrdg -l hr_rvg").contains("acting_secondary"));
            check(seattle, "seattle after its crash (everything it acknowledged)", true, 1, 2);
            try (NbdClient c = NbdClient.connect(seattle.nbdUri("hrdg", "hr_dv01"))) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> c.write(0, ByteBuffer.allocate(4096), false).get(30, TimeUnit.SECONDS));
                assertTrue(e.getCause().getMessage().contains("EPERM"), e.getCause().getMessage());
            }
            assertTrue(run(seattle, "vradmin -g hrdg -l printrvg hr_rvg").contains("london: Primary-Primary configuration"));
            TestRds.await(Duration.ofSeconds(30), "london to merge seattle's unshipped blocks",
                    () -> run(london, "vxprint -g hrdg -l hr_rvg").contains("step=MARKED"));

            london.ok("vradmin -g hrdg set hr_rvg seattle bandwidth_limit=none");
            String sync = london.ok("vradmin -g hrdg -wait fbsync hr_rvg");
            Matcher m = Pattern.compile("(\\d+) Kbytes to replay").matcher(sync);
            assertTrue(m.find() && sync.contains("fbsync: done"), sync);
            long replayed = Long.parseLong(m.group(1)) * 1024;
            System.out.println("FailbackCrashIT: replayed " + replayed / 1024 + " Kbytes of 16384");
            assertTrue(replayed > 0 && replayed <= 2 * BLOCKS * 4096, "only the changed regions travel: " + replayed);
            sameVolumes(seattle, london);
            assertTrue(run(seattle, "vxprint -g hrdg -l hr_rvg").contains("closed secondary enabled"));

            workload(london, 4, 400);
            awaitUpToDate(london);
            sameVolumes(seattle, london);
            check(seattle, "seattle replicating from london", true, 3, 4);
        }
    }

    private static String run(DaemonProcess h, String line) {
        try {
            return h.ok(line);
        } catch (IOException | AssertionError e) {
            return "";
        }
    }

    /** A stamped workload on the two data volumes of {@code h}, logging to its own file. */
    private final class Running {
        final StampWorkload workload;
        final Thread thread;
        final WriteLog log;
        final Path file;
        final List<NbdClient> clients;

        Running(DaemonProcess h, int round, long count) throws IOException {
            file = dir.resolve("round" + round + ".log");
            log = WriteLog.create(file);
            clients = List.of(NbdClient.connect(h.nbdUri("hrdg", "hr_dv01")), NbdClient.connect(h.nbdUri("hrdg", "hr_dv02")));
            workload = new StampWorkload(clients, BLOCKS, log, round * 1_000_000_000L);
            thread = new Thread(() -> {
                try {
                    workload.run(8, count, round);
                } catch (InterruptedException | IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
        }

        void awaitAcks(long n) {
            TestRds.await(Duration.ofSeconds(120), n + " acknowledged writes",
                    () -> workload.acknowledged() >= n || workload.failure() != null);
            assertEquals(null, workload.failure(), "the workload failed early");
        }

        /** Ends the round (what the host acknowledged is in the log) and keeps its log. */
        void finish() throws Exception {
            workload.stop();
            thread.join(120_000);
            clients.forEach(NbdClient::abort);
            log.close();
            logs.add(WriteLog.read(file));
        }
    }

    private void workload(DaemonProcess h, int round, long count) throws Exception {
        Running r = new Running(h, round, count);
        r.thread.join(120_000);
        assertEquals(null, r.workload.failure(), "workload on round " + round);
        assertEquals(count, r.workload.acknowledged());
        r.finish();
    }

    private void check(DaemonProcess h, String when, boolean allAcked, int... rounds) throws Exception {
        List<WriteLog.Write> writes = new ArrayList<>();
        Set<Long> acked = new HashSet<>();
        for (int i = 0; i < logs.size(); i++) {
            if (rounds.length == 0 || contains(rounds, i + 1)) {
                writes.addAll(logs.get(i).writes());
                acked.addAll(logs.get(i).acked());
            }
        }
        List<NbdClient> c = List.of(NbdClient.connect(h.nbdUri("hrdg", "hr_dv01")), NbdClient.connect(h.nbdUri("hrdg", "hr_dv02")));
        try {
            WriteLog.Contents all = new WriteLog.Contents(writes, acked);
            ConsistencyCheck.Result r = allAcked ? ConsistencyCheck.primary(c, all) : ConsistencyCheck.prefix(c, all);
            System.out.println("FailbackCrashIT: " + when + ": " + r.summary());
            assertTrue(r.ok(), when + ": " + r.summary());
        } finally {
            c.forEach(NbdClient::abort);
        }
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static void sameVolumes(DaemonProcess a, DaemonProcess b) throws Exception {
        for (String v : List.of("hr_dv01", "hr_dv02")) {
            assertArrayEquals(image(a, v), image(b, v), v + " differs");
        }
    }

    private static byte[] image(DaemonProcess h, String vol) throws Exception {
        try (NbdClient c = NbdClient.connect(h.nbdUri("hrdg", vol))) {
            ByteBuffer b = ByteBuffer.allocate(8 << 20);
            c.read(0, b).get(60, TimeUnit.SECONDS);
            return b.array();
        }
    }

    private static void awaitUpToDate(DaemonProcess primary) {
        TestRds.await(Duration.ofSeconds(120), "the Secondary to be up to date",
                () -> run(primary, "vradmin -g hrdg repstatus hr_rvg").contains(" consistent, up-to-date"));
    }
}
