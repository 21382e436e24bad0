package io.volrep.engine.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.volrep.engine.bench.consistency.ConsistencyCheck;
import io.volrep.engine.bench.consistency.StampWorkload;
import io.volrep.engine.bench.consistency.WriteLog;
import io.volrep.engine.nbd.NbdClient;
import io.volrep.engine.testing.TestHost;

/**
 * An RDS hrdg/hr_rvg with two 8 MiB data volumes, the stamped workload's history across runs (one
 * sequence), and volume images read and restored through NBD.
 */
final class SyncFixture {
    static final int VOL = 8 << 20;
    static final String[] VOLS = {"hr_dv01", "hr_dv02"};

    private final Path dir;
    private final List<WriteLog.Write> writes = new ArrayList<>();
    private final Set<Long> acked = new HashSet<>();
    private long seq;
    private int runs;

    SyncFixture(Path dir) {
        this.dir = dir;
    }

    /** Volumes on every host, the Primary RVG on {@code primary}, each of {@code secondaries} added. */
    static void rds(TestHost primary, String srl, TestHost... secondaries) throws IOException {
        List<TestHost> all = new ArrayList<>(List.of(secondaries));
        all.add(0, primary);
        for (TestHost h : all) {
            h.ok("vxdg init hrdg");
            for (String v : VOLS) {
                h.ok("vxassist -g hrdg make " + v + " 8m");
            }
            h.ok("vxassist -g hrdg make hr_srl " + srl);
        }
        primary.ok("vradmin -g hrdg createpri hr_rvg hr_dv01,hr_dv02 hr_srl");
        for (TestHost s : secondaries) {
            primary.ok("vradmin -g hrdg addsec hr_rvg " + primary.config().host() + " " + s.config().host());
        }
    }

    /** Runs {@code count} stamped writes on the Primary's two volumes and records them. */
    void workload(TestHost h, long count, long seed) throws Exception {
        Path file = dir.resolve("w" + (runs++) + ".log");
        List<NbdClient> clients = clients(h);
        StampWorkload w;
        try (WriteLog log = WriteLog.create(file)) {
            w = new StampWorkload(clients, VOL / 4096, log, seq);
            w.run(8, count, seed);
        } finally {
            clients.forEach(NbdClient::abort);
        }
        if (w.failure() != null) {
            throw new AssertionError("workload failed", w.failure());
        }
        seq = w.lastIssued();
        WriteLog.Contents c = WriteLog.read(file);
        writes.addAll(c.writes());
        acked.addAll(c.acked());
    }

    /** The prefix check on {@code h}'s volumes ({@code all}: every acknowledged write too). */
    ConsistencyCheck.Result check(TestHost h, boolean all) throws Exception {
        List<NbdClient> clients = clients(h);
        try {
            WriteLog.Contents c = new WriteLog.Contents(writes, acked);
            return all ? ConsistencyCheck.primary(clients, c) : ConsistencyCheck.prefix(clients, c);
        } finally {
            clients.forEach(NbdClient::abort);
        }
    }

    static NbdClient client(TestHost h, String vol) throws IOException {
        return NbdClient.connect("nbd+unix:///hrdg/" + vol + "?socket=" + h.config().nbdSocket());
    }

    static List<NbdClient> clients(TestHost h) throws IOException {
        return List.of(client(h, VOLS[0]), client(h, VOLS[1]));
    }

    /** Bytes {@code [from, to)} of a volume, read through NBD. */
    static byte[] read(TestHost h, String vol, int from, int to) throws Exception {
        try (NbdClient c = client(h, vol)) {
            ByteBuffer b = ByteBuffer.allocate(to - from);
            for (int at = from; at < to; at += 1 << 20) {
                c.read(at, b.slice(at - from, Math.min(1 << 20, to - at))).get(60, TimeUnit.SECONDS);
            }
            return b.array();
        }
    }

    static byte[] image(TestHost h, String vol) throws Exception {
        return read(h, vol, 0, VOL);
    }

    /** Writes {@code data} over a volume through NBD, in 1 MiB requests, then flushes. */
    static void restore(TestHost h, String vol, byte[] data) throws Exception {
        try (NbdClient c = client(h, vol)) {
            if (c.readOnly()) {
                throw new AssertionError(vol + " on " + h.config().host() + " is exported read-only");
            }
            for (int at = 0; at < data.length; at += 1 << 20) {
                c.write(at, ByteBuffer.wrap(data, at, Math.min(1 << 20, data.length - at)).slice(), false)
                        .get(60, TimeUnit.SECONDS);
            }
            c.flush().get(60, TimeUnit.SECONDS);
        }
    }
}
