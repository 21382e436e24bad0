package io.volrep.engine.nbd;

import static io.volrep.engine.nbd.NbdFixture.RO;
import static io.volrep.engine.nbd.NbdFixture.RW;
import static io.volrep.engine.nbd.NbdProtocol.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and hostile input on raw sockets: each case must leave the data untouched and the
 * server serving other clients.
 */
@Timeout(60)
class NbdRobustnessTest {
    private static final int SIZE = 1 << 20;

    @TempDir
    Path dir;
    private NbdFixture fx;
    private byte[] image;

    @BeforeEach
    void start() throws Exception {
        fx = new NbdFixture(dir, SIZE, false);
        image = new byte[SIZE];
        new Random(9).nextBytes(image);
        try (NbdClient c = NbdClient.connect(fx.uri(RW))) {
            NbdRoundTripTest.await(List.of(c.write(0, ByteBuffer.wrap(image), true)));
        }
    }

    @AfterEach
    void stop() throws Exception {
        assertStillServingAndUntouched();
        fx.close();
    }

    private void assertStillServingAndUntouched() throws Exception {
        try (NbdClient c = NbdClient.connect(fx.uri(RW))) {
            assertArrayEquals(image, NbdRoundTripTest.readAll(c));
        }
        assertArrayEquals(image, fx.fileBytes(RW));
    }

    private RawNbd raw() throws Exception {
        return new RawNbd(fx.server.socketPath().orElseThrow());
    }

    @Test
    void unknownClientFlagsCloseTheConnection() throws Exception {
        try (RawNbd r = raw()) {
            r.greet(0x40);
            assertTrue(r.closedByServer());
        }
    }

    @Test
    void badOptionMagicClosesTheConnection() throws Exception {
        try (RawNbd r = raw()) {
            r.greet(FLAG_FIXED_NEWSTYLE);
            r.send(ByteBuffer.allocate(16).putLong(0x1122334455667788L).putInt(OPT_GO).putInt(0).flip());
            assertTrue(r.closedByServer());
        }
    }

    @Test
    void hugeOptionLengthClosesWithoutReadingIt() throws Exception {
        try (RawNbd r = raw()) {
            r.greet(FLAG_FIXED_NEWSTYLE);
            r.send(ByteBuffer.allocate(16).putLong(IHAVEOPT).putInt(OPT_GO).putInt(0x7fff_ffff).flip());
            assertTrue(r.closedByServer());
        }
    }

    @Test
    void unknownAndRefusedOptionsGetErrUnsupThenGoStillWorks() throws Exception {
        try (RawNbd r = raw()) {
            r.greet(FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES);
            ByteBuffer[] d = new ByteBuffer[1];
            r.option(99, ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertEquals(REP_ERR_UNSUP, r.optionReply(99, d));
            r.option(OPT_STRUCTURED_REPLY, ByteBuffer.allocate(0));
            assertEquals(REP_ERR_UNSUP, r.optionReply(OPT_STRUCTURED_REPLY, d));
            r.option(OPT_LIST, ByteBuffer.allocate(0));
            assertEquals(REP_SERVER, r.optionReply(OPT_LIST, d));
            assertEquals(RW, name(d[0]));
            assertEquals(REP_SERVER, r.optionReply(OPT_LIST, d));
            assertEquals(RO, name(d[0]));
            assertEquals(REP_ACK, r.optionReply(OPT_LIST, d));
            r.option(OPT_INFO, RawNbd.goData("hrdg/none"));
            assertEquals(REP_ERR_UNKNOWN, r.optionReply(OPT_INFO, d));
            r.option(OPT_GO, ByteBuffer.wrap(new byte[] {0, 0, 0, 50, 'x'}));
            assertEquals(REP_ERR_INVALID, r.optionReply(OPT_GO, d));
            r.option(OPT_GO, RawNbd.goData(RW));
            int type;
            while ((type = r.optionReply(OPT_GO, d)) == REP_INFO) {
                if (d[0].getShort(0) == INFO_BLOCK_SIZE) {
                    assertEquals(MIN_BLOCK, d[0].getInt(2));
                    assertEquals(PREFERRED_BLOCK, d[0].getInt(6));
                    assertEquals(MAX_BLOCK, d[0].getInt(10));
                }
            }
            assertEquals(REP_ACK, type);
            r.request(CMD_READ, 0, 7, 0, 16, null);
            assertEquals(0, r.reply(7));
            assertEquals(ByteBuffer.wrap(image, 0, 16), r.read(16));
        }
    }

    private static String name(ByteBuffer d) {
        int n = d.getInt();
        byte[] b = new byte[n];
        d.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void exportNameOptionForAnUnknownExportCloses() throws Exception {
        try (RawNbd r = raw()) {
            r.greet(FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES);
            r.option(OPT_EXPORT_NAME, ByteBuffer.wrap("hrdg/none".getBytes(StandardCharsets.UTF_8)));
            assertTrue(r.closedByServer());
        }
    }

    @Test
    void exportNameOptionServesWithOldStyleZeroPadding() throws Exception {
        try (RawNbd r = raw()) {
            r.greet(FLAG_FIXED_NEWSTYLE);
            r.option(OPT_EXPORT_NAME, ByteBuffer.wrap(RW.getBytes(StandardCharsets.UTF_8)));
            ByteBuffer info = r.read(10 + 124);
            assertEquals(SIZE, info.getLong());
            r.request(CMD_FLUSH, 0, 1, 0, 0, null);
            assertEquals(0, r.reply(1));
        }
    }

    @Test
    void badRequestsGetEinvalAndTheConnectionCarriesOn() throws Exception {
        try (RawNbd r = raw()) {
            assertEquals(SIZE, r.go(RW));
            r.request(42, 0, 1, 0, 512, null);
            assertEquals(EINVAL, r.reply(1), "unknown command");
            r.request(CMD_TRIM, 0, 2, 0, 4096, null);
            assertEquals(EINVAL, r.reply(2), "TRIM is not advertised");
            r.request(CMD_WRITE, 0, 3, SIZE - 100, 4096, ByteBuffer.wrap(new byte[4096]));
            assertEquals(EINVAL, r.reply(3), "write past the end");
            r.request(CMD_READ, 0, 4, -4096, 4096, null);
            assertEquals(EINVAL, r.reply(4), "offset 2^64-4096");
            r.request(CMD_READ, 0, 5, 0, 64 << 20, null);
            assertEquals(EINVAL, r.reply(5), "read larger than the maximum block");
            r.request(CMD_WRITE, 0, 6, 0, 0, null);
            assertEquals(EINVAL, r.reply(6), "empty write");
            r.request(CMD_WRITE_ZEROES, 0, 7, SIZE - 10, 20, null);
            assertEquals(EINVAL, r.reply(7), "zeroes past the end");
            r.request(CMD_READ, 0, 8, 100, 8, null);
            assertEquals(0, r.reply(8));
            assertEquals(ByteBuffer.wrap(image, 100, 8), r.read(8));
        }
    }

    @Test
    void oversizeWriteIsDiscardedWithEinvalAndTheConnectionCarriesOn() throws Exception {
        try (RawNbd r = raw()) {
            r.go(RW);
            int length = MAX_BLOCK + 4096;
            r.request(CMD_WRITE, 0, 1, 0, length, ByteBuffer.allocate(length));
            assertEquals(EINVAL, r.reply(1));
            r.request(CMD_READ, 0, 2, 0, 8, null);
            assertEquals(0, r.reply(2));
            assertEquals(ByteBuffer.wrap(image, 0, 8), r.read(8));
        }
    }

    @Test
    void badRequestMagicClosesTheConnection() throws Exception {
        try (RawNbd r = raw()) {
            r.go(RW);
            r.send(ByteBuffer.allocate(28).putInt(0xdeadbeef).position(28).flip());
            assertTrue(r.closedByServer());
        }
    }

    @Test
    void truncatedRequestAndTruncatedPayloadTouchNothing() throws Exception {
        try (RawNbd r = raw()) {
            r.go(RW);
            r.send(ByteBuffer.allocate(10).putInt(REQUEST_MAGIC).putShort((short) 0).putShort((short) CMD_WRITE)
                    .flip());
        }
        try (RawNbd r = raw()) {
            r.go(RW);
            byte[] part = new byte[1000];
            java.util.Arrays.fill(part, (byte) 0x5a);
            r.request(CMD_WRITE, CMD_FLAG_FUA, 1, 8192, 4096, ByteBuffer.wrap(part));
        }
    }

    @Test
    void clientVanishingWithRequestsInFlightLeavesTheServerServing() throws Exception {
        try (RawNbd r = raw()) {
            r.go(RW);
            for (int i = 0; i < 64; i++) {
                r.request(CMD_READ, 0, i, (long) i * 4096, 16384, null);
            }
            // a write of the same bytes that are there: the data stays as it was whether or not it ran
            r.request(CMD_WRITE, 0, 99, 0, 4096, ByteBuffer.wrap(image, 0, 4096));
        }
    }

    @Test
    void writeToReadOnlyExportIsEpermAndDataStays() throws Exception {
        try (RawNbd r = raw()) {
            r.go(RO);
            r.request(CMD_WRITE, 0, 1, 0, 4096, ByteBuffer.wrap(image, 0, 4096));
            assertEquals(EPERM, r.reply(1));
            r.request(CMD_WRITE_ZEROES, 0, 2, 0, 4096, null);
            assertEquals(EPERM, r.reply(2));
            r.request(CMD_READ, 0, 3, 0, 4096, null);
            assertEquals(0, r.reply(3));
            assertEquals(ByteBuffer.allocate(4096), r.read(4096));
        }
        assertArrayEquals(new byte[SIZE], fx.fileBytes(RO));
    }
}
