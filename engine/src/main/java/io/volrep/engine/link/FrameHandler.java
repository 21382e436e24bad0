package io.volrep.engine.link;

import java.nio.ByteBuffer;

/**
 * The upper layer's receiver of one connection's frames. Every method runs on the connection's reader
 * thread, frames in arrival order; {@link #onClose} runs exactly once, after the last {@link #onFrame}.
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

    /**
     * Whether frames of {@code type} go to {@link #onBorrowed}, in a buffer the connection reuses, rather
     * than to {@link #onFrame} in an array of their own: a synchronization copy receives a stream of
     * blocks, and a fresh array per block (allocated, zeroed, collected) took an eighth of a Secondary's
     * CPU; on a plain TCP link the buffer is direct, so the block also skips the copy a socket stream makes.
     * Default: no.
     */
    default boolean borrows(int type) {
        return false;
    }

    /**
     * One frame of a type {@link #borrows} accepts. {@code payload} (position 0 to limit) belongs to the
     * connection and is valid only until this returns: the handler copies what it keeps. By default the
     * payload is copied and goes to {@link #onFrame}.
     */
    default void onBorrowed(PeerConnection connection, int type, ByteBuffer payload) throws Exception {
        byte[] copy = new byte[payload.remaining()];
        payload.get(copy);
        onFrame(connection, type, copy);
    }

    /**
     * The reader has handled every frame that had arrived and will wait for more: the moment to answer a
     * burst of frames once, with a cumulative acknowledgement, rather than each of them. It comes after a
     * burst, not after every frame of a long stream (a read that ends inside a frame is not the end of
     * one). An exception thrown here closes the connection. Default: nothing.
     */
    default void onDrained(PeerConnection connection) throws Exception {
    }

    /** The connection ended; {@code reason} says why in words fit for a log line or an operator. */
    default void onClose(PeerConnection connection, String reason) {
    }
}
