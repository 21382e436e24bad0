package io.volrep.engine.role;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.volrep.engine.bench.consistency.ConsistencyCheck;
import io.volrep.engine.bench.consistency.StampWorkload;
import io.volrep.engine.bench.consistency.WriteLog;
import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.testing.TestHost;
import io.volrep.engine.testing.TestRds;

/**
 * An RDS of in-JVM hosts for the role transfer tests: hrdg with two 8m data volumes and an 8m SRL on
 * each, hr_rvg created on the first host and replicated to the others ({@code startrep -f} on zeroed
 * volumes), stamped workloads through NBD whose logs add up across rounds, and the checks the tests share.
 */
final class RoleFixture implements Closeable {
    static final int VOL = 8 << 20;
    static final long BLOCKS = 1024;
    static final String[] VOLS = {"hr_dv01", "hr_dv02"};

    final Path dir;
    final TestRds rds;
    final List<String> names;
    private final List<WriteLog.Contents> logs = new ArrayList<>();
    private int round;

    RoleFixture(Path dir, String... names) throws Exception {
        this.dir = dir;
        this.names = List.of(names);
        rds = new TestRds(dir, names).start();
        rds.everywhere("vxdg init hrdg");
        rds.everywhere("vxassist -g hrdg make hr_dv01 8m");
        rds.everywhere("vxassist -g hrdg make hr_dv02 8m");
        rds.everywhere("vxassist -g hrdg make hr_srl 8m");
        TestHost pri = host(names[0]);
        pri.ok("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl");
        for (int i = 1; i < names.length; i++) {
            pri.ok("vradmin -g hrdg addsec hr_rvg " + names[0] + " " + names[i]);
            pri.ok("vradmin -g hrdg -f startrep hr_rvg " + names[i]);
        }
    }

    TestHost host(String name) {
        return rds.host(name);
    }

    Rvg rvg(String name) {
        return host(name).daemon().engine().rvgs().find("hrdg", "hr_rvg").orElseThrow();
    }

    static String uri(TestHost h, String vol) {
        return "nbd+unix:///hrdg/" + vol + "?socket=" + h.config().nbdSocket();
    }

    static List<NbdClient> clients(TestHost h) throws IOException {
        return List.of(NbdClient.connect(uri(h, VOLS[0])), NbdClient.connect(uri(h, VOLS[1])));
    }

    /** A stamped workload of {@code count} writes on {@code h}; its NBD clients are closed afterwards. */
    long workload(TestHost h, long count) throws Exception {
        return workload(h, count, BLOCKS);
    }

    /** As {@link #workload(TestHost, long)} on the first {@code blocks} 4 KiB blocks of each volume. */
    long workload(TestHost h, long count, long blocks) throws Exception {
        round++;
        Path file = dir.resolve("round" + round + ".log");
        List<NbdClient> c = clients(h);
        long acked;
        try (WriteLog log = WriteLog.create(file)) {
            StampWorkload w = new StampWorkload(c, blocks, log, round * 1_000_000_000L);
            w.run(8, count, round);
            acked = w.acknowledged();
            assertEquals(null, w.failure(), "workload on " + h.config().host() + " failed");
        } finally {
            for (NbdClient x : c) {
                x.close();
            }
        }
        logs.add(WriteLog.read(file));
        return acked;
    }

    /** The rounds so far (1 is the first). */
    int rounds() {
        return round;
    }

    WriteLog.Contents merged() {
        return merged(logs);
    }

    /** The logs of the given rounds (1-based) only. */
    WriteLog.Contents rounds(int... which) {
        List<WriteLog.Contents> some = new ArrayList<>();
        for (int r : which) {
            some.add(logs.get(r - 1));
        }
        return merged(some);
    }

    private static WriteLog.Contents merged(List<WriteLog.Contents> from) {
        List<WriteLog.Write> writes = new ArrayList<>();
        Set<Long> acked = new HashSet<>();
        for (WriteLog.Contents c : from) {
            writes.addAll(c.writes());
            acked.addAll(c.acked());
        }
        return new WriteLog.Contents(writes, acked);
    }

    /** Every acknowledged write of every round is on {@code h}'s volumes, whole and in order. */
    void checkAllAcked(TestHost h, String when) throws IOException {
        check(h, when, merged(), true);
    }

    /** {@code h}'s volumes hold a prefix of {@code log} ({@code allAcked}: every acknowledged write of it). */
    ConsistencyCheck.Result check(TestHost h, String when, WriteLog.Contents log, boolean allAcked) throws IOException {
        List<NbdClient> c = clients(h);
        try {
            ConsistencyCheck.Result r = allAcked ? ConsistencyCheck.primary(c, log) : ConsistencyCheck.prefix(c, log);
            System.out.println("RoleFixture: " + when + " on " + h.config().host() + ": " + r.summary());
            assertTrue(r.ok(), when + " on " + h.config().host() + ": " + r.summary());
            return r;
        } finally {
            for (NbdClient x : c) {
                x.close();
            }
        }
    }

    byte[] image(TestHost h, String vol) throws Exception {
        try (NbdClient c = NbdClient.connect(uri(h, vol))) {
            ByteBuffer b = ByteBuffer.allocate(VOL);
            c.read(0, b).get(60, TimeUnit.SECONDS);
            return b.array();
        }
    }

    void assertSameVolumes(TestHost a, TestHost b) throws Exception {
        for (String v : VOLS) {
            assertArrayEquals(image(a, v), image(b, v), v + " differs between " + a.config().host() + " and " + b.config().host());
        }
    }

    /** The Primary of hr_rvg among the hosts that run; fails unless there is exactly one. */
    String onlyPrimary(String... down) {
        List<String> primaries = new ArrayList<>();
        for (String n : names) {
            if (!List.of(down).contains(n) && rvg(n).isPrimary()) {
                primaries.add(n);
            }
        }
        assertEquals(1, primaries.size(), "Primaries: " + primaries);
        return primaries.get(0);
    }

    /** Waits until every attached RLINK of the Primary {@code p} is connected and acknowledged its log end. */
    void awaitUpToDate(String p) {
        TestRds.await(Duration.ofSeconds(60), "the Secondaries of " + p + " to be up to date", () -> {
            Rvg rvg = rvg(p);
            long end = rvg.writePath().map(wp -> wp.srl().durableLsn()).orElse(-1L);
            return rvg.isPrimary() && !rvg.rlinks().isEmpty() && rvg.rlinks().stream()
                    .allMatch(l -> l.connected() && l.consistent() && !l.dcmMode() && l.ackedLsn() >= end);
        });
    }

    /** Waits until no host of the RDS has a role transfer recorded (every step finished). */
    void awaitNoTransfer(String... down) {
        TestRds.await(Duration.ofSeconds(60), "the role transfers to finish", () -> names.stream()
                .filter(n -> !List.of(down).contains(n)).allMatch(n -> rvg(n).record().transfer().isEmpty()));
    }

    Rlink rlink(String host, String to) {
        return rvg(host).rlinks().stream().filter(l -> l.remoteHost().equals(to)).findFirst().orElseThrow();
    }

    @Override
    public void close() throws IOException {
        rds.close();
    }
}
