package io.volrep.engine.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Map;

/** A hand-driven dialer for tests that break the protocol on purpose. */
final class RawPeer implements AutoCloseable {
    final Socket socket = new Socket();
    final Endpoint endpoint;
    private final FrameReader reader;

    RawPeer(InetSocketAddress to) throws IOException {
        socket.connect(to, 5_000);
        socket.setSoTimeout(10_000);
        endpoint = Endpoint.of(socket);
        reader = new FrameReader(endpoint.in(), LinkOptions.DEFAULT_MAX_PAYLOAD);
    }

    void send(int type, byte[] payload) throws IOException {
        FrameWriter.writeAndFlush(endpoint.out(), type, payload);
    }

    void sendRaw(byte[] bytes) throws IOException {
        endpoint.out().write(bytes);
        endpoint.out().flush();
    }

    Frame read() throws IOException {
        return reader.read();
    }

    /** Reads one frame, which must be REFUSE, and decodes it. */
    Handshake.Refusal refusal() throws IOException {
        Frame f = read();
        assertEquals(LinkProtocol.REFUSE, f == null ? -1 : f.type(), "expected a REFUSE frame");
        return Handshake.Refusal.decode(f.payload());
    }

    /** Reads and drops bytes until the peer closes; true when it did within the 10 s socket timeout. */
    boolean closedByPeer() throws IOException {
        InputStream in = endpoint.in();
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                continue;
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset counts as closed
        }
        return true;
    }

    /** Runs an honest dialer handshake as {@code host}, leaving the raw socket for misbehaviour. */
    HandshakeInfo authenticate(String host, PeerKey key, String peerHost) throws Exception {
        return new ClientHandshake(host, key, new SecureRandom()).run(endpoint, peerHost, "rlink:raw", Map.of());
    }

    static byte[] hello(int version, String from, String to) {
        byte[] nonce = new byte[LinkProtocol.NONCE_BYTES];
        new SecureRandom().nextBytes(nonce);
        return new Handshake.Hello(version, from, to, "rlink:raw", Map.of(), nonce).encode();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
