package io.volrep.engine.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Frames through {@link ChannelOutput} and {@link ChannelInput} over a real loopback TCP connection. */
@Timeout(60)
class ChannelIoTest {
    private static final int MAX = 2 << 20;
    private ServerSocketChannel listener;
    private SocketChannel sending;
    private SocketChannel receiving;

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        sending = SocketChannel.open(listener.getLocalAddress());
        receiving = listener.accept();
    }

    @AfterEach
    void close() throws IOException {
        sending.close();
        receiving.close();
        listener.close();
    }

    private static void send(FrameWriter w, FrameOutput out, int type, ByteBuffer payload) throws IOException {
        FrameWriter.Encoded e = w.encode(type, payload, false);
        out.write(ByteBuffer.wrap(e.header()));
        out.write(e.wire());
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    /**
     * Small frames, a direct 1 MiB one read into the reader's direct buffer, heap ones of every size
     * around the read-ahead buffer's; the first bytes come as the handshake's leftover.
     */
    @Test
    void framesOfEverySizeArriveWholeAndInOrder() throws Exception {
        Random random = new Random(11);
        int[] lengths = {0, 5, 1 << 20, ChannelInput.AHEAD_BYTES - 1, ChannelInput.AHEAD_BYTES,
            ChannelInput.AHEAD_BYTES + 1, 11, 1 << 20, 3};
        byte[][] payloads = new byte[lengths.length][];
        for (int i = 0; i < lengths.length; i++) {
            payloads[i] = new byte[lengths[i]];
            random.nextBytes(payloads[i]);
        }
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (FrameWriter w = new FrameWriter()) {
                FrameOutput out = new ChannelOutput(sending);
                for (int i = 0; i < lengths.length; i++) {
                    ByteBuffer p = (i % 2 == 0 ? ByteBuffer.allocateDirect(lengths[i]) : ByteBuffer.allocate(lengths[i]));
                    p.put(payloads[i]).flip();
                    send(w, out, i % 2 == 0 ? 7 : 8, p);
                    assertEquals(lengths[i], p.remaining(), "the payload's position is left alone");
                }
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        // The handshake's buffered stream read the first frames' bytes before the channel took over.
        ByteBuffer early = ByteBuffer.allocate(100);
        while (early.hasRemaining()) {
            receiving.read(early);
        }
        FrameReader r = new FrameReader(new ChannelInput(receiving, early.array()), MAX);
        for (int i = 0; i < lengths.length; i++) {
            Frame f = r.read(type -> type == 7);
            assertEquals(i % 2 == 0 ? 7 : 8, f.type());
            if (i % 2 == 0) {
                assertTrue(f.borrowed().isDirect(), "a borrowed frame on a channel comes in a direct buffer");
                assertArrayEquals(payloads[i], bytes(f.borrowed()), "frame " + i);
            } else {
                assertArrayEquals(payloads[i], f.payload(), "frame " + i);
            }
        }
        writer.get(10, TimeUnit.SECONDS);
        sending.shutdownOutput();
        assertNull(r.read(), "the stream ends cleanly between frames");
    }

    @Test
    void aStreamCutMidFrameIsTruncated() throws Exception {
        byte[] whole;
        try (FrameWriter w = new FrameWriter()) {
            FrameWriter.Encoded e = w.encode(7, ByteBuffer.allocate(200_000), false);
            whole = new byte[e.length()];
            System.arraycopy(e.header(), 0, whole, 0, e.header().length);
            e.wire().get(whole, e.header().length, e.wire().remaining());
        }
        sending.write(ByteBuffer.wrap(Arrays.copyOf(whole, 150_000)));
        sending.close();
        FrameReader r = new FrameReader(new ChannelInput(receiving, new byte[0]), MAX);
        FrameException x = assertThrows(FrameException.class, () -> r.read(type -> true));
        assertEquals(LinkStats.ErrorKind.TRUNCATED, x.kind());
    }

    /** The watchdog sees only a read that waits, and closing the channel ends that read. */
    @Test
    void aBlockedReadIsTimedAndEndedByTheWatchdog() throws Exception {
        ChannelInput in = new ChannelInput(receiving, new byte[0]);
        assertEquals(0, in.waitingNanos(System.nanoTime()), "no read, no wait");
        CompletableFuture<Void> expired = new CompletableFuture<>();
        var watch = LinkWatchdog.watch(in, TimeUnit.MILLISECONDS.toNanos(300), () -> {
            expired.complete(null);
            try {
                receiving.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        long start = System.nanoTime();
        assertThrows(IOException.class, () -> in.readFully(ByteBuffer.allocate(10)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        watch.cancel(false);
        assertTrue(expired.isDone());
        assertTrue(millis >= 300 && millis < 5000, "read ended after " + millis + " ms");
    }
}
