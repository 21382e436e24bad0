package io.volrep.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.LongConsumer;

/**
 * Writing zeros over a range of a device: zero-initialized volumes, a file-backed SRL's allocation, a
 * synchronization's runs of zero blocks. Bulk writes (around the page cache where the device can) of up
 * to {@value #PIECE} bytes from one shared buffer that nothing ever writes into. Thread-safe.
 */
public final class Zeros {
    static final int PIECE = 4 << 20;
    private static final ByteBuffer ZEROS = NativeBlockDevice.alignedBuffer(PIECE);

    private Zeros() {
    }

    /**
     * Writes zeros over {@code [offset, offset + length)} of {@code dev}, without syncing; after each
     * piece {@code done} hears how many bytes are written so far (the last time, {@code length}).
     */
    public static void write(BlockDevice dev, long offset, long length, LongConsumer done) throws IOException {
        for (long at = 0; at < length; ) {
            int n = (int) Math.min(PIECE, length - at);
            dev.writeBulk(offset + at, ZEROS.duplicate().limit(n));
            at += n;
            done.accept(at);
        }
    }
}
