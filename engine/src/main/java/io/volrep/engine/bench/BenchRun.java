package io.volrep.engine.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.volrep.engine.nbd.NbdClient;

/**
 * Drives one workload: one {@link NbdClient} per URI, {@code qd} request slots per client. Each
 * slot issues its next request from the completion of the previous one, so exactly {@code qd}
 * requests stay in flight per connection until the count or the time is used up.
 */
public final class BenchRun {
    /** A run that overruns its count or time by this much is stuck: it is reported as failed. */
    private static final long GRACE_MS = 120_000;

    private final BenchArgs args;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private long deadline;
    private CountDownLatch slotsDone;

    public BenchRun(BenchArgs args) {
        this.args = args;
    }

    /** Connects, runs, disconnects. Connection failures throw; request failures are counted in the report. */
    public BenchReport run() throws IOException, InterruptedException {
        List<NbdClient> clients = new ArrayList<>();
        try {
            for (String uri : args.uris()) {
                NbdClient c = NbdClient.connect(uri);
                clients.add(c);
                if (regionBlocks(c) < 1) {
                    throw new IOException(uri + " is smaller than one block of " + args.bs() + " bytes");
                }
                if (args.rw().write && c.readOnly()) {
                    throw new IOException(uri + " is read-only");
                }
            }
            return drive(clients);
        } finally {
            for (NbdClient c : clients) {
                c.close();
            }
        }
    }

    private BenchReport drive(List<NbdClient> clients) throws InterruptedException {
        slotsDone = new CountDownLatch(clients.size() * args.qd());
        long start = System.nanoTime();
        deadline = args.time() == null ? Long.MAX_VALUE : start + args.time().toNanos();
        long bound = (args.time() == null ? 0 : args.time().toMillis()) + GRACE_MS;
        for (NbdClient c : clients) {
            AtomicLong cursor = new AtomicLong();
            for (int s = 0; s < args.qd(); s++) {
                next(c, buffer(), cursor);
            }
        }
        boolean finished = args.time() == null ? awaitCount(bound) : slotsDone.await(bound, TimeUnit.MILLISECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!finished) {
            fail("run did not finish: " + clients.stream().mapToInt(NbdClient::inFlight).sum()
                    + " requests still in flight");
        }
        long ops = completed.get();
        return new BenchReport(args, ops, ops * args.bs(), seconds, errors.get(), firstError.get(),
                latency.percentile(0.50), latency.percentile(0.99), latency.max());
    }

    /** Count mode has no time limit; it waits while requests keep completing. */
    private boolean awaitCount(long stallMs) throws InterruptedException {
        long last = -1;
        while (!slotsDone.await(stallMs, TimeUnit.MILLISECONDS)) {
            long now = completed.get();
            if (now == last) {
                return false;
            }
            last = now;
        }
        return true;
    }

    private ByteBuffer buffer() {
        ByteBuffer b = ByteBuffer.allocateDirect(args.bs());
        if (args.rw().write) {
            byte[] junk = new byte[args.bs()];
            ThreadLocalRandom.current().nextBytes(junk);
            b.put(junk).flip();
        }
        return b;
    }

    private long regionBlocks(NbdClient c) {
        return Math.min(c.size(), args.sizeLimit()) / args.bs();
    }

    /** Issues this slot's next request, or retires the slot when the run is over. */
    private void next(NbdClient c, ByteBuffer buf, AtomicLong cursor) {
        boolean more = args.time() == null ? issued.incrementAndGet() <= args.count() : System.nanoTime() < deadline;
        if (!more || errors.get() > 0) {
            slotsDone.countDown();
            return;
        }
        long blocks = regionBlocks(c);
        long block = args.rw().random ? ThreadLocalRandom.current().nextLong(blocks)
                : Math.floorMod(cursor.getAndIncrement(), blocks);
        long offset = block * args.bs();
        buf.clear();
        long t0 = System.nanoTime();
        CompletableFuture<Void> f = args.rw().write ? c.write(offset, buf, false) : c.read(offset, buf);
        f.whenComplete((v, t) -> {
            if (t == null) {
                latency.record(System.nanoTime() - t0);
                completed.incrementAndGet();
            } else {
                fail(c + " at offset " + offset + ": " + t.getMessage());
            }
            next(c, buf, cursor);
        });
    }

    private void fail(String message) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, message);
    }
}
