package io.volrep.engine.nbd;

import java.io.EOFException;
import java.io.Flushable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Buffered input of a connection's requests: one read takes whatever the client has sent (often
 * many pipelined requests with their payloads) and requests are parsed out of the buffer, instead
 * of two or more small reads per request. Payloads larger than the buffer are read straight into
 * their destination.
 *
 * <p>Before any read from the socket, {@code beforeRead} is flushed: replies that are ready go out
 * before the reader may block waiting for the client, who may be waiting for them.
 *
 * <p>The buffer is direct (the channel would copy through a temporary direct buffer otherwise). Between
 * calls its position is the next unparsed byte and its limit the end of the bytes read. Not
 * thread-safe: the connection's reader thread owns it.
 */
final class InputBuffer {
    private final ReadableByteChannel ch;
    private final ByteBuffer buf;
    private final Flushable beforeRead;

    InputBuffer(ReadableByteChannel ch, int capacity, Flushable beforeRead) {
        this.ch = ch;
        this.buf = ByteBuffer.allocateDirect(capacity).limit(0);
        this.beforeRead = beforeRead;
    }

    /** Bytes read from the socket and not yet parsed. */
    int buffered() {
        return buf.remaining();
    }

    /**
     * Makes at least {@code n} bytes (at most the capacity) available to the getters.
     *
     * @return false when the client closed the connection cleanly between messages (nothing buffered)
     * @throws EOFException when the client closed in the middle of a message
     */
    boolean await(int n) throws IOException {
        if (n > buf.capacity()) {
            throw new IllegalArgumentException("cannot buffer " + n + " bytes in " + buf.capacity());
        }
        if (buf.remaining() >= n) {
            return true;
        }
        beforeRead.flush();
        buf.compact();
        try {
            while (buf.position() < n) {
                if (ch.read(buf) < 0) {
                    if (buf.position() == 0) {
                        return false;
                    }
                    throw new EOFException("peer closed with " + (n - buf.position()) + " of " + n + " bytes missing");
                }
            }
        } finally {
            buf.flip();
        }
        return true;
    }

    int getInt() {
        return buf.getInt();
    }

    short getShort() {
        return buf.getShort();
    }

    long getLong() {
        return buf.getLong();
    }

    /** Fills the remaining bytes of {@code dst}: from the buffer first, then from the socket. */
    void readFully(ByteBuffer dst) throws IOException {
        take(dst);
        if (!dst.hasRemaining()) {
            return;
        }
        if (dst.remaining() >= buf.capacity()) {
            beforeRead.flush();
            Wire.readFully(ch, dst); // the buffer is empty: nothing is skipped
            return;
        }
        if (!await(dst.remaining())) {
            throw new EOFException("peer closed with " + dst.remaining() + " payload bytes missing");
        }
        take(dst);
    }

    /** Reads and drops {@code n} bytes. */
    void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            if (!buf.hasRemaining() && !await(1)) {
                throw new EOFException("peer closed with " + left + " of " + n + " bytes to skip missing");
            }
            int step = (int) Math.min(left, buf.remaining());
            buf.position(buf.position() + step);
            left -= step;
        }
    }

    /** Copies as many buffered bytes as fit into {@code dst}. */
    private void take(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), buf.remaining());
        dst.put(dst.position(), buf, buf.position(), n);
        dst.position(dst.position() + n);
        buf.position(buf.position() + n);
    }
}
