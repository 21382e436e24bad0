package io.volrep.engine.link;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Where a {@link FrameReader} gets its bytes: a stream (TLS, the handshake, tests) or, on a plain TCP
 * link, the socket channel itself ({@link ChannelInput}).
 */
interface FrameInput {
    /** Reads until {@code dst} is full or the stream ends, advancing its position; returns the count read. */
    int readFully(ByteBuffer dst) throws IOException;

    /** A buffer of {@code capacity} bytes that this input fills at the least cost. */
    ByteBuffer allocate(int capacity);

    /** Whether bytes that arrived are waiting here to be read: false when the next read may block. */
    boolean buffered() throws IOException;

    static FrameInput of(InputStream in) {
        return new StreamInput(in);
    }

    /** Reads through a stream into heap buffers. */
    record StreamInput(InputStream in) implements FrameInput {
        @Override
        public int readFully(ByteBuffer dst) throws IOException {
            if (!dst.hasArray()) {
                throw new IllegalArgumentException("a stream reads into heap buffers only");
            }
            int done = 0;
            while (dst.hasRemaining()) {
                int k = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
                if (k < 0) {
                    break;
                }
                dst.position(dst.position() + k);
                done += k;
            }
            return done;
        }

        @Override
        public ByteBuffer allocate(int capacity) {
            return ByteBuffer.allocate(capacity);
        }

        @Override
        public boolean buffered() throws IOException {
            return in.available() > 0;
        }
    }
}
