package io.volrep.engine.link;

/**
 * The upper layer's receiver of one connection's frames. Both methods run on the connection's reader
 * thread, in arrival order; {@link #onClose} runs exactly once, after the last {@link #onFrame}.
 * A handler that blocks stops reading from that peer (and, through TCP, the peer's sending).
 */
public interface FrameHandler {
    /**
     * One frame. A runtime exception thrown here closes the connection with the exception as reason.
     *
     * @param type    the upper layer's frame type, 0..{@value PeerConnection#MAX_USER_TYPE}
     * @param payload the payload, owned by the handler from now on
     */
    void onFrame(PeerConnection connection, int type, byte[] payload) throws Exception;

    /** The connection ended; {@code reason} says why in words fit for a log line or an operator. */
    default void onClose(PeerConnection connection, String reason) {
    }
}
