package io.volrep.engine.nbd;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;

/** Blocking whole-buffer transfers on a channel: the only way NBD bytes move. */
final class Wire {
    private Wire() {
    }

    /**
     * Fills the remaining bytes of {@code buf}.
     *
     * @throws EOFException when the peer closes first; its message tells how many bytes were missing
     */
    static void readFully(ReadableByteChannel ch, ByteBuffer buf) throws IOException {
        int wanted = buf.remaining();
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new EOFException("peer closed with " + buf.remaining() + " of " + wanted + " bytes missing");
            }
        }
    }

    /** Writes every remaining byte of {@code bufs}. */
    static void writeFully(GatheringByteChannel ch, ByteBuffer... bufs) throws IOException {
        long left = 0;
        for (ByteBuffer b : bufs) {
            left += b.remaining();
        }
        while (left > 0) {
            long n = ch.write(bufs);
            left -= n;
        }
    }
}
