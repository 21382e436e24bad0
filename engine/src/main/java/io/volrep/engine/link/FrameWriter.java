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

    /** A frame ready for the wire: header and payload as they will be sent. */
    record Encoded(int type, byte[] header, byte[] wire) {
        int length() {
            return header.length + wire.length;
        }
    }

    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);

    Encoded encode(int type, byte[] payload, boolean compress) {
        int flags = 0;
        byte[] wire = payload;
        if (compress && payload.length >= COMPRESS_MIN_BYTES) {
            byte[] packed = deflate(payload);
            if (packed != null) {
                wire = packed;
                flags = LinkProtocol.FLAG_DEFLATE;
            }
        }
        return new Encoded(type, header(type, flags, wire), wire);
    }

    /** The deflated payload, or null when it would not be smaller. */
    private byte[] deflate(byte[] payload) {
        deflater.reset();
        deflater.setInput(payload);
        deflater.finish();
        byte[] out = new byte[payload.length - 1];
        int n = 0;
        while (!deflater.finished() && n < out.length) {
            n += deflater.deflate(out, n, out.length - n);
        }
        return deflater.finished() ? Arrays.copyOf(out, n) : null;
    }

    static byte[] header(int type, int flags, byte[] wire) {
        ByteBuffer h = ByteBuffer.allocate(LinkProtocol.HEADER_BYTES);
        h.putShort((short) type).put((byte) flags).putInt(wire.length);
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
