package io.volrep.engine.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Requests parsed out of a buffer that the socket fills in pieces of any size. */
class InputBufferTest {

    /** Hands out the bytes given to it in the read sizes given to it; then end of stream. */
    private static final class Pieces implements ReadableByteChannel {
        final Deque<ByteBuffer> pieces = new ArrayDeque<>();
        int reads;

        Pieces add(byte[] bytes, int... sizes) {
            int at = 0;
            for (int n : sizes) {
                pieces.add(ByteBuffer.wrap(bytes, at, n));
                at += n;
            }
            if (at < bytes.length) {
                pieces.add(ByteBuffer.wrap(bytes, at, bytes.length - at));
            }
            return this;
        }

        @Override
        public int read(ByteBuffer dst) {
            reads++;
            ByteBuffer p = pieces.peek();
            if (p == null) {
                return -1;
            }
            int n = Math.min(dst.remaining(), p.remaining());
            dst.put(dst.position(), p, p.position(), n).position(dst.position() + n);
            p.position(p.position() + n);
            if (!p.hasRemaining()) {
                pieces.poll();
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private int flushes;

    private InputBuffer over(Pieces p, int capacity) {
        return new InputBuffer(p, capacity, () -> flushes++);
    }

    private static byte[] header(int type, long handle, long offset, int length) {
        return ByteBuffer.allocate(28).putInt(NbdProtocol.REQUEST_MAGIC).putShort((short) 0).putShort((short) type)
                .putLong(handle).putLong(offset).putInt(length).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    private static void assertHeader(InputBuffer in, int type, long handle, long offset, int length) throws Exception {
        assertTrue(in.await(28));
        assertEquals(NbdProtocol.REQUEST_MAGIC, in.getInt());
        assertEquals(0, in.getShort());
        assertEquals(type, in.getShort());
        assertEquals(handle, in.getLong());
        assertEquals(offset, in.getLong());
        assertEquals(length, in.getInt());
    }

    @Test
    void aRequestSplitAcrossManyReadsIsReassembled() throws Exception {
        byte[] payload = new byte[100];
        new Random(1).nextBytes(payload);
        Pieces p = new Pieces().add(concat(header(1, 7, 4096, 100), payload), 1, 3, 10, 20, 40);
        InputBuffer in = over(p, 256);
        assertHeader(in, 1, 7, 4096, 100);
        ByteBuffer dst = ByteBuffer.allocate(100);
        in.readFully(dst);
        assertEquals(ByteBuffer.wrap(payload), dst.flip());
        assertFalse(in.await(28), "clean end between requests");
    }

    @Test
    void pipelinedRequestsComeOutOfOneRead() throws Exception {
        byte[] payload = new byte[512];
        new Random(2).nextBytes(payload);
        byte[] all = concat(header(1, 1, 0, 512), payload, header(3, 2, 0, 0), header(0, 3, 512, 512));
        Pieces p = new Pieces().add(all);
        InputBuffer in = over(p, 4096);
        assertHeader(in, 1, 1, 0, 512);
        ByteBuffer dst = ByteBuffer.allocate(512);
        in.readFully(dst);
        assertEquals(ByteBuffer.wrap(payload), dst.flip());
        assertHeader(in, 3, 2, 0, 0);
        assertHeader(in, 0, 3, 512, 512);
        assertEquals(1, p.reads, "one read for three requests");
        assertEquals(1, flushes, "replies flushed once, before the one read");
    }

    @Test
    void aPayloadLargerThanTheBufferGoesStraightToItsDestination() throws Exception {
        byte[] payload = new byte[10_000];
        new Random(3).nextBytes(payload);
        byte[] all = concat(header(1, 1, 0, payload.length), payload, header(3, 2, 0, 0));
        InputBuffer in = over(new Pieces().add(all, 100, 5000, 3000), 256);
        assertHeader(in, 1, 1, 0, payload.length);
        ByteBuffer dst = ByteBuffer.allocate(payload.length);
        in.readFully(dst);
        assertEquals(ByteBuffer.wrap(payload), dst.flip());
        assertHeader(in, 3, 2, 0, 0);
        assertFalse(in.await(28));
    }

    @Test
    void skipDropsExactlyThePayloadAcrossRefills() throws Exception {
        byte[] all = concat(header(1, 1, 0, 1000), new byte[1000], header(3, 2, 0, 0));
        InputBuffer in = over(new Pieces().add(all, 28, 7, 500), 64);
        assertHeader(in, 1, 1, 0, 1000);
        in.skip(1000);
        assertHeader(in, 3, 2, 0, 0);
    }

    @Test
    void aTruncatedHeaderOrPayloadIsAnEofNotACleanEnd() throws Exception {
        byte[] h = header(1, 1, 0, 100);
        InputBuffer cut = over(new Pieces().add(java.util.Arrays.copyOf(h, 10)), 64);
        assertThrows(EOFException.class, () -> cut.await(28));

        InputBuffer shortPayload = over(new Pieces().add(concat(h, new byte[40])), 64);
        assertHeader(shortPayload, 1, 1, 0, 100);
        assertThrows(EOFException.class, () -> shortPayload.readFully(ByteBuffer.allocate(100)));

        InputBuffer shortLarge = over(new Pieces().add(concat(h, new byte[40])), 64);
        assertHeader(shortLarge, 1, 1, 0, 100);
        assertThrows(EOFException.class, () -> shortLarge.skip(100));
    }

    @Test
    void repliesAreFlushedBeforeEveryReadOfTheSocketAndNotOtherwise() throws Exception {
        byte[] two = concat(header(3, 1, 0, 0), header(3, 2, 0, 0));
        Pieces p = new Pieces().add(two, 28);
        InputBuffer in = over(p, 64);
        assertHeader(in, 3, 1, 0, 0);
        assertEquals(1, flushes);
        assertEquals(0, in.buffered());
        assertHeader(in, 3, 2, 0, 0);
        assertEquals(2, flushes, "flushed again before the second read");
        assertThrows(IllegalArgumentException.class, () -> in.await(65));
    }
}
