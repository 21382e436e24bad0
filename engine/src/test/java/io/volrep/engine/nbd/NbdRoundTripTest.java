package io.volrep.engine.nbd;

import static io.volrep.engine.nbd.NbdFixture.RO;
import static io.volrep.engine.nbd.NbdFixture.RW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.io.BlockDevice;

/** NbdServer + FileExport through our own NbdClient, checked against an in-memory image. */
@Timeout(120)
class NbdRoundTripTest {
    private static final int SIZE = 16 << 20;
    private static final long WAIT_S = 30;

    @TempDir
    Path dir;

    @Test
    void pipelinedRandomWritesAndReadsMatchAnImage() throws Exception {
        byte[] image = new byte[SIZE];
        Random rnd = new Random(42);
        try (NbdFixture fx = new NbdFixture(dir, SIZE, false); NbdClient c = NbdClient.connect(fx.uri(RW))) {
            assertEquals(SIZE, c.size());
            assertEquals(RW, c.exportName());
            for (int round = 0; round < 20; round++) {
                // 48 writes in flight at once, each in its own stripe so no two overlap
                int stripes = 48;
                int stripe = SIZE / stripes;
                List<CompletableFuture<Void>> writes = new ArrayList<>();
                for (int s = 0; s < stripes; s++) {
                    int len = 1 + rnd.nextInt(rnd.nextBoolean() ? 4096 : 300_000);
                    int off = s * stripe + rnd.nextInt(stripe - len);
                    byte[] data = new byte[len];
                    rnd.nextBytes(data);
                    System.arraycopy(data, 0, image, off, len);
                    writes.add(c.write(off, ByteBuffer.wrap(data), rnd.nextInt(8) == 0));
                }
                await(writes);
                List<CompletableFuture<Void>> reads = new ArrayList<>();
                List<ByteBuffer> bufs = new ArrayList<>();
                List<Integer> offs = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    int len = 1 + rnd.nextInt(200_000);
                    int off = rnd.nextInt(SIZE - len);
                    ByteBuffer b = rnd.nextBoolean() ? ByteBuffer.allocate(len) : ByteBuffer.allocateDirect(len);
                    bufs.add(b);
                    offs.add(off);
                    reads.add(c.read(off, b));
                }
                await(reads);
                for (int i = 0; i < bufs.size(); i++) {
                    ByteBuffer b = bufs.get(i).flip();
                    byte[] got = new byte[b.remaining()];
                    b.get(got);
                    byte[] want = java.util.Arrays.copyOfRange(image, offs.get(i), offs.get(i) + got.length);
                    assertArrayEquals(want, got, "round " + round + " read " + i + " at " + offs.get(i));
                }
            }
            await(List.of(c.flush()));
            assertArrayEquals(image, readAll(c));
            assertArrayEquals(image, fx.fileBytes(RW));
        }
    }

    @Test
    void severalClientsAtOnceEachSeeTheOthersWrites() throws Exception {
        int clients = 4;
        int part = SIZE / clients;
        try (NbdFixture fx = new NbdFixture(dir, SIZE, true)) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<byte[]>> parts = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    int me = i;
                    String uri = me % 2 == 0 ? fx.uri(RW) : fx.server.tcpUri(RW);
                    parts.add(pool.submit(() -> writePart(uri, me * part, part, me)));
                }
                byte[] expected = new byte[SIZE];
                for (int i = 0; i < clients; i++) {
                    System.arraycopy(parts.get(i).get(WAIT_S, TimeUnit.SECONDS), 0, expected, i * part, part);
                }
                try (NbdClient c = NbdClient.connect(fx.server.tcpUri(RW))) {
                    assertArrayEquals(expected, readAll(c));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Writes [off, off+len) in 64 KiB pieces, 16 in flight; returns what it wrote. */
    private static byte[] writePart(String uri, int off, int len, int seed) throws Exception {
        byte[] data = new byte[len];
        new Random(seed).nextBytes(data);
        try (NbdClient c = NbdClient.connect(uri)) {
            List<CompletableFuture<Void>> window = new ArrayList<>();
            for (int p = 0; p < len; p += 65536) {
                window.add(c.write(off + p, ByteBuffer.wrap(data, p, 65536), false));
                if (window.size() == 16) {
                    await(window);
                    window.clear();
                }
            }
            window.add(c.flush());
            await(window);
        }
        return data;
    }

    @Test
    void fuaSyncsBeforeTheAckAndFlushSyncsCompletedWrites() throws Exception {
        List<RecordingDevice> recorders = new ArrayList<>();
        try (NbdFixture fx = new NbdFixture(dir, SIZE, false, d -> record(d, recorders));
             NbdClient c = NbdClient.connect(fx.uri(RW))) {
            RecordingDevice rec = recorders.get(0);
            await(List.of(c.write(8192, ByteBuffer.wrap(new byte[4096]), false)));
            assertEquals(List.of("write 8192 4096"), rec.events(), "a plain write does not sync");
            rec.clear();
            await(List.of(c.write(4096, ByteBuffer.wrap(new byte[512]), true)));
            assertEquals(List.of("write 4096 512", "sync"), rec.events(), "FUA: durable before the ack");
            rec.clear();
            await(List.of(c.write(0, ByteBuffer.wrap(new byte[100]), false)));
            await(List.of(c.flush()));
            assertEquals(List.of("write 0 100", "sync"), rec.events(), "FLUSH after the write");
        }
    }

    private static BlockDevice record(BlockDevice d, List<RecordingDevice> into) {
        RecordingDevice r = new RecordingDevice(d);
        into.add(r);
        return r;
    }

    @Test
    void writeZeroesClearsARangeLargerThanOneChunk() throws Exception {
        byte[] junk = new byte[SIZE];
        new Random(3).nextBytes(junk);
        try (NbdFixture fx = new NbdFixture(dir, SIZE, false); NbdClient c = NbdClient.connect(fx.uri(RW))) {
            for (int off = 0; off < SIZE; off += 1 << 20) {
                await(List.of(c.write(off, ByteBuffer.wrap(junk, off, 1 << 20), false)));
            }
            int zOff = 1_000_001;
            int zLen = 3 * (1 << 20) + 17;
            await(List.of(c.writeZeroes(zOff, zLen, true)));
            java.util.Arrays.fill(junk, zOff, zOff + zLen, (byte) 0);
            assertArrayEquals(junk, readAll(c));
        }
    }

    @Test
    void writePermissionIsCheckedOnEveryRequest() throws Exception {
        try (NbdFixture fx = new NbdFixture(dir, SIZE, false); NbdClient c = NbdClient.connect(fx.uri(RW))) {
            assertTrue(!c.readOnly());
            byte[] a = filled(4096, 0x11);
            await(List.of(c.write(0, ByteBuffer.wrap(a), false)));
            fx.refusal.set(Optional.of("RVG hr_rvg was stopped"));
            assertEquals(NbdProtocol.EPERM, errnoOf(c.write(0, ByteBuffer.wrap(filled(4096, 0x22)), false)));
            assertEquals(NbdProtocol.EPERM, errnoOf(c.writeZeroes(0, 4096, false)));
            ByteBuffer back = ByteBuffer.allocate(4096);
            await(List.of(c.read(0, back)));
            assertArrayEquals(a, back.array(), "refused writes left the data alone");
            fx.refusal.set(Optional.empty());
            await(List.of(c.write(0, ByteBuffer.wrap(filled(4096, 0x33)), false)));
        }
    }

    @Test
    void readOnlyExportIsAdvertisedAndRefusesWrites() throws Exception {
        try (NbdFixture fx = new NbdFixture(dir, SIZE, false); NbdClient c = NbdClient.connect(fx.uri(RO))) {
            assertTrue(c.readOnly());
            assertEquals(NbdProtocol.EPERM, errnoOf(c.write(0, ByteBuffer.wrap(filled(4096, 0x44)), false)));
            assertArrayEquals(new byte[SIZE], fx.fileBytes(RO));
        }
    }

    @Test
    void unknownExportIsRefusedAtConnect() throws Exception {
        try (NbdFixture fx = new NbdFixture(dir, SIZE, false)) {
            IOException e = assertThrows(IOException.class, () -> NbdClient.connect(fx.uri("hrdg/nope")));
            assertTrue(e.getMessage().contains("NBD_REP_ERR_UNKNOWN"), e.getMessage());
        }
    }

    @Test
    void serverCloseFailsTheClientsNextRequest() throws Exception {
        NbdFixture fx = new NbdFixture(dir, SIZE, false);
        NbdClient c = NbdClient.connect(fx.uri(RW));
        try {
            await(List.of(c.write(0, ByteBuffer.wrap(filled(512, 1)), false)));
            fx.close();
            assertEquals(0, fx.server.connectionCount());
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> c.read(0, ByteBuffer.allocate(512)).get(WAIT_S, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, e.getCause());
        } finally {
            c.abort();
        }
    }

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    static int errnoOf(CompletableFuture<Void> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(WAIT_S, TimeUnit.SECONDS));
        return assertInstanceOf(NbdException.class, e.getCause()).errno();
    }

    static void await(List<CompletableFuture<Void>> fs) throws Exception {
        CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(WAIT_S, TimeUnit.SECONDS);
    }

    static byte[] readAll(NbdClient c) throws Exception {
        byte[] all = new byte[(int) c.size()];
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        for (int off = 0; off < all.length; off += 1 << 20) {
            fs.add(c.read(off, ByteBuffer.wrap(all, off, Math.min(1 << 20, all.length - off))));
        }
        await(fs);
        return all;
    }
}
