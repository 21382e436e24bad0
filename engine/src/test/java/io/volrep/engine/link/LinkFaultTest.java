package io.volrep.engine.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Heartbeats, dead peers, broken networks and broken frames, through {@link LossyProxy} and raw sockets. */
@Timeout(60)
class LinkFaultTest {
    private LinkFixture fx;
    private LossyProxy proxy;
    private LogCapture log;

    @BeforeEach
    void setUp() throws Exception {
        log = new LogCapture();
        fx = new LinkFixture(LinkOptions.defaults().withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(600)));
        proxy = new LossyProxy(fx.server.address());
    }

    @AfterEach
    void tearDown() throws Exception {
        proxy.close();
        fx.close();
        log.close();
    }

    @Test
    void heartbeatsKeepAnIdleConnectionAlive() throws Exception {
        Recorder seattle = new Recorder();
        PeerConnection c = fx.connect(proxy.address(), seattle);
        LinkFixture.Accepted london = fx.nextAccepted();
        // Three times the dead-peer timeout with no upper-layer traffic at all.
        assertThrows(TimeoutException.class, () -> seattle.closed.get(1800, TimeUnit.MILLISECONDS));
        assertTrue(c.isOpen());
        assertTrue(london.connection().isOpen());
        assertTrue(c.stats().heartbeatsReceived() >= 5, c.stats().toString());
        assertTrue(london.connection().stats().heartbeatsReceived() >= 5);
    }

    @Test
    void stalledNetworkIsDeclaredDeadOnBothEndsOnce() throws Exception {
        Recorder seattle = new Recorder();
        PeerConnection c = fx.connect(proxy.address(), seattle);
        LinkFixture.Accepted london = fx.nextAccepted();
        long start = System.nanoTime();
        proxy.stall();
        String reason = seattle.awaitClose();
        long millis = (System.nanoTime() - start) / 1_000_000L;
        assertTrue(reason.startsWith("no frame or heartbeat from london for 600 ms"), reason);
        assertTrue(millis >= 500, "declared dead after " + millis + " ms");
        String other = london.recorder().awaitClose();
        assertTrue(other.startsWith("no frame or heartbeat from seattle for 600 ms"), other);
        c.close("again");
        london.connection().close("again");
        assertEquals(1, seattle.closes.get());
        assertEquals(1, london.recorder().closes.get());
        assertEquals(1, c.stats().errors(LinkStats.ErrorKind.TIMEOUT));
        log.await("WARNING", "seattle->london/127.0.0.1", "declared dead");
        proxy.resume();
        fx.assertServes();
    }

    @Test
    void cutNetworkIsNoticedOnBothEnds() throws Exception {
        Recorder seattle = new Recorder();
        fx.connect(proxy.address(), seattle);
        LinkFixture.Accepted london = fx.nextAccepted();
        proxy.cut();
        assertEquals("connection closed by london without notice", seattle.awaitClose());
        assertEquals("connection closed by seattle without notice", london.recorder().awaitClose());
    }

    @Test
    void resetInTheMiddleOfAFrameIsNoticedOnBothEnds() throws Exception {
        Recorder seattle = new Recorder();
        PeerConnection c = fx.connect(proxy.address(), seattle);
        LinkFixture.Accepted london = fx.nextAccepted();
        proxy.resetMidFrame();
        c.send(4, new byte[1 << 20]);
        String mine = seattle.awaitClose();
        String theirs = london.recorder().awaitClose();
        assertTrue(mine.startsWith("connection to london lost") || mine.startsWith("sending to london failed")
                || mine.startsWith("connection closed by london"), mine);
        assertTrue(theirs.startsWith("connection to seattle lost") || theirs.startsWith("bad frame from seattle"),
                theirs);
        assertTrue(london.recorder().frames.isEmpty(), "a partial frame must never be delivered");
    }

    @Test
    void corruptedFrameClosesThatConnectionWithTheReason() throws Exception {
        try (RawPeer raw = new RawPeer(fx.server.address())) {
            raw.authenticate("seattle", LinkFixture.KEY, "london");
            LinkFixture.Accepted london = fx.nextAccepted();
            byte[] payload = "write 4096 bytes at 0".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] header = FrameWriter.header(12, 0, payload);
            payload[3] ^= 0x40;
            raw.sendRaw(header);
            raw.sendRaw(payload);
            String reason = london.recorder().awaitClose();
            assertTrue(reason.startsWith("bad frame from seattle: CRC32C mismatch on frame type 0x000C"), reason);
            assertTrue(london.recorder().frames.isEmpty());
            Frame close = raw.read();
            while (close.type() == LinkProtocol.HEARTBEAT) {
                close = raw.read();
            }
            assertEquals(LinkProtocol.CLOSE, close.type());
            assertEquals(reason, Handshake.string(close.payload()));
            assertEquals(1, london.connection().stats().errors(LinkStats.ErrorKind.CRC));
        }
        log.await("WARNING", "london<-seattle", "CRC32C mismatch");
        fx.assertServes();
    }

    @Test
    void lyingLengthClosesThatConnectionWithoutAllocatingIt() throws Exception {
        try (RawPeer raw = new RawPeer(fx.server.address())) {
            raw.authenticate("seattle", LinkFixture.KEY, "london");
            LinkFixture.Accepted london = fx.nextAccepted();
            byte[] header = ByteBuffer.allocate(LinkProtocol.HEADER_BYTES).putShort((short) 12).put((byte) 0)
                    .putInt(Integer.MAX_VALUE).putInt(0).array();
            raw.sendRaw(header);
            String reason = london.recorder().awaitClose();
            assertTrue(reason.contains("claims 2147483647 payload bytes, limit is 8388608"), reason);
            assertEquals(1, london.connection().stats().errors(LinkStats.ErrorKind.OVERSIZE));
        }
        fx.assertServes();
    }

    @Test
    void frameBeyondTheReceiversLimitClosesTheLink() throws Exception {
        try (PeerServer small = PeerServer.start("london", LinkFixture.KEY, java.util.Set.of("seattle"),
                new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.1.4"), 0),
                fx.options.withMaxPayload(64 * 1024))) {
            Recorder londonSide = new Recorder();
            small.register("admin", (c, i) -> ChannelHandler.Answer.accept(londonSide));
            Recorder seattle = new Recorder();
            PeerConnection c = fx.dialer("seattle", LinkFixture.KEY).connect("london", small.address(), "admin",
                    java.util.Map.of(), seattle);
            c.send(1, new byte[64 * 1024 + 1]);
            assertTrue(seattle.awaitClose().contains("limit is 65536"));
            assertTrue(londonSide.awaitClose().startsWith("bad frame from seattle"));
        }
    }
}
