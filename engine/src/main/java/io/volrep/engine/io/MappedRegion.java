package io.volrep.engine.io;

import java.nio.ByteBuffer;

/**
 * Part of a volume mapped read-only into memory ({@link BlockDevice#map}): its bytes straight from the
 * page cache, without the copy a read makes. Use {@link #bytes()} only until {@link #close()}, which
 * unmaps the memory: a buffer of it read after that would crash the JVM, so nothing that outlives the
 * region (a queued frame, a cache) may keep one. Not thread-safe; hand it over with a happens-before.
 */
public final class MappedRegion implements AutoCloseable {
    private final long mapAddress;
    private final long mapLength;
    private final ByteBuffer bytes;
    private boolean closed;

    MappedRegion(long mapAddress, long mapLength, ByteBuffer bytes) {
        this.mapAddress = mapAddress;
        this.mapLength = mapLength;
        this.bytes = bytes;
    }

    /** The region's bytes, read-only, position 0 to its length. */
    public ByteBuffer bytes() {
        if (closed) {
            throw new IllegalStateException("mapped region used after close");
        }
        return bytes.duplicate();
    }

    /** Unmaps the region; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Mmap.unmap(mapAddress, mapLength);
        }
    }
}
