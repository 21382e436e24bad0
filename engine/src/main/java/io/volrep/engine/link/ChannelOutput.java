package io.volrep.engine.link;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A {@link FrameOutput} on a blocking socket channel. Small writes gather in a direct buffer until
 * {@link #flush} or a write that does not fit; that one goes out together with them in one gathering
 * system call, straight from its own memory when it is direct (a socket's stream would first copy it
 * into a temporary direct buffer). Writer thread only.
 */
final class ChannelOutput implements FrameOutput {
    private final SocketChannel channel;
    /** Bytes written and not yet sent, from 0 to position. */
    private final ByteBuffer pending = ByteBuffer.allocateDirect(Endpoint.BUFFER_BYTES);

    ChannelOutput(SocketChannel channel) {
        if (!channel.isBlocking()) {
            throw new IllegalArgumentException("channel must be in blocking mode");
        }
        this.channel = channel;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        if (src.remaining() <= pending.remaining()) {
            pending.put(src);
            return;
        }
        pending.flip();
        ByteBuffer[] both = {pending, src};
        while (pending.hasRemaining() || src.hasRemaining()) {
            channel.write(both);
        }
        pending.clear();
    }

    @Override
    public void flush() throws IOException {
        pending.flip();
        while (pending.hasRemaining()) {
            channel.write(pending);
        }
        pending.clear();
    }
}
