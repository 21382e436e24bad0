package io.volrep.engine.io;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct, O_DIRECT-aligned buffers recycled by power-of-two size class (4 KiB .. {@code maxLength}):
 * allocating a direct buffer zeroes it, and on a VM faults its pages in, which a stream of request
 * payloads or synchronization blocks would otherwise pay for every time. At most {@code maxRetainedBytes}
 * sit idle in the pool; the rest are left to the collector. Thread-safe: one thread acquires, another
 * releases.
 */
public final class BufferPool {
    private static final int MIN_CLASS = 12;

    private final int maxClass;
    private final ConcurrentLinkedDeque<ByteBuffer>[] free;
    private final AtomicLong retained = new AtomicLong();
    private final long maxRetainedBytes;

    /** @param maxLength the largest buffer asked for, a power of two of at least 4 KiB */
    @SuppressWarnings("unchecked")
    public BufferPool(int maxLength, long maxRetainedBytes) {
        if (Integer.bitCount(maxLength) != 1 || maxLength < 1 << MIN_CLASS) {
            throw new IllegalArgumentException("largest buffer " + maxLength + " is not a power of two of at least 4 KiB");
        }
        this.maxClass = Integer.numberOfTrailingZeros(maxLength);
        this.maxRetainedBytes = maxRetainedBytes;
        this.free = new ConcurrentLinkedDeque[maxClass + 1];
        for (int c = MIN_CLASS; c <= maxClass; c++) {
            free[c] = new ConcurrentLinkedDeque<>();
        }
    }

    /** A buffer with position 0 and limit {@code length}; contents are stale, not zeroed. */
    public ByteBuffer acquire(int length) {
        if (length < 0 || length > 1 << maxClass) {
            throw new IllegalArgumentException("buffer of " + length + " bytes is outside 0.." + (1 << maxClass));
        }
        int c = sizeClass(length);
        ByteBuffer b = free[c].pollFirst();
        if (b == null) {
            b = NativeBlockDevice.alignedBuffer(1 << c).slice(); // capacity exactly the class size
        } else {
            retained.addAndGet(-b.capacity());
        }
        b.clear().limit(length);
        return b;
    }

    /**
     * Gives a buffer from {@link #acquire} back; the caller must not touch it afterwards. A buffer the
     * pool did not size (its capacity is no size class) is left to the collector.
     */
    public void release(ByteBuffer b) {
        int c = 31 - Integer.numberOfLeadingZeros(b.capacity());
        if (c < MIN_CLASS || c > maxClass || b.capacity() != 1 << c) {
            return;
        }
        if (retained.addAndGet(b.capacity()) > maxRetainedBytes) {
            retained.addAndGet(-b.capacity());
            return;
        }
        free[c].offerFirst(b);
    }

    private static int sizeClass(int length) {
        if (length <= 1 << MIN_CLASS) {
            return MIN_CLASS;
        }
        return 32 - Integer.numberOfLeadingZeros(length - 1);
    }
}
