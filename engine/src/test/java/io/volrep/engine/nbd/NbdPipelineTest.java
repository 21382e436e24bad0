package io.volrep.engine.nbd;

import static io.volrep.engine.nbd.NbdFixture.RW;
import static io.volrep.engine.nbd.NbdProtocol.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests as the connection's input buffer meets them: many in one send, split at odd places,
 * payloads larger than the buffer, and a garbled stream that must close only its own connection.
 */
@Timeout(60)
class NbdPipelineTest {
    private static final int SIZE = 4 << 20;
    private static final int BIG = 1 << 20;

    @TempDir
    Path dir;
    private NbdFixture fx;
    private final Random random = new Random(11);

    /** Buffered: plain writes are answered by the reader; direct: by the reply writer. */
    private void start(boolean direct) throws Exception {
        fx = new NbdFixture(dir, SIZE, false, direct, d -> d);
    }

    @AfterEach
    void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private RawNbd raw() throws Exception {
        return new RawNbd(fx.server.socketPath().orElseThrow());
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static ByteBuffer request(int type, int flags, long handle, long offset, int length, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(28 + (payload == null ? 0 : payload.length));
        b.putInt(REQUEST_MAGIC).putShort((short) flags).putShort((short) type).putLong(handle).putLong(offset)
                .putInt(length);
        if (payload != null) {
            b.put(payload);
        }
        return b.flip();
    }

    private static ByteBuffer concat(List<ByteBuffer> parts) {
        ByteBuffer all = ByteBuffer.allocate(parts.stream().mapToInt(ByteBuffer::remaining).sum());
        parts.forEach(all::put);
        return all.flip();
    }

    /** Reads {@code n} simple replies in whatever order they come; each must succeed. */
    private static Set<Long> successfulReplies(RawNbd r, int n) throws Exception {
        Set<Long> handles = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ByteBuffer h = r.read(16);
            assertEquals(SIMPLE_REPLY_MAGIC, h.getInt());
            int error = h.getInt();
            long handle = h.getLong();
            assertEquals(0, error, "reply to request " + handle);
            handles.add(handle);
        }
        return handles;
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void pipelinedRequestsSentInOddPiecesAreAllAnswered(boolean direct) throws Exception {
        start(direct);
        byte[] a = bytes(4096);
        byte[] b = bytes(4096);
        byte[] c = bytes(BIG);
        ByteBuffer stream = concat(List.of(
                request(CMD_WRITE, 0, 1, 0, a.length, a),
                request(CMD_WRITE, CMD_FLAG_FUA, 2, 4096, b.length, b),
                request(CMD_WRITE, 0, 3, 8192, c.length, c),
                request(CMD_WRITE_ZEROES, 0, 4, 8192 + BIG, 4096, null),
                request(CMD_FLUSH, 0, 5, 0, 0, null)));
        try (RawNbd r = raw()) {
            r.go(RW);
            // pieces that cut a header, a payload and the gap between two requests
            for (int cut : new int[] {1, 9, 18, 4000, 150, 4115, 70_000, 30}) {
                int n = Math.min(cut, stream.remaining());
                r.send(stream.slice(stream.position(), n));
                stream.position(stream.position() + n);
            }
            r.send(stream);
            assertEquals(Set.of(1L, 2L, 3L, 4L, 5L), successfulReplies(r, 5));

            int total = 8192 + BIG + 4096;
            r.request(CMD_READ, 0, 6, 0, total, null);
            assertEquals(0, r.reply(6));
            ByteBuffer back = r.read(total);
            assertEquals(ByteBuffer.wrap(a), back.slice(0, 4096));
            assertEquals(ByteBuffer.wrap(b), back.slice(4096, 4096));
            assertEquals(ByteBuffer.wrap(c), back.slice(8192, BIG));
            assertEquals(ByteBuffer.allocate(4096), back.slice(8192 + BIG, 4096));
        }
        byte[] file = fx.fileBytes(RW);
        assertArrayEquals(c, Arrays.copyOfRange(file, 8192, 8192 + BIG), "the large write is on the file");
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void manySmallWritesInOneSendGetOneReplyEach(boolean direct) throws Exception {
        start(direct);
        int count = 200; // more than the input buffer holds: it refills between requests
        byte[][] blocks = new byte[count][];
        ByteBuffer[] parts = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            blocks[i] = bytes(4096);
            parts[i] = request(CMD_WRITE, 0, 100 + i, (long) i * 4096, 4096, blocks[i]);
        }
        try (RawNbd r = raw()) {
            r.go(RW);
            r.send(parts);
            Set<Long> handles = successfulReplies(r, count);
            assertEquals(count, handles.size());
            assertTrue(handles.contains(100L) && handles.contains(100L + count - 1));
        }
        byte[] file = fx.fileBytes(RW);
        for (int i = 0; i < count; i++) {
            assertArrayEquals(blocks[i], Arrays.copyOfRange(file, i * 4096, (i + 1) * 4096), "block " + i);
        }
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void aGarbledStreamClosesOnlyItsConnectionAfterAnsweringWhatCameBefore(boolean direct) throws Exception {
        start(direct);
        byte[] mine = bytes(4096);
        byte[] theirs = bytes(4096);
        try (NbdClient good = NbdClient.connect(fx.uri(RW)); RawNbd bad = raw()) {
            NbdRoundTripTest.await(List.of(good.write(0, ByteBuffer.wrap(mine), false)));
            bad.go(RW);
            ByteBuffer garbage = ByteBuffer.allocate(28).putInt(0xdeadbeef).position(28).flip();
            bad.send(request(CMD_WRITE, 0, 1, 8192, theirs.length, theirs), garbage);
            assertEquals(0, bad.reply(1), "the write before the garbage is answered");
            assertTrue(bad.closedByServer());

            ByteBuffer back = ByteBuffer.allocate(12288);
            good.read(0, back).get();
            assertEquals(ByteBuffer.wrap(mine), back.flip().slice(0, 4096));
            assertEquals(ByteBuffer.wrap(theirs), back.slice(8192, 4096));
            NbdRoundTripTest.await(List.of(good.write(4096, ByteBuffer.wrap(theirs), true), good.flush()));
        }
        try (RawNbd truncated = raw()) {
            truncated.go(RW);
            truncated.send(request(CMD_WRITE, 0, 1, 0, 4096, null), ByteBuffer.wrap(theirs, 0, 100));
        }
        try (NbdClient after = NbdClient.connect(fx.uri(RW))) {
            ByteBuffer back = ByteBuffer.allocate(4096);
            after.read(0, back).get();
            assertEquals(ByteBuffer.wrap(mine), back.flip(), "a truncated payload wrote nothing");
        }
    }
}
