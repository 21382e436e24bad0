package io.volrep.engine.nbd;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

import io.volrep.engine.io.NativeBlockDevice;

/**
 * Direct, O_DIRECT-aligned buffers for request payloads, recycled by power-of-two size class
 * (4 KiB .. {@link NbdProtocol#MAX_BLOCK}). At most {@code maxRetainedBytes} sit idle in the pool;
 * the rest are left to the collector. Thread-safe: one thread acquires, another releases.
 */
final class BufferPool {
    private static final int MIN_CLASS = 12;
    private static final int MAX_CLASS = Integer.numberOfTrailingZeros(NbdProtocol.MAX_BLOCK);

    @SuppressWarnings("unchecked")
    private final ConcurrentLinkedDeque<ByteBuffer>[] free = new ConcurrentLinkedDeque[MAX_CLASS + 1];
    private final AtomicLong retained = new AtomicLong();
    private final long maxRetainedBytes;

    BufferPool(long maxRetainedBytes) {
        this.maxRetainedBytes = maxRetainedBytes;
        for (int c = MIN_CLASS; c <= MAX_CLASS; c++) {
            free[c] = new ConcurrentLinkedDeque<>();
        }
    }

    /** A buffer with position 0 and limit {@code length}; contents are stale, not zeroed. */
    ByteBuffer acquire(int length) {
        if (length < 0 || length > NbdProtocol.MAX_BLOCK) {
            throw new IllegalArgumentException("buffer of " + length + " bytes is outside 0.." + NbdProtocol.MAX_BLOCK);
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

    /** Gives a buffer from {@link #acquire} back; the caller must not touch it afterwards. */
    void release(ByteBuffer b) {
        int c = 31 - Integer.numberOfLeadingZeros(b.capacity());
        if (c < MIN_CLASS || c > MAX_CLASS) {
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
