package io.volrep.engine.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How far one synchronization session has come: bytes compared (or copied, for a full sync) out of the
 * total, blocks found different, bytes sent, and for a verify the ranges of differing blocks (adjacent
 * blocks merged; the first {@value #MAX_RANGES} ranges kept, all counted). Written by the session's
 * thread, read by any (progress lines, repstatus). Thread-safe.
 */
public final class SyncProgress {
    static final int MAX_RANGES = 1000;

    /** A run of differing blocks of one volume, in bytes. */
    public record Range(String volume, long offset, long length) {
    }

    private final long totalBytes;
    private final LongSupplier nanos;
    private final long startNanos;
    private final AtomicLong doneBytes = new AtomicLong();
    private final AtomicLong differing = new AtomicLong();
    private final AtomicLong sentBytes = new AtomicLong();
    private final List<Range> ranges = new ArrayList<>();
    private long rangeCount;

    SyncProgress(long totalBytes, LongSupplier nanos) {
        this.totalBytes = totalBytes;
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
    }

    void scanned(long bytes) {
        doneBytes.addAndGet(bytes);
    }

    void sent(long bytes) {
        sentBytes.addAndGet(bytes);
    }

    /** One block of {@code volume} at {@code offset} differs. */
    synchronized void differs(String volume, long offset, int length) {
        differing.incrementAndGet();
        Range last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
        if (last != null && last.volume().equals(volume) && last.offset() + last.length() == offset) {
            ranges.set(ranges.size() - 1, new Range(volume, last.offset(), last.length() + length));
            return;
        }
        rangeCount++;
        if (ranges.size() < MAX_RANGES) {
            ranges.add(new Range(volume, offset, length));
        }
    }

    public long totalBytes() {
        return totalBytes;
    }

    public long doneBytes() {
        return doneBytes.get();
    }

    public long differingBlocks() {
        return differing.get();
    }

    public long sentBytes() {
        return sentBytes.get();
    }

    /** The differing ranges kept (at most {@value #MAX_RANGES}). */
    public synchronized List<Range> ranges() {
        return List.copyOf(ranges);
    }

    /** How many differing ranges there are in all. */
    public synchronized long rangeCount() {
        return rangeCount;
    }

    public int percent() {
        return totalBytes == 0 ? 100 : (int) Math.min(100, doneBytes.get() * 100 / totalBytes);
    }

    /** Bytes compared or copied per second so far. */
    public double bytesPerSecond() {
        double secs = Math.max(1e-3, (nanos.getAsLong() - startNanos) / 1e9);
        return doneBytes.get() / secs;
    }

    /** {@code 45% (7.20 of 16.00 MB), 120.3 MB/s, ETA 0h 0m 12s, 37 blocks differ} */
    public String line() {
        double rate = bytesPerSecond();
        long left = totalBytes - doneBytes.get();
        String eta = rate < 1 ? "unknown" : duration((long) (left / rate));
        return String.format("%d%% (%.2f of %.2f MB), %.1f MB/s, ETA %s, %d blocks differ, %.2f MB sent", percent(),
                doneBytes.get() / 1e6, totalBytes / 1e6, rate / 1e6, eta, differing.get(), sentBytes.get() / 1e6);
    }

    static String duration(long seconds) {
        return String.format("%dh %dm %ds", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
