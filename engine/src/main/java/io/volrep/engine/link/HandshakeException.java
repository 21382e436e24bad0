package io.volrep.engine.link;

/** A handshake this side refused, or that the peer refused; the socket is closed. */
final class HandshakeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Handshake.RefusalKind kind;
    private final boolean byPeer;

    HandshakeException(Handshake.RefusalKind kind, String reason, boolean byPeer) {
        super(reason);
        this.kind = kind;
        this.byPeer = byPeer;
    }

    Handshake.RefusalKind kind() {
        return kind;
    }

    /** True when the peer sent the refusal, false when this side refused. */
    boolean byPeer() {
        return byPeer;
    }
}
