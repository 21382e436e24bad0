package io.volrep.engine.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in nanoseconds, log-linear buckets: 16 per power of two, so a reported percentile is
 * within 1/16 (6.25 %) above the true value. Lock-free; {@link #record} from any thread.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 4;
    private static final int SUB = 1 << SUB_BITS;
    private final AtomicLongArray counts = new AtomicLongArray(64 * SUB);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    public void record(long nanos) {
        long v = Math.max(1, nanos);
        counts.incrementAndGet(index(v));
        total.incrementAndGet();
        max.accumulateAndGet(v, Math::max);
    }

    public long count() {
        return total.get();
    }

    public long max() {
        return max.get();
    }

    /**
     * The smallest bucket bound below which at least {@code p} (0..1) of the samples fall, capped
     * at the true maximum; 0 when empty.
     */
    public long percentile(double p) {
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p * n));
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(upperBound(i), max.get());
            }
        }
        return max.get();
    }

    static int index(long v) {
        int msb = 63 - Long.numberOfLeadingZeros(v);
        if (msb < SUB_BITS) {
            return (int) v;
        }
        int sub = (int) ((v >>> (msb - SUB_BITS)) & (SUB - 1));
        return (msb - SUB_BITS + 1) * SUB + sub;
    }

    /** Largest value that lands in bucket {@code i}. */
    static long upperBound(int i) {
        if (i < SUB) {
            return i;
        }
        int msb = i / SUB + SUB_BITS - 1;
        long sub = i % SUB;
        long width = 1L << (msb - SUB_BITS);
        return ((SUB + sub) << (msb - SUB_BITS)) + width - 1;
    }
}
