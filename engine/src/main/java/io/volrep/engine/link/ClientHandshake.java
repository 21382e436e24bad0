package io.volrep.engine.link;

import io.volrep.engine.link.Handshake.Challenge;
import io.volrep.engine.link.Handshake.Hello;
import io.volrep.engine.link.Handshake.RefusalKind;
import io.volrep.engine.link.Handshake.Refusal;

import java.io.EOFException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Map;

/** The dialer's half of the handshake in {@link LinkProtocol}. Thread-safe. */
final class ClientHandshake {
    private final String localHost;
    private final PeerKey key;
    private final SecureRandom random;

    ClientHandshake(String localHost, PeerKey key, SecureRandom random) {
        this.localHost = localHost;
        this.key = key;
        this.random = random;
    }

    /**
     * Runs the whole handshake, through WELCOME.
     *
     * @throws HandshakeException when either side refused ({@link HandshakeException#byPeer()} says which)
     * @throws IOException        on a transport failure or timeout
     */
    HandshakeInfo run(Endpoint e, String peerHost, String channel, Map<String, String> metadata)
            throws IOException, HandshakeException {
        byte[] nonce = new byte[LinkProtocol.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] helloBytes = new Hello(LinkProtocol.VERSION, localHost, peerHost, channel, metadata, nonce).encode();
        FrameReader reader = new FrameReader(e.in(), LinkProtocol.HANDSHAKE_MAX_PAYLOAD);
        try {
            FrameWriter.writeAndFlush(e.out(), LinkProtocol.HELLO, helloBytes);
            byte[] challengeBytes = expect(e, reader, LinkProtocol.CHALLENGE).payload();
            int version = Handshake.peekVersion(challengeBytes, "CHALLENGE");
            if (version != LinkProtocol.VERSION) {
                throw ServerHandshake.refuse(e, RefusalKind.VERSION, peerHost + " answered with link protocol version "
                        + version + ", " + localHost + " speaks " + LinkProtocol.VERSION
                        + ": run the same volrep release on both hosts");
            }
            Challenge c = Challenge.decode(challengeBytes);
            if (!c.serverHost().equals(peerHost)) {
                throw ServerHandshake.refuse(e, RefusalKind.HOST, e.remoteText() + " answers as host '"
                        + c.serverHost() + "', not '" + peerHost + "': fix vxrep.hosts on " + localHost);
            }
            if (!Handshake.verify(key, LinkProtocol.SERVER_LABEL, c.proof(), helloBytes, c.body())) {
                throw ServerHandshake.refuse(e, RefusalKind.AUTH, peerHost + " did not prove the peer key of "
                        + localHost + ": the key files of the two hosts differ");
            }
            FrameWriter.writeAndFlush(e.out(), LinkProtocol.AUTH,
                    Handshake.proof(key, LinkProtocol.CLIENT_LABEL, helloBytes, c.body()));
            expect(e, reader, LinkProtocol.WELCOME);
            return new HandshakeInfo(version, localHost, peerHost, e.remote(), channel, metadata, true);
        } catch (FrameException bad) {
            throw ServerHandshake.refuse(e, RefusalKind.PROTOCOL, "bad handshake from " + peerHost + ": "
                    + bad.getMessage());
        } finally {
            reader.close();
        }
    }

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
            throw ServerHandshake.refuse(e, RefusalKind.PROTOCOL, "expected " + LinkProtocol.typeName(type)
                    + ", got frame type " + LinkProtocol.typeName(f.type()));
        }
        return f;
    }
}
