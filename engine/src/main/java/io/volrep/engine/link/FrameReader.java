package io.volrep.engine.link;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads frames of the layout in {@link LinkProtocol} and checks them: flags, length against the
 * limit (before any buffer is allocated), CRC32C, and the inflated size. Not thread-safe: one reader
 * thread per connection owns it.
 */
final class FrameReader implements AutoCloseable {
    private final FrameInput in;
    private final int maxPayload;
    private final byte[] header = new byte[LinkProtocol.HEADER_BYTES];
    private final Inflater inflater = new Inflater();
    /** The buffer borrowed frames are read into, grown to the longest one so far. */
    private ByteBuffer spare;

    FrameReader(InputStream in, int maxPayload) {
        this(FrameInput.of(in), maxPayload);
    }

    FrameReader(FrameInput in, int maxPayload) {
        this.in = in;
        this.maxPayload = maxPayload;
    }

    /** The next frame, or null when the stream ends cleanly between frames. */
    Frame read() throws IOException {
        return read(type -> false);
    }

    /**
     * The next frame, or null when the stream ends cleanly between frames. A frame whose type
     * {@code borrowed} accepts comes as {@link Frame#borrowed}, in the reader's one buffer (direct on a
     * channel): the caller must be done with the last such frame (see {@link FrameHandler#borrows}).
     */
    Frame read(IntPredicate borrowed) throws IOException {
        int got = in.readFully(ByteBuffer.wrap(header));
        if (got == 0) {
            return null;
        }
        if (got < header.length) {
            throw new FrameException(LinkStats.ErrorKind.TRUNCATED,
                    "stream ended after " + got + " of " + header.length + " header bytes");
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        int type = Short.toUnsignedInt(h.getShort(0));
        int flags = Byte.toUnsignedInt(h.get(2));
        int length = h.getInt(3);
        int crc = h.getInt(7);
        if ((flags & ~LinkProtocol.FLAG_DEFLATE) != 0) {
            throw new FrameException(LinkStats.ErrorKind.MALFORMED,
                    String.format("frame type 0x%04X has unknown flags 0x%02X", type, flags));
        }
        if (length < 0 || length > maxPayload) {
            throw new FrameException(LinkStats.ErrorKind.OVERSIZE, String.format(
                    "frame type 0x%04X claims %d payload bytes, limit is %d", type, Integer.toUnsignedLong(length),
                    maxPayload));
        }
        boolean borrow = borrowed.test(type);
        ByteBuffer wire;
        if (borrow) {
            if (spare == null || spare.capacity() < length) {
                spare = in.allocate(length);
            }
            wire = spare.clear().limit(length);
        } else {
            wire = ByteBuffer.allocate(length);
        }
        int read = in.readFully(wire);
        if (read < length) {
            throw new FrameException(LinkStats.ErrorKind.TRUNCATED, String.format(
                    "stream ended after %d of %d payload bytes of frame type 0x%04X", read, length, type));
        }
        wire.flip();
        CRC32C c = new CRC32C();
        c.update(header, 0, 7);
        c.update(wire.duplicate());
        if ((int) c.getValue() != crc) {
            throw new FrameException(LinkStats.ErrorKind.CRC, String.format(
                    "CRC32C mismatch on frame type 0x%04X of %d bytes (got %08X, header says %08X)", type, length,
                    (int) c.getValue(), crc));
        }
        int wireBytes = header.length + length;
        if ((flags & LinkProtocol.FLAG_DEFLATE) != 0) {
            byte[] payload = inflate(type, wire);
            return borrow ? new Frame(type, null, ByteBuffer.wrap(payload), wireBytes) : new Frame(type, payload, wireBytes);
        }
        return borrow ? new Frame(type, null, wire, wireBytes) : new Frame(type, wire.array(), wireBytes);
    }

    private byte[] inflate(int type, ByteBuffer wire) throws FrameException {
        inflater.reset();
        inflater.setInput(wire);
        byte[] out = new byte[Math.min(maxPayload, Math.max(1024, wire.remaining() * 4))];
        int n = 0;
        try {
            while (!inflater.finished()) {
                if (n == out.length) {
                    if (out.length == maxPayload) {
                        throw new FrameException(LinkStats.ErrorKind.OVERSIZE, String.format(
                                "frame type 0x%04X inflates beyond the %d byte limit", type, maxPayload));
                    }
                    out = Arrays.copyOf(out, (int) Math.min(maxPayload, 2L * out.length));
                }
                int k = inflater.inflate(out, n, out.length - n);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new FrameException(LinkStats.ErrorKind.MALFORMED,
                            String.format("deflated payload of frame type 0x%04X is incomplete", type));
                }
                n += k;
            }
        } catch (DataFormatException e) {
            throw new FrameException(LinkStats.ErrorKind.MALFORMED,
                    String.format("deflated payload of frame type 0x%04X is corrupt: %s", type, e.getMessage()));
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    @Override
    public void close() {
        inflater.end();
    }
}
