package io.volrep.engine.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PeerConnectionTest {
    private LinkFixture fx;
    private LogCapture log;

    @BeforeEach
    void setUp() throws Exception {
        log = new LogCapture();
        fx = new LinkFixture();
    }

    @AfterEach
    void tearDown() {
        fx.close();
        log.close();
    }

    @Test
    void framesFromConcurrentSendersArriveWholeAndInEachSendersOrder() throws Exception {
        PeerConnection c = fx.connect(new Recorder());
        Recorder london = fx.nextAccepted().recorder();
        int senders = 4;
        int perSender = 500;
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int id = s;
            running.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < perSender; i++) {
                        byte[] p = new byte[8 + (i % 97) * 13];
                        ByteBuffer.wrap(p).putInt(id).putInt(i);
                        c.send(100 + id, p);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(running.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        int[] next = new int[senders];
        for (int n = 0; n < senders * perSender; n++) {
            Recorder.Received r = london.take();
            ByteBuffer b = ByteBuffer.wrap(r.payload());
            int id = b.getInt();
            int seq = b.getInt();
            assertEquals(100 + id, r.type());
            assertEquals(next[id]++, seq, "sender " + id + " out of order");
            assertEquals(8 + (seq % 97) * 13, r.payload().length);
        }
        assertEquals(senders * perSender, c.stats().framesSent());
    }

    @Test
    void framesUpToTheLimitRoundTripAndLargerOnesAreRejected() throws Exception {
        PeerConnection c = fx.connect(new Recorder());
        Recorder london = fx.nextAccepted().recorder();
        byte[] big = new byte[LinkOptions.DEFAULT_MAX_PAYLOAD];
        new Random(1).nextBytes(big);
        c.send(5, big);
        c.send(6, new byte[0]);
        assertArrayEquals(big, london.take().payload());
        assertEquals(0, london.take().payload().length);
        assertThrows(IllegalArgumentException.class, () -> c.send(5, new byte[LinkOptions.DEFAULT_MAX_PAYLOAD + 1]));
        assertThrows(IllegalArgumentException.class, () -> c.send(LinkProtocol.HEARTBEAT, new byte[0]));
        assertTrue(c.isOpen());
    }

    /** A sender reuses a payload once {@code sent} runs (DcmSync's frames): the peer still gets what was queued. */
    @Test
    void aPayloadIsWrittenBeforeItsSentCallbackHandsItBack() throws Exception {
        PeerConnection c = fx.connect(new Recorder());
        Recorder london = fx.nextAccepted().recorder();
        Random random = new Random(4);
        List<byte[]> queued = new ArrayList<>();
        AtomicInteger handedBack = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            byte[] p = new byte[300_000];
            random.nextBytes(p);
            queued.add(p.clone());
            c.send(7, p, () -> {
                Arrays.fill(p, (byte) 0); // the next block read into it
                handedBack.incrementAndGet();
            });
        }
        for (byte[] p : queued) {
            assertArrayEquals(p, london.take().payload());
        }
        assertEquals(20, handedBack.get());
    }

    /** A cumulative acknowledgement (the Secondary's ACK) says the newest value when the writer takes it. */
    @Test
    void aLaterPayloadIsMadeWhenItsTurnComesAndAnOversizedOneFailsTheLink() throws Exception {
        PeerConnection c = fx.connect(new Recorder());
        Recorder london = fx.nextAccepted().recorder();
        java.util.concurrent.atomic.AtomicLong newest = new java.util.concurrent.atomic.AtomicLong(1);
        c.send(3, new byte[100_000], () -> newest.set(42)); // runs on the writer thread before the next frame
        c.sendLater(4, () -> ByteBuffer.allocate(8).putLong(0, newest.get()));
        assertEquals(100_000, london.take().payload().length);
        Recorder.Received ack = london.take();
        assertEquals(4, ack.type());
        assertEquals(42, ByteBuffer.wrap(ack.payload()).getLong());

        c.sendLater(4, () -> ByteBuffer.allocate(LinkOptions.DEFAULT_MAX_PAYLOAD + 1));
        String reason = c.closeFuture().get(10, TimeUnit.SECONDS);
        assertTrue(reason.contains("above the limit of " + LinkOptions.DEFAULT_MAX_PAYLOAD), reason);
        fx.assertServes();
    }

    @Test
    void compressedFramesRoundTripSmallerOnTheWire() throws Exception {
        PeerConnection c = fx.connect(new Recorder());
        Recorder london = fx.nextAccepted().recorder();
        c.setCompression(true);
        byte[] text = "seattle replicates hr_dv01 to london; ".repeat(30_000).getBytes(StandardCharsets.UTF_8);
        byte[] noise = new byte[100_000];
        new Random(2).nextBytes(noise);
        c.send(1, text);
        c.send(2, noise);
        assertArrayEquals(text, london.take().payload());
        assertArrayEquals(noise, london.take().payload());
        long wire = c.stats().bytesSent();
        assertTrue(wire < text.length / 10 + noise.length + 1_000, "sent " + wire + " bytes on the wire");
    }

    @Test
    void closeSendsQueuedFramesThenTheReasonAndNotifiesBothSidesOnce() throws Exception {
        Recorder seattle = new Recorder();
        PeerConnection c = fx.connect(seattle);
        LinkFixture.Accepted london = fx.nextAccepted();
        for (int i = 0; i < 20; i++) {
            c.send(3, new byte[] {(byte) i});
        }
        c.close("operator stopped the RLINK");
        c.close("second close is ignored");
        for (int i = 0; i < 20; i++) {
            assertEquals(i, london.recorder().take().payload()[0]);
        }
        assertEquals("closed by seattle: operator stopped the RLINK", london.recorder().awaitClose());
        assertEquals("operator stopped the RLINK", seattle.awaitClose());
        assertEquals("operator stopped the RLINK", c.closeReason().orElseThrow());
        IOException e = assertThrows(IOException.class, () -> c.send(3, new byte[1]));
        assertTrue(e.getMessage().contains("operator stopped the RLINK"), e.getMessage());
        london.connection().closeFuture().get(10, TimeUnit.SECONDS);
        assertEquals(1, seattle.closes.get());
        assertEquals(1, london.recorder().closes.get());
        assertTrue(fx.server.connections().isEmpty());
    }

    @Test
    void failingFrameHandlerClosesItsConnectionOnly() throws Exception {
        fx.server.register("admin-bad", (conn, info) -> ChannelHandler.Answer.accept(new FrameHandler() {
            @Override
            public void onFrame(PeerConnection connection, int type, byte[] payload) {
                throw new IllegalStateException("cannot parse request " + type);
            }
        }));
        Recorder seattle = new Recorder();
        PeerConnection c = fx.dialer("seattle", LinkFixture.KEY).connect("london", fx.server.address(), "admin-bad:x",
                java.util.Map.of(), seattle);
        c.send(9, new byte[3]);
        String reason = seattle.awaitClose();
        assertTrue(reason.startsWith("closed by london: frame handler failed on type 0x0009"), reason);
        assertTrue(reason.contains("cannot parse request 9"), reason);
        fx.assertServes();
    }

    /**
     * Frames that arrived together are handled one after another, and then the handler hears that the
     * reader is drained: the Secondary answers a burst of updates with one RECEIVED. Frame 1's handler
     * holds the reader until the other 99 are in its socket, which it then takes in one read.
     */
    @Test
    void aBurstOfFramesIsHandledWholeBeforeTheHandlerHearsItIsDrained() throws Exception {
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch restSent = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<Void> drainedAfterLast = new CompletableFuture<>();
        fx.server.register("burst", (conn, info) -> ChannelHandler.Answer.accept(new FrameHandler() {
            @Override
            public void onFrame(PeerConnection connection, int type, byte[] payload) throws Exception {
                events.add("F" + type);
                if (type == 1) {
                    assertTrue(restSent.await(10, TimeUnit.SECONDS)); // the other frames wait in the socket
                }
            }

            @Override
            public void onDrained(PeerConnection connection) {
                events.add("D");
                if (events.contains("F100")) {
                    drainedAfterLast.complete(null);
                }
            }
        }));
        PeerConnection c = fx.dialer("seattle", LinkFixture.KEY).connect("london", fx.server.address(), "burst:x",
                java.util.Map.of(), new Recorder());
        for (int type = 1; type <= 100; type++) {
            c.send(type, new byte[40]);
        }
        while (c.stats().framesSent() < 100) {
            Thread.sleep(5);
        }
        restSent.countDown();
        drainedAfterLast.get(10, TimeUnit.SECONDS);
        // What the first read brought (frame 1 and whatever came with it), then the rest in one more read.
        List<String> seen = new ArrayList<>(events);
        List<String> after = seen.subList(seen.indexOf("F1"), seen.size());
        List<String> frames = after.stream().filter(e -> !e.equals("D")).toList();
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(t -> "F" + t).toList(), frames);
        assertEquals("D", after.get(after.size() - 1), "drained after the last frame: " + seen);
        assertTrue(after.size() - frames.size() <= 2, "100 frames in two reads, drained after each: " + seen);
    }

    @Test
    void serverCloseEndsEveryConnectionWithAReason() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        fx.connect(a);
        fx.connect(b);
        fx.nextAccepted();
        fx.nextAccepted();
        fx.server.close();
        assertEquals("closed by london: london is shutting down its peer port", a.awaitClose());
        assertEquals("closed by london: london is shutting down its peer port", b.awaitClose());
        assertTrue(fx.server.connections().isEmpty());
        assertFalse(Arrays.stream(Thread.getAllStackTraces().keySet().toArray(new Thread[0]))
                .anyMatch(t -> t.getName().startsWith("vxrep-peer-accept london") && t.isAlive()));
    }
}
