package io.volrep.engine.rvg.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.io.ForwardingDevice;
import io.volrep.engine.io.NativeBlockDevice;
import io.volrep.engine.testing.TestRds;

/** The Secondary's synchronization block queue: ordering across connections, confirmations, failures. */
@Timeout(60)
class BlockWritesTest {
    private static final int BLOCK = 64 * 1024;
    private static final Supplier<CompletableFuture<Void>> DRAINED = () -> CompletableFuture.completedFuture(null);

    @TempDir
    Path dir;
    private GatedDevice dev;
    private BlockWrites blocks;

    @BeforeEach
    void setUp() throws IOException {
        Path f = dir.resolve("vol");
        NativeBlockDevice.createSparseFile(f, 16 * BLOCK);
        dev = new GatedDevice(NativeBlockDevice.open(f, false));
        blocks = new BlockWrites("hrdg/hr_rvg", new BlockWrites.Volumes() {
            @Override
            public BlockDevice device(int volume) {
                return dev;
            }

            @Override
            public int count() {
                return 1;
            }

            @Override
            public void wrote(int volume, int bytes, long nanos) {
            }
        });
    }

    @AfterEach
    void tearDown() throws IOException {
        dev.release();
        blocks.close();
        dev.close();
    }

    /**
     * A block of a dead connection is still being written when the connection that replaced it brings an
     * update for the same region: the update waits until the block is on the volume, so it lands on top.
     */
    @Test
    void aNewConnectionsUpdateWaitsForTheOldConnectionsBlock() throws Exception {
        Peer dead = new Peer();
        Peer live = new Peer();
        dev.hold();
        blocks.write(dead, DRAINED, 0, 0, ByteBuffer.wrap(filled(0xaa, BLOCK)));
        assertTrue(dev.awaitWriteHeld(10_000), "the old block is being written");
        dead.open = false;
        CompletableFuture<byte[]> update = CompletableFuture.supplyAsync(() -> {
            try {
                blocks.awaitWritten();   // what the receiver does before any message but BLOCK and FLUSH
                dev.file().write(0, ByteBuffer.wrap(filled(0xbb, 4096)));   // then the update is applied
                return read(0, BLOCK);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThrows(TimeoutException.class, () -> update.get(300, TimeUnit.MILLISECONDS),
                "the update went ahead of the block queued before it");
        dev.release();
        byte[] after = update.get(10, TimeUnit.SECONDS);
        assertArrayEquals(filled(0xbb, 4096), Arrays.copyOfRange(after, 0, 4096), "the update is on top");
        assertArrayEquals(filled(0xaa, BLOCK - 4096), Arrays.copyOfRange(after, 4096, BLOCK), "the block is under it");
        blocks.flush(live);
        blocks.awaitWritten();
        live.awaitConfirmed(0);
        assertTrue(dead.confirmed.isEmpty(), "a closed connection is not confirmed: " + dead.confirmed);
    }

    /**
     * The link reads the next block into the buffer of the last one (a borrowed frame) as soon as write
     * returns: the block queued behind a held write must still land with the bytes it had when queued.
     */
    @Test
    void thePayloadMayBeReusedOnceWriteReturns() throws Exception {
        Peer p = new Peer();
        byte[] frame = new byte[Wire.BLOCK_HEADER + BLOCK];
        dev.hold();
        Arrays.fill(frame, (byte) 0x11);
        blocks.write(p, DRAINED, 0, 0, ByteBuffer.wrap(frame, Wire.BLOCK_HEADER, BLOCK));
        assertTrue(dev.awaitWriteHeld(10_000), "the first block is being written");
        Arrays.fill(frame, (byte) 0x22);
        blocks.write(p, DRAINED, 0, BLOCK, ByteBuffer.wrap(frame, Wire.BLOCK_HEADER, BLOCK));
        Arrays.fill(frame, (byte) 0x33); // what the next frame would bring
        dev.release();
        blocks.awaitWritten();
        assertArrayEquals(filled(0x11, BLOCK), read(0, BLOCK));
        assertArrayEquals(filled(0x22, BLOCK), read(BLOCK, BLOCK));
    }

    /** Each connection's FLUSH confirms its own blocks, after a sync that followed their writes. */
    @Test
    void aFlushConfirmsTheBlocksOfItsOwnConnectionAfterASync() throws Exception {
        Peer a = new Peer();
        Peer b = new Peer();
        blocks.write(a, DRAINED, 0, 0, ByteBuffer.wrap(filled(1, BLOCK)));
        blocks.write(b, DRAINED, 0, BLOCK, ByteBuffer.wrap(filled(2, BLOCK)));
        blocks.write(a, DRAINED, 0, 2 * BLOCK, ByteBuffer.wrap(filled(3, 2 * BLOCK)));
        blocks.flush(b);
        b.awaitConfirmed(1);
        assertEquals(List.of("0:" + BLOCK + ":" + BLOCK), b.confirmed);
        assertTrue(b.syncsSeen.get(0) >= 1, "confirmed after a sync");
        blocks.flush(a);
        a.awaitConfirmed(2);
        assertEquals(List.of("0:0:" + BLOCK, "0:" + 2 * BLOCK + ":" + 2 * BLOCK), a.confirmed);
        assertEquals(1, b.confirmed.size(), "b's flush confirmed nothing of a's, a's nothing of b's");
        assertArrayEquals(filled(3, 2 * BLOCK), read(2 * BLOCK, 2 * BLOCK));
    }

    /** A write that fails closes its connection; the queue goes on for the next one. */
    @Test
    void aFailedWriteClosesItsConnectionAndTheNextGoesOn() throws Exception {
        Peer broken = new Peer();
        Peer next = new Peer();
        dev.failWrites = true;
        blocks.write(broken, DRAINED, 0, 0, ByteBuffer.wrap(filled(7, BLOCK)));
        blocks.awaitWritten();
        assertTrue(broken.closedWhy != null && broken.closedWhy.contains("injected"), String.valueOf(broken.closedWhy));
        dev.failWrites = false;
        blocks.write(next, DRAINED, 0, 0, ByteBuffer.wrap(filled(8, BLOCK)));
        blocks.flush(next);
        next.awaitConfirmed(1);
        assertNull(next.closedWhy);
        assertArrayEquals(filled(8, BLOCK), read(0, BLOCK));
    }

    private byte[] read(long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        dev.file().read(offset, b);
        return b.array();
    }

    private static byte[] filled(int value, int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** A connection as the queue sees it: records confirmations (with the syncs done by then) and closes. */
    private final class Peer implements BlockWrites.Sender {
        final List<String> confirmed = new CopyOnWriteArrayList<>();
        final List<Integer> syncsSeen = new CopyOnWriteArrayList<>();
        volatile String closedWhy;
        volatile boolean open = true;

        @Override
        public void blocked(int volume, long offset, int length) {
            syncsSeen.add(dev.syncs.get());
            confirmed.add(volume + ":" + offset + ":" + length);
        }

        @Override
        public void close(String why) {
            closedWhy = why;
            open = false;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        void awaitConfirmed(int count) {
            TestRds.await(Duration.ofSeconds(10), count + " confirmations", () -> confirmed.size() >= count);
            assertEquals(count, confirmed.size(), "confirmations " + confirmed);
        }
    }

    /** A file whose writes can be held at a gate, or made to fail. */
    private static final class GatedDevice extends ForwardingDevice {
        final AtomicInteger syncs = new AtomicInteger();
        final Semaphore held = new Semaphore(0);
        volatile CountDownLatch gate;
        volatile boolean failWrites;

        GatedDevice(NativeBlockDevice inner) {
            super(inner);
        }

        BlockDevice file() {
            return inner;
        }

        void hold() {
            gate = new CountDownLatch(1);
        }

        void release() {
            CountDownLatch g = gate;
            gate = null;
            if (g != null) {
                g.countDown();
            }
        }

        boolean awaitWriteHeld(long millis) throws InterruptedException {
            return held.tryAcquire(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void write(long offset, ByteBuffer src) throws IOException {
            CountDownLatch g = gate;
            if (g != null) {
                held.release();
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("held write interrupted");
                }
            }
            if (failWrites) {
                throw new IOException("injected write failure");
            }
            inner.writeBulk(offset, src);
        }

        @Override
        public void sync() throws IOException {
            inner.sync();
            syncs.incrementAndGet();
        }
    }
}
