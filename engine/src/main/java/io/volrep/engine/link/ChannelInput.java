package io.volrep.engine.link;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A {@link FrameInput} on a blocking socket channel. Small reads (headers, acknowledgements) are served
 * from a read-ahead buffer; a read at least that large goes from the socket straight into the caller's
 * buffer, with no copy at all when that buffer is direct. (A socket's stream copies every byte through
 * a temporary direct buffer into a heap array: on a synchronization copy that was one of the two copies
 * of every block on each side.)
 *
 * <p>A blocking channel read has no timeout. {@link #waitingNanos} tells the connection's watchdog how
 * long the current read has waited, and the watchdog closes the channel when that is too long, which
 * ends the read with an exception: the stream's SO_TIMEOUT, done from outside. Reader thread only,
 * except {@link #waitingNanos}.
 */
final class ChannelInput implements FrameInput {
    static final int AHEAD_BYTES = 64 * 1024;

    private final SocketChannel channel;
    /** Bytes read from the socket and not yet taken, between position and limit. */
    private final ByteBuffer ahead;
    /** When the read now blocked began (System.nanoTime), or 0 while no read is blocked. */
    private volatile long readingSince;

    /** @param leftover bytes that arrived before this input took over (read ahead by the handshake's stream) */
    ChannelInput(SocketChannel channel, byte[] leftover) {
        if (!channel.isBlocking()) {
            throw new IllegalArgumentException("channel must be in blocking mode");
        }
        this.channel = channel;
        this.ahead = ByteBuffer.allocateDirect(Math.max(AHEAD_BYTES, leftover.length));
        ahead.put(leftover).flip();
    }

    @Override
    public int readFully(ByteBuffer dst) throws IOException {
        int start = dst.position();
        while (dst.hasRemaining()) {
            if (ahead.hasRemaining()) {
                int n = Math.min(ahead.remaining(), dst.remaining());
                dst.put(ahead.slice(ahead.position(), n));
                ahead.position(ahead.position() + n);
            } else if (dst.remaining() >= ahead.capacity()) {
                if (read(dst) < 0) {
                    break;
                }
            } else {
                ahead.clear();
                int n = read(ahead);
                ahead.flip();
                if (n < 0) {
                    break;
                }
            }
        }
        return dst.position() - start;
    }

    private int read(ByteBuffer b) throws IOException {
        readingSince = System.nanoTime();
        try {
            return channel.read(b);
        } finally {
            readingSince = 0;
        }
    }

    /** How long the read now blocked has waited at {@code now} (System.nanoTime), 0 when none is. */
    long waitingNanos(long now) {
        long since = readingSince;
        return since == 0 ? 0 : now - since;
    }

    @Override
    public boolean buffered() {
        return ahead.hasRemaining();
    }

    @Override
    public ByteBuffer allocate(int capacity) {
        return ByteBuffer.allocateDirect(capacity);
    }
}
