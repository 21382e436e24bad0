package io.volrep.engine.link;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Host "london" listening on 127.0.1.1 (any port) with channels "rlink:" and "admin", which record
 * every accepted connection; dialers for "seattle" (from 127.0.2.1) and other hosts.
 */
final class LinkFixture implements AutoCloseable {
    static final PeerKey KEY = PeerKey.of("0123456789abcdef-shared-secret".getBytes(StandardCharsets.US_ASCII));
    static final PeerKey OTHER_KEY = PeerKey.of("fedcba9876543210-other-secret".getBytes(StandardCharsets.US_ASCII));

    /** One connection the listener accepted, with the handshake info and its frames. */
    record Accepted(PeerConnection connection, HandshakeInfo info, Recorder recorder) {
    }

    final LinkOptions options;
    final PeerServer server;
    final BlockingQueue<Accepted> accepted = new LinkedBlockingQueue<>();
    private final List<PeerConnection> dialed = new CopyOnWriteArrayList<>();

    LinkFixture() throws Exception {
        this(LinkOptions.defaults());
    }

    LinkFixture(LinkOptions options) throws Exception {
        this.options = options;
        this.server = PeerServer.start("london", KEY, Set.of("seattle", "tokyo"),
                new InetSocketAddress(InetAddress.getByName("127.0.1.1"), 0), options);
        ChannelHandler record = (c, info) -> {
            Recorder r = new Recorder();
            accepted.add(new Accepted(c, info, r));
            return ChannelHandler.Answer.accept(r);
        };
        server.register("rlink:", record);
        server.register("admin", record);
    }

    PeerDialer dialer(String host, PeerKey key) throws Exception {
        return new PeerDialer(host, key, options, InetAddress.getByName("127.0.2.1"));
    }

    /** seattle dials london directly on channel "rlink:hrdg/hr_rvg". */
    PeerConnection connect(Recorder handler) throws Exception {
        return connect(server.address(), handler);
    }

    PeerConnection connect(InetSocketAddress address, Recorder handler) throws Exception {
        PeerConnection c = dialer("seattle", KEY).connect("london", address, "rlink:hrdg/hr_rvg",
                Map.of("rvg", "hr_rvg", "generation", "7"), handler);
        dialed.add(c);
        return c;
    }

    Accepted nextAccepted() throws InterruptedException {
        Accepted a = accepted.poll(10, TimeUnit.SECONDS);
        assertNotNull(a, "london accepted no connection within 10 s");
        return a;
    }

    /** Proves the listener still serves a correct dialer: a frame goes through. */
    void assertServes() throws Exception {
        Recorder r = new Recorder();
        PeerConnection c = connect(r);
        Accepted a = nextAccepted();
        c.send(1, "still serving".getBytes(StandardCharsets.UTF_8));
        org.junit.jupiter.api.Assertions.assertEquals("still serving",
                new String(a.recorder().take().payload(), StandardCharsets.UTF_8));
        c.close("check done");
    }

    @Override
    public void close() {
        for (PeerConnection c : dialed) {
            c.close("test over");
        }
        server.close();
    }
}
