package io.volrep.engine.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Frame encoding and every way a received frame can be wrong, on byte arrays. */
class FrameCodecTest {
    private static final int MAX = 64 * 1024;

    private static byte[] encode(int type, byte[] payload, boolean compress) throws Exception {
        try (FrameWriter w = new FrameWriter()) {
            FrameWriter.Encoded e = w.encode(type, ByteBuffer.wrap(payload), compress);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(e.header());
            byte[] wire = new byte[e.wire().remaining()];
            e.wire().duplicate().get(wire);
            out.write(wire);
            return out.toByteArray();
        }
    }

    private static FrameReader reader(byte[] bytes) {
        return new FrameReader(new ByteArrayInputStream(bytes), MAX);
    }

    @Test
    void framesRoundTripAndEndCleanlyBetweenFrames() throws Exception {
        byte[] a = "first".getBytes();
        byte[] b = new byte[MAX];
        new Random(3).nextBytes(b);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(encode(0x7EFF, a, false));
        out.write(encode(0, b, true)); // random bytes do not deflate: sent plain
        try (FrameReader r = reader(out.toByteArray())) {
            Frame f = r.read();
            assertEquals(0x7EFF, f.type());
            assertArrayEquals(a, f.payload());
            Frame g = r.read();
            assertArrayEquals(b, g.payload());
            assertEquals(LinkProtocol.HEADER_BYTES + MAX, g.wireBytes());
            assertNull(r.read());
        }
    }

    /**
     * A borrowed type comes in the reader's one buffer, grown when a longer frame comes; every other
     * frame gets an array of its own.
     */
    @Test
    void borrowedFramesShareOneBuffer() throws Exception {
        byte[][] p = new byte[5][];
        Random random = new Random(5);
        int[] lengths = {1000, 1000, 999, 1000, 1500};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < p.length; i++) {
            p[i] = new byte[lengths[i]];
            random.nextBytes(p[i]);
            out.write(encode(i == 3 ? 6 : 7, p[i], false)); // the fourth is of another type
        }
        try (FrameReader r = reader(out.toByteArray())) {
            ByteBuffer[] got = new ByteBuffer[5];
            for (int i = 0; i < p.length; i++) {
                Frame f = r.read(type -> type == 7);
                if (i == 3) {
                    assertNull(f.borrowed(), "a type that is not borrowed comes in an array of its own");
                    assertArrayEquals(p[i], f.payload());
                    continue;
                }
                got[i] = f.borrowed();
                assertEquals(0, got[i].position());
                byte[] bytes = new byte[got[i].remaining()];
                got[i].duplicate().get(bytes);
                assertArrayEquals(p[i], bytes, "frame " + i);
            }
            assertTrue(got[1] == got[0] && got[2] == got[0], "no longer than the buffer: the buffer is reused");
            assertTrue(got[4] != got[2], "longer: a new buffer");
        }
    }

    @Test
    void compressiblePayloadIsDeflatedAndRestored() throws Exception {
        byte[] p = new byte[MAX];
        Arrays.fill(p, (byte) 'x');
        byte[] wire = encode(9, p, true);
        assertEquals(LinkProtocol.FLAG_DEFLATE, wire[2]);
        assertTrue(wire.length < 1000, "deflated to " + wire.length);
        try (FrameReader r = reader(wire)) {
            assertArrayEquals(p, r.read().payload());
        }
    }

    @Test
    void everyFlippedBitIsCaught() throws Exception {
        byte[] good = encode(3, "payload under test".getBytes(), false);
        for (int i = 0; i < good.length * 8; i++) {
            byte[] bad = good.clone();
            bad[i / 8] ^= (byte) (1 << (i % 8));
            try (FrameReader r = reader(bad)) {
                FrameException e = assertThrows(FrameException.class, r::read, "bit " + i);
                assertTrue(e.kind() == LinkStats.ErrorKind.CRC || e.kind() == LinkStats.ErrorKind.OVERSIZE
                        || e.kind() == LinkStats.ErrorKind.MALFORMED || e.kind() == LinkStats.ErrorKind.TRUNCATED,
                        e.kind() + " at bit " + i);
            }
        }
    }

    @Test
    void lengthBeyondTheLimitIsRefusedBeforeReadingThePayload() throws Exception {
        byte[] header = ByteBuffer.allocate(11).putShort((short) 1).put((byte) 0).putInt(MAX + 1).putInt(0).array();
        try (FrameReader r = reader(header)) {
            FrameException e = assertThrows(FrameException.class, r::read);
            assertEquals(LinkStats.ErrorKind.OVERSIZE, e.kind());
        }
        byte[] negative = ByteBuffer.allocate(11).putShort((short) 1).put((byte) 0).putInt(-5).putInt(0).array();
        try (FrameReader r = reader(negative)) {
            assertEquals(LinkStats.ErrorKind.OVERSIZE, assertThrows(FrameException.class, r::read).kind());
        }
    }

    @Test
    void truncatedHeaderOrPayloadIsReported() throws Exception {
        byte[] good = encode(3, new byte[100], false);
        for (int cut : new int[] {5, LinkProtocol.HEADER_BYTES, good.length - 1}) {
            try (FrameReader r = reader(Arrays.copyOf(good, cut))) {
                assertEquals(LinkStats.ErrorKind.TRUNCATED, assertThrows(FrameException.class, r::read).kind());
            }
        }
    }

    @Test
    void unknownFlagsAreRefused() throws Exception {
        byte[] payload = new byte[4];
        byte[] frame = new byte[LinkProtocol.HEADER_BYTES + 4];
        System.arraycopy(FrameWriter.header(1, 0x80, payload), 0, frame, 0, LinkProtocol.HEADER_BYTES);
        try (FrameReader r = reader(frame)) {
            assertEquals(LinkStats.ErrorKind.MALFORMED, assertThrows(FrameException.class, r::read).kind());
        }
    }

    @Test
    void deflateBombStopsAtTheLimit() throws Exception {
        byte[] huge = new byte[MAX * 16];
        Deflater d = new Deflater();
        d.setInput(huge);
        d.finish();
        byte[] packed = new byte[MAX];
        int n = d.deflate(packed);
        d.end();
        byte[] wire = Arrays.copyOf(packed, n);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(FrameWriter.header(1, LinkProtocol.FLAG_DEFLATE, wire));
        out.write(wire);
        try (FrameReader r = reader(out.toByteArray())) {
            FrameException e = assertThrows(FrameException.class, r::read);
            assertEquals(LinkStats.ErrorKind.OVERSIZE, e.kind());
        }
    }
}
