package io.volrep.engine.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class HandshakeTest {
    private LinkFixture fx;
    private LogCapture log;

    @BeforeEach
    void setUp() throws Exception {
        log = new LogCapture();
        fx = new LinkFixture(LinkOptions.defaults().withHandshakeTimeout(Duration.ofMillis(400)));
    }

    @AfterEach
    void tearDown() {
        fx.close();
        log.close();
    }

    @Test
    void handshakeDeliversHostsChannelAndMetadataToBothSides() throws Exception {
        Recorder seattle = new Recorder();
        PeerConnection c = fx.connect(seattle);
        LinkFixture.Accepted london = fx.nextAccepted();

        HandshakeInfo in = london.info();
        assertEquals("seattle", in.peerHost());
        assertEquals("london", in.localHost());
        assertEquals("rlink:hrdg/hr_rvg", in.channel());
        assertEquals(Map.of("rvg", "hr_rvg", "generation", "7"), in.metadata());
        assertEquals(LinkProtocol.VERSION, in.protocolVersion());
        assertEquals("127.0.2.1", in.peerAddress().getAddress().getHostAddress());
        assertFalse(in.dialed());
        assertEquals("london", c.peerHost());
        assertTrue(c.info().dialed());

        c.send(7, "ping".getBytes(StandardCharsets.UTF_8));
        Recorder.Received r = london.recorder().take();
        assertEquals(7, r.type());
        assertEquals("ping", new String(r.payload(), StandardCharsets.UTF_8));
        london.connection().send(8, "pong".getBytes(StandardCharsets.UTF_8));
        assertEquals("pong", new String(seattle.take().payload(), StandardCharsets.UTF_8));
        log.await("seattle->london/127.0.1.1", "connected");
        log.await("london<-seattle/127.0.2.1", "accepted");
    }

    @Test
    void dialerWithAnotherKeyIsRefusedAndSaysWhichSideFailed() throws Exception {
        VolrepException e = assertThrows(VolrepException.class, () -> fx.dialer("seattle", LinkFixture.OTHER_KEY)
                .connect("london", fx.server.address(), "admin", Map.of(), new Recorder()));
        assertEquals(ErrorCode.PEER_AUTH_FAILED, e.code());
        assertTrue(e.getMessage().contains("seattle refused london at 127.0.1.1"), e.getMessage());
        assertTrue(e.getMessage().contains("london did not prove the peer key of seattle"), e.getMessage());
        log.await("refused peer at 127.0.2.1", "the peer refused us", "key files");
        fx.assertServes();
    }

    @Test
    void listenerWithAnotherKeyIsRefusedByTheDialer() throws Exception {
        try (PeerServer impostor = PeerServer.start("london", LinkFixture.OTHER_KEY, Set.of("seattle"),
                new InetSocketAddress(InetAddress.getByName("127.0.1.2"), 0), fx.options)) {
            impostor.register("admin", (c, i) -> ChannelHandler.Answer.accept(new Recorder()));
            VolrepException e = assertThrows(VolrepException.class, () -> fx.dialer("seattle", LinkFixture.KEY)
                    .connect("london", impostor.address(), "admin", Map.of(), new Recorder()));
            assertEquals(ErrorCode.PEER_AUTH_FAILED, e.code());
            assertTrue(impostor.connections().isEmpty());
        }
    }

    @Test
    void dialerThatCannotProveTheKeyIsRefusedByTheListener() throws Exception {
        try (RawPeer raw = new RawPeer(fx.server.address())) {
            raw.send(LinkProtocol.HELLO, RawPeer.hello(LinkProtocol.VERSION, "seattle", "london"));
            assertEquals(LinkProtocol.CHALLENGE, raw.read().type());
            raw.send(LinkProtocol.AUTH, new byte[LinkProtocol.PROOF_BYTES]);
            Handshake.Refusal r = raw.refusal();
            assertEquals(Handshake.RefusalKind.AUTH, r.kind());
            assertTrue(r.reason().contains("'seattle' did not prove the peer key of london"), r.reason());
            assertTrue(raw.closedByPeer());
        }
        log.await("refused peer at", "did not prove the peer key");
        fx.assertServes();
    }

    @Test
    void hostOutsideTheHostTableIsRefused() throws Exception {
        VolrepException e = assertThrows(VolrepException.class, () -> fx.dialer("paris", LinkFixture.KEY)
                .connect("london", fx.server.address(), "admin", Map.of(), new Recorder()));
        assertEquals(ErrorCode.PEER_REFUSED, e.code());
        assertTrue(e.getMessage().contains("host 'paris' is not in the hosts table of london"), e.getMessage());
        log.await("refused peer at 127.0.2.1", "'paris'");
        fx.assertServes();
    }

    @Test
    void dialingTheWrongHostNameIsRefused() throws Exception {
        VolrepException e = assertThrows(VolrepException.class, () -> fx.dialer("seattle", LinkFixture.KEY)
                .connect("tokyo", fx.server.address(), "admin", Map.of(), new Recorder()));
        assertEquals(ErrorCode.PEER_REFUSED, e.code());
        assertTrue(e.getMessage().contains("dialed host 'tokyo' but this is london"), e.getMessage());
    }

    @Test
    void otherProtocolVersionIsRefusedReadably() throws Exception {
        try (RawPeer raw = new RawPeer(fx.server.address())) {
            raw.send(LinkProtocol.HELLO, RawPeer.hello(2, "seattle", "london"));
            Handshake.Refusal r = raw.refusal();
            assertEquals(Handshake.RefusalKind.VERSION, r.kind());
            assertTrue(r.reason().contains("version 2 is not spoken by london"), r.reason());
            assertTrue(raw.closedByPeer());
        }
        log.await("refused peer at", "version 2");
        fx.assertServes();
    }

    @Test
    void replayedHandshakeIsRefused() throws Exception {
        byte[] captured;
        try (LossyProxy proxy = new LossyProxy(fx.server.address())) {
            proxy.record(true);
            PeerConnection c = fx.connect(proxy.address(), new Recorder());
            fx.nextAccepted();
            c.close("captured");
            captured = proxy.recorded();
        }
        // The same listener remembers the dialer's nonce.
        try (RawPeer raw = new RawPeer(fx.server.address())) {
            raw.sendRaw(captured);
            Handshake.Refusal r = raw.refusal();
            assertEquals(Handshake.RefusalKind.REPLAY, r.kind(), r.reason());
        }
        log.await("refused peer at", "replayed handshake");
        // A listener that never saw the nonce challenges afresh, and the old proof does not match.
        try (PeerServer fresh = PeerServer.start("london", LinkFixture.KEY, Set.of("seattle"),
                new InetSocketAddress(InetAddress.getByName("127.0.1.3"), 0), fx.options);
             RawPeer raw = new RawPeer(fresh.address())) {
            fresh.register("rlink:", (c, i) -> ChannelHandler.Answer.accept(new Recorder()));
            raw.sendRaw(captured);
            assertEquals(LinkProtocol.CHALLENGE, raw.read().type());
            assertEquals(Handshake.RefusalKind.AUTH, raw.refusal().kind());
            assertTrue(fresh.connections().isEmpty());
        }
        fx.assertServes();
    }

    @Test
    void garbageOnThePortIsDroppedAndTheListenerKeepsServing() throws Exception {
        try (RawPeer raw = new RawPeer(fx.server.address())) {
            raw.sendRaw("GET / HTTP/1.1\r\nHost: london\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(raw.closedByPeer());
        }
        log.await("peer at 127.0.0.1", "bad handshake");
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        try (RawPeer raw = new RawPeer(fx.server.address())) {
            raw.sendRaw(noise);
            assertTrue(raw.closedByPeer());
        }
        fx.assertServes();
    }

    @Test
    void silentDialerIsDroppedAfterTheHandshakeTimeout() throws Exception {
        long start = System.nanoTime();
        try (RawPeer raw = new RawPeer(fx.server.address())) {
            raw.sendRaw(new byte[] {0x7F}); // one byte, then silence
            assertTrue(raw.closedByPeer());
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000L;
        assertTrue(elapsedMillis >= 350, "dropped after " + elapsedMillis + " ms, timeout is 400 ms");
        log.await("dropped peer at 127.0.0.1", "no complete handshake within 400 ms");
        fx.assertServes();
    }

    @Test
    void channelNobodyServesIsRefused() throws Exception {
        VolrepException e = assertThrows(VolrepException.class, () -> fx.dialer("seattle", LinkFixture.KEY)
                .connect("london", fx.server.address(), "backup:x", Map.of(), new Recorder()));
        assertEquals(ErrorCode.PEER_REFUSED, e.code());
        assertTrue(e.getMessage().contains("no service for channel 'backup:x' on london"), e.getMessage());
        fx.assertServes();
    }

    @Test
    void channelHandlerMayRefuseWithItsOwnReason() throws Exception {
        fx.server.register("rlink:hrdg/", (c, info) ->
                ChannelHandler.Answer.refuse("RVG " + info.metadata().get("rvg") + " is not a Secondary on london"));
        VolrepException e = assertThrows(VolrepException.class, () -> fx.connect(new Recorder()));
        assertEquals(ErrorCode.PEER_REFUSED, e.code());
        assertTrue(e.getMessage().endsWith("RVG hr_rvg is not a Secondary on london"), e.getMessage());
        fx.server.unregister("rlink:hrdg/");
        fx.assertServes();
    }

    @Test
    void connectionRefusedNamesTheHostAndAddress() throws Exception {
        InetSocketAddress nobody;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.1.1"))) {
            nobody = (InetSocketAddress) s.getLocalSocketAddress();
        }
        ConnectException e = assertThrows(ConnectException.class, () -> fx.dialer("seattle", LinkFixture.KEY)
                .connect("london", nobody, "admin", Map.of(), new Recorder()));
        assertTrue(e.getMessage().startsWith("cannot connect to london at 127.0.1.1:" + nobody.getPort()),
                e.getMessage());
    }

    @Test
    void listenerThatNeverAnswersTimesTheDialerOut() throws Exception {
        try (ServerSocket mute = new ServerSocket(0, 1, InetAddress.getByName("127.0.1.1"))) {
            Thread accept = new Thread(() -> {
                try (Socket s = mute.accept()) {
                    s.getInputStream().readAllBytes();
                } catch (Exception ignored) {
                    // the test closes the socket
                }
            });
            accept.start();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> fx.dialer("seattle",
                    LinkFixture.KEY).connect("london", (InetSocketAddress) mute.getLocalSocketAddress(), "admin",
                    Map.of(), new Recorder()));
            assertTrue(e.getMessage().contains("did not complete the handshake within 400 ms"), e.getMessage());
            accept.join(10_000);
        }
    }

    @Test
    void hostTableEntriesGiveAddresses() {
        assertEquals(new InetSocketAddress("127.0.1.1", 4145), PeerDialer.address("127.0.1.1", 4145));
        assertEquals(new InetSocketAddress("127.0.1.1", 5000), PeerDialer.address(" 127.0.1.1:5000 ", 4145));
        assertArrayEquals(new byte[] {127, 0, 1, 1},
                PeerDialer.address("127.0.1.1", 1).getAddress().getAddress());
    }
}
