package io.volrep.engine.peer;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The running end of a {@link StreamingPeerOp}: what it sends back before its reply, and what the
 * caller sends it meanwhile (answers to questions). Used by the op's own thread.
 */
public interface PeerStream {

    /** Sends one part to the caller. Throws once the caller has gone. */
    void emit(Map<String, String> part) throws IOException;

    /** Whether the caller is still there. */
    boolean open();

    /** The caller's next message, waiting up to {@code timeout}; empty on timeout or once the caller has gone. */
    Optional<Map<String, String>> receive(Duration timeout) throws InterruptedException;
}
