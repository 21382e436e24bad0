package io.volrep.engine.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import io.volrep.engine.bench.consistency.ConsistencyCheck;
import io.volrep.engine.bench.consistency.StampWorkload;
import io.volrep.engine.bench.consistency.WriteLog;
import io.volrep.engine.nbd.NbdClient;

/**
 * A stamped workload run in rounds against whichever host is Primary, with the write logs of every
 * round kept so that any host's volumes can be checked against the whole history: a Secondary must
 * hold a prefix of it, a Primary every acknowledged write. Each round numbers its writes from
 * {@code round * 10^9}, so rounds never share a sequence number.
 */
public final class StampedRounds {
    private final Path dir;
    private final long blocks;
    private final String name;
    private final List<WriteLog.Contents> logs = new ArrayList<>();
    private int rounds;

    /** @param blocks 4 KiB blocks per volume the workload writes; @param name prefix of printed lines */
    public StampedRounds(Path dir, long blocks, String name) {
        this.dir = dir;
        this.blocks = blocks;
        this.name = name;
    }

    /** One round: writes through {@code clients} (one per volume) with {@code depth} writes in flight until stopped. */
    public final class Round {
        private final StampWorkload workload;
        private final Thread thread;
        private final WriteLog log;
        private final Path file;
        private final List<NbdClient> clients;

        private Round(List<NbdClient> clients, int depth, int round) throws IOException {
            this.clients = clients;
            file = dir.resolve(name + "-round" + round + ".log");
            log = WriteLog.create(file);
            workload = new StampWorkload(clients, blocks, log, round * 1_000_000_000L);
            thread = new Thread(() -> {
                try {
                    workload.run(depth, Long.MAX_VALUE, round);
                } catch (InterruptedException | IOException e) {
                    throw new IllegalStateException(e);
                }
            }, name + " workload round " + round);
            thread.setDaemon(true);
            thread.start();
        }

        public long acknowledged() {
            return workload.acknowledged();
        }

        /** Waits until {@code more} writes beyond those acknowledged now are acknowledged. */
        public void awaitMore(long more) {
            long n = workload.acknowledged() + more;
            TestRds.await(Duration.ofSeconds(120), n + " acknowledged writes (have " + workload.acknowledged() + ")",
                    () -> workload.acknowledged() >= n || workload.failure() != null);
            assertTrue(workload.failure() == null, "the workload failed: " + workload.failure());
        }

        /** Stops writing, waits for the writes in flight, and adds this round's log to the history. */
        public void finish() throws Exception {
            workload.stop();
            thread.join(120_000);
            clients.forEach(NbdClient::abort);
            log.close();
            logs.add(WriteLog.read(file));
            System.out.println(name + ": round ended after " + workload.acknowledged() + " acknowledged of "
                    + (workload.lastIssued() % 1_000_000_000L) + " issued writes");
        }
    }

    /** Starts the next round. */
    public Round start(List<NbdClient> clients, int depth) throws IOException {
        return new Round(clients, depth, ++rounds);
    }

    /** Every round's writes so far. */
    public WriteLog.Contents history() {
        List<WriteLog.Write> writes = new ArrayList<>();
        Set<Long> acked = new HashSet<>();
        for (WriteLog.Contents c : logs) {
            writes.addAll(c.writes());
            acked.addAll(c.acked());
        }
        return new WriteLog.Contents(writes, acked);
    }

    /** The writes of the given rounds only (1 is the first). */
    public WriteLog.Contents rounds(int... which) {
        List<WriteLog.Write> writes = new ArrayList<>();
        Set<Long> acked = new HashSet<>();
        for (int r : which) {
            writes.addAll(logs.get(r - 1).writes());
            acked.addAll(logs.get(r - 1).acked());
        }
        return new WriteLog.Contents(writes, acked);
    }

    /**
     * Asserts {@code volumes} hold a prefix of the given rounds' writes ({@code complete}: every acknowledged
     * one of them), for a host that holds those rounds but not necessarily the others (after a takeover).
     */
    public ConsistencyCheck.Result checkRounds(String when, Callable<List<NbdClient>> volumes, boolean complete, int... which)
            throws Exception {
        return check(when, volumes, complete, rounds(which));
    }

    /** Asserts a Secondary's volumes hold a prefix of the history. */
    public void checkPrefix(String when, Callable<List<NbdClient>> volumes) throws Exception {
        check(when, volumes, false);
    }

    /** Asserts a host's volumes hold every acknowledged write of the history (a Primary, or a caught-up Secondary). */
    public void checkComplete(String when, Callable<List<NbdClient>> volumes) throws Exception {
        check(when, volumes, true);
    }

    private void check(String when, Callable<List<NbdClient>> volumes, boolean complete) throws Exception {
        check(when, volumes, complete, history());
    }

    private ConsistencyCheck.Result check(String when, Callable<List<NbdClient>> volumes, boolean complete, WriteLog.Contents log)
            throws Exception {
        List<NbdClient> clients = volumes.call();
        try {
            ConsistencyCheck.Result r = complete ? ConsistencyCheck.primary(clients, log)
                    : ConsistencyCheck.prefix(clients, log);
            System.out.println(name + ": " + when + ": " + r.summary());
            assertTrue(r.ok(), when + ": " + r.summary() + "\n"
                    + String.join("\n", r.problems().subList(0, Math.min(10, r.problems().size()))));
            return r;
        } finally {
            clients.forEach(NbdClient::abort);
        }
    }
}
