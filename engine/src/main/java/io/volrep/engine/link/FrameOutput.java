package io.volrep.engine.link;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Where a connection's writer puts its frames: a stream (TLS) or, on a plain TCP link, the socket
 * channel itself ({@link ChannelOutput}). Small writes may wait for {@link #flush}.
 */
interface FrameOutput {
    /** Writes every remaining byte of {@code src}, advancing its position. */
    void write(ByteBuffer src) throws IOException;

    void flush() throws IOException;

    static FrameOutput of(OutputStream out) {
        return new StreamOutput(out);
    }

    /** Writes through a (buffered) stream; a direct buffer is copied out in chunks. */
    record StreamOutput(OutputStream out, byte[] chunk) implements FrameOutput {
        StreamOutput(OutputStream out) {
            this(out, new byte[Endpoint.BUFFER_BYTES]);
        }

        @Override
        public void write(ByteBuffer src) throws IOException {
            if (src.hasArray()) {
                out.write(src.array(), src.arrayOffset() + src.position(), src.remaining());
                src.position(src.limit());
                return;
            }
            while (src.hasRemaining()) {
                int n = Math.min(chunk.length, src.remaining());
                src.get(chunk, 0, n);
                out.write(chunk, 0, n);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
