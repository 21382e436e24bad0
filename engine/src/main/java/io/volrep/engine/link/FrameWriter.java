package io.volrep.engine.link;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.Deflater;

/**
 * Encodes frames of the layout in {@link LinkProtocol}, deflating a payload when asked and when that
 * makes it smaller. Not thread-safe: one writer thread per connection owns it.
 */
final class FrameWriter implements AutoCloseable {
    /** Payloads shorter than this are never deflated: the saving cannot pay for the work. */
    static final int COMPRESS_MIN_BYTES = 512;

    /** A frame ready for the wire: header and payload as they will be sent (the payload from position to limit). */
    record Encoded(int type, byte[] header, ByteBuffer wire) {
        int length() {
            return header.length + wire.remaining();
        }
    }

    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);

    /** Encodes {@code payload} from its position to its limit, leaving both unchanged. */
    Encoded encode(int type, ByteBuffer payload, boolean compress) {
        int flags = 0;
        ByteBuffer wire = payload.duplicate();
        if (compress && payload.remaining() >= COMPRESS_MIN_BYTES) {
            byte[] packed = deflate(payload.duplicate());
            if (packed != null) {
                wire = ByteBuffer.wrap(packed);
                flags = LinkProtocol.FLAG_DEFLATE;
            }
        }
        return new Encoded(type, header(type, flags, wire.duplicate()), wire);
    }

    /** The deflated payload, or null when it would not be smaller. */
    private byte[] deflate(ByteBuffer payload) {
        deflater.reset();
        byte[] out = new byte[payload.remaining() - 1];
        deflater.setInput(payload);
        deflater.finish();
        int n = 0;
        while (!deflater.finished() && n < out.length) {
            n += deflater.deflate(out, n, out.length - n);
        }
        return deflater.finished() ? Arrays.copyOf(out, n) : null;
    }

    static byte[] header(int type, int flags, byte[] wire) {
        return header(type, flags, ByteBuffer.wrap(wire));
    }

    /** The header of a frame whose wire bytes are {@code wire}'s remaining ones (consumed for the CRC). */
    static byte[] header(int type, int flags, ByteBuffer wire) {
        ByteBuffer h = ByteBuffer.allocate(LinkProtocol.HEADER_BYTES);
        h.putShort((short) type).put((byte) flags).putInt(wire.remaining());
        CRC32C c = new CRC32C();
        c.update(h.array(), 0, 7);
        c.update(wire);
        h.putInt((int) c.getValue());
        return h.array();
    }

    /** Writes one uncompressed frame and flushes: the handshake's way of sending. */
    static void writeAndFlush(OutputStream out, int type, byte[] payload) throws IOException {
        out.write(header(type, 0, payload));
        out.write(payload);
        out.flush();
    }

    @Override
    public void close() {
        deflater.end();
    }
}
