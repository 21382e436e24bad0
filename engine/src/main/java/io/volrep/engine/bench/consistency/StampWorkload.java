package io.volrep.engine.bench.consistency;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.volrep.engine.nbd.NbdClient;

/**
 * Writes stamped blocks to several volumes of an RVG through NBD, with several writes in flight
 * (overlapping on purpose: a small block range is hit again and again) but never two at once on the
 * same block, and records every write and acknowledgement in a {@link WriteLog}. One sequence runs
 * across all volumes, so the log orders writes to different volumes too.
 */
public final class StampWorkload {
    private final List<NbdClient> volumes;
    private final long blocks;
    private final WriteLog log;
    private final AtomicLong seq;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final TreeSet<Long> ackedAbove = new TreeSet<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private long floor;
    private volatile boolean stop;

    /**
     * @param blocks   how many 4 KiB blocks of each volume the workload uses (from block 0)
     * @param firstSeq sequence numbers start after it (a later run on the same volumes starts higher)
     */
    public StampWorkload(List<NbdClient> volumes, long blocks, WriteLog log, long firstSeq) {
        this.volumes = List.copyOf(volumes);
        this.blocks = blocks;
        this.log = log;
        this.seq = new AtomicLong(firstSeq);
        this.floor = firstSeq;
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public long lastIssued() {
        return seq.get();
    }

    /** Why the run ended early, if it did (the NBD connection failed, say). */
    public Throwable failure() {
        return failure.get();
    }

    public void stop() {
        stop = true;
    }

    /** Runs until {@link #stop()}, {@code count} writes, or the first failed write; waits for what is in flight. */
    public void run(int depth, long count, long seed) throws InterruptedException, IOException {
        Semaphore slots = new Semaphore(depth);
        SplittableRandom rnd = new SplittableRandom(seed);
        long issued = 0;
        while (!stop && failure.get() == null && issued < count) {
            if (!slots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                continue;
            }
            int vol = rnd.nextInt(volumes.size());
            long block = rnd.nextLong(blocks);
            String key = vol + ":" + block;
            if (!busy.add(key)) {
                slots.release();
                continue;
            }
            long s = seq.incrementAndGet();
            log.issued(new WriteLog.Write(s, vol, block, currentFloor()));
            issued++;
            volumes.get(vol).write(block * Stamp.SIZE, Stamp.of(vol, block, s), false).whenComplete((v, err) -> {
                if (err == null) {
                    acked(s);
                } else {
                    failure.compareAndSet(null, err);
                }
                busy.remove(key);
                slots.release();
            });
        }
        slots.tryAcquire(depth, 60, TimeUnit.SECONDS);
    }

    private synchronized long currentFloor() {
        return floor;
    }

    private void acked(long s) {
        try {
            log.acked(s);
        } catch (IOException e) {
            failure.compareAndSet(null, e);
        }
        acknowledged.incrementAndGet();
        synchronized (this) {
            ackedAbove.add(s);
            while (!ackedAbove.isEmpty() && ackedAbove.first() == floor + 1) {
                floor = ackedAbove.pollFirst();
            }
        }
    }
}
