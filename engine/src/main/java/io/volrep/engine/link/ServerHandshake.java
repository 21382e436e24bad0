package io.volrep.engine.link;

import io.volrep.engine.link.Handshake.Challenge;
import io.volrep.engine.link.Handshake.Hello;
import io.volrep.engine.link.Handshake.RefusalKind;
import io.volrep.engine.link.Handshake.Refusal;

import java.io.EOFException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The listener's half of the handshake in {@link LinkProtocol}: checks HELLO, proves the key, checks
 * the dialer's proof. Thread-safe; one instance serves every incoming connection of a listener.
 */
final class ServerHandshake {
    private final String localHost;
    private final PeerKey key;
    private final Set<String> knownHosts;
    private final NonceCache nonces;
    private final SecureRandom random;

    ServerHandshake(String localHost, PeerKey key, Set<String> knownHosts, NonceCache nonces, SecureRandom random) {
        this.localHost = localHost;
        this.key = key;
        this.knownHosts = Set.copyOf(knownHosts);
        this.nonces = nonces;
        this.random = random;
    }

    /**
     * Runs the handshake up to a verified AUTH; the caller then sends WELCOME or a channel refusal.
     *
     * @throws HandshakeException when either side refused (this side has sent its REFUSE)
     * @throws IOException        on a transport failure or timeout
     */
    HandshakeInfo run(Endpoint e) throws IOException, HandshakeException {
        FrameReader reader = new FrameReader(e.in(), LinkProtocol.HANDSHAKE_MAX_PAYLOAD);
        try {
            byte[] helloBytes = expect(e, reader, LinkProtocol.HELLO).payload();
            int version = Handshake.peekVersion(helloBytes, "HELLO");
            if (version != LinkProtocol.VERSION) {
                throw refuse(e, RefusalKind.VERSION, "link protocol version " + version + " is not spoken by "
                        + localHost + ", which speaks version " + LinkProtocol.VERSION
                        + ": run the same volrep release on both hosts");
            }
            Hello hello = Hello.decode(helloBytes);
            checkHello(e, hello);
            byte[] nonce = new byte[LinkProtocol.NONCE_BYTES];
            random.nextBytes(nonce);
            byte[] body = new Challenge(LinkProtocol.VERSION, localHost, nonce, new byte[0]).body();
            byte[] proof = Handshake.proof(key, LinkProtocol.SERVER_LABEL, helloBytes, body);
            FrameWriter.writeAndFlush(e.out(), LinkProtocol.CHALLENGE,
                    new Challenge(LinkProtocol.VERSION, localHost, nonce, proof).encode());
            byte[] auth = expect(e, reader, LinkProtocol.AUTH).payload();
            if (auth.length != LinkProtocol.PROOF_BYTES
                    || !Handshake.verify(key, LinkProtocol.CLIENT_LABEL, auth, helloBytes, body)) {
                throw refuse(e, RefusalKind.AUTH, "'" + hello.clientHost() + "' did not prove the peer key of "
                        + localHost + ": the key files of the two hosts differ");
            }
            return new HandshakeInfo(version, localHost, hello.clientHost(), e.remote(), hello.channel(),
                    hello.metadata(), false);
        } catch (FrameException bad) {
            throw refuse(e, RefusalKind.PROTOCOL, "bad handshake: " + bad.getMessage());
        } finally {
            reader.close();
        }
    }

    private void checkHello(Endpoint e, Hello hello) throws HandshakeException {
        if (!nonces.add(hello.nonce())) {
            throw refuse(e, RefusalKind.REPLAY, "HELLO from '" + hello.clientHost()
                    + "' repeats a recently used nonce: a replayed handshake");
        }
        if (!knownHosts.contains(hello.clientHost())) {
            throw refuse(e, RefusalKind.HOST, "host '" + hello.clientHost() + "' is not in the hosts table of "
                    + localHost + ": add it to vxrep.hosts on " + localHost);
        }
        if (!hello.serverHost().equals(localHost)) {
            throw refuse(e, RefusalKind.HOST, "'" + hello.clientHost() + "' dialed host '" + hello.serverHost()
                    + "' but this is " + localHost + ": fix vxrep.hosts on " + hello.clientHost());
        }
    }

    /** Reads the next frame, which must be {@code type}; a REFUSE from the dialer ends the handshake. */
    private Frame expect(Endpoint e, FrameReader reader, int type) throws IOException, HandshakeException {
        Frame f = reader.read();
        if (f == null) {
            throw new EOFException("connection closed before " + LinkProtocol.typeName(type));
        }
        if (f.type() == LinkProtocol.REFUSE) {
            Refusal r = Refusal.decode(f.payload());
            throw new HandshakeException(r.kind(), r.reason(), true);
        }
        if (f.type() != type) {
            throw refuse(e, RefusalKind.PROTOCOL, "expected " + LinkProtocol.typeName(type) + ", got frame type "
                    + LinkProtocol.typeName(f.type()));
        }
        return f;
    }

    /** Sends REFUSE (best effort: the peer may be gone or may not be a volrep peer at all). */
    static HandshakeException refuse(Endpoint e, RefusalKind kind, String reason) {
        try {
            FrameWriter.writeAndFlush(e.out(), LinkProtocol.REFUSE, new Refusal(kind, reason).encode());
        } catch (IOException ignored) {
            // the refusal is also logged and thrown; the peer not hearing it changes nothing
        }
        return new HandshakeException(kind, reason, false);
    }
}
