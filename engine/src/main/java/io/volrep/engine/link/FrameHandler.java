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
     * @param payload the payload, owned by the handler from now on, unless {@link #borrows} says otherwise
     */
    void onFrame(PeerConnection connection, int type, byte[] payload) throws Exception;

    /**
     * Whether the handler is done with frames of {@code type} when {@link #onFrame} returns (it copies
     * what it keeps). Their payload may then come in the array of the last such frame of the same length,
     * which the connection reuses: a synchronization copy receives a stream of equal-sized blocks, and a
     * fresh array per block (allocated, zeroed, collected) took an eighth of a Secondary's CPU. Default: no.
     */
    default boolean borrows(int type) {
        return false;
    }

    /** The connection ended; {@code reason} says why in words fit for a log line or an operator. */
    default void onClose(PeerConnection connection, String reason) {
    }
}
