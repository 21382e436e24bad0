package io.volrep.engine.link;

import java.util.function.LongSupplier;

/**
 * The bandwidth limit of one connection's sends: a token bucket of bytes refilled at the rate, holding
 * at most a tenth of a second of it (never less than one {@link #CHUNK_BYTES} write). A rate of 0
 * means no limit. The bucket starts empty, so a limit holds from the first byte. The rate may change at any time from any thread; a sender waiting for tokens sees
 * the new rate at once. Thread-safe.
 */
final class TokenBucket {
    /** Largest single write the connection makes, so that a throttled frame flows in pieces. */
    static final int CHUNK_BYTES = 64 * 1024;

    private final LongSupplier nanoClock;
    private long rate;
    private double tokens;
    private long last;

    TokenBucket(long bytesPerSecond, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.last = nanoClock.getAsLong();
        setRate(bytesPerSecond);
    }

    synchronized void setRate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bandwidth limit " + bytesPerSecond + " B/s is negative");
        }
        refill();
        rate = bytesPerSecond;
        tokens = rate == 0 ? 0 : Math.min(tokens, capacity());
        notifyAll();
    }

    synchronized long rate() {
        return rate;
    }

    /** Takes {@code bytes} (at most {@link #CHUNK_BYTES}) now and returns 0, or returns the nanoseconds to wait. */
    synchronized long tryTake(int bytes) {
        if (rate == 0) {
            return 0;
        }
        refill();
        if (tokens >= bytes) {
            tokens -= bytes;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((bytes - tokens) * 1e9 / rate));
    }

    /** Blocks until {@code bytes} may be sent; returns at once when there is no limit. */
    synchronized void acquire(int bytes) throws InterruptedException {
        for (long wait = tryTake(bytes); wait > 0; wait = tryTake(bytes)) {
            wait(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
    }

    private long capacity() {
        return Math.max(CHUNK_BYTES, rate / 10);
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        if (rate > 0) {
            tokens = Math.min(capacity(), tokens + (now - last) * (double) rate / 1e9);
        }
        last = now;
    }
}
