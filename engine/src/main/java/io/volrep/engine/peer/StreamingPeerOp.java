package io.volrep.engine.peer;

import java.io.IOException;
import java.util.Map;

import io.volrep.engine.api.VolrepException;

/**
 * An operation a daemon performs for a peer that reports as it goes ({@code vradmin} run for a
 * Secondary, the events {@code vrnotify} relays): it may send parts before its reply and read what
 * the caller sends. It runs on a thread of its own, so the connection notices a caller that leaves.
 */
@FunctionalInterface
public interface StreamingPeerOp {

    /** Returns the reply fields; a failure is a VolrepException whose code and message travel back. */
    Map<String, String> run(String fromHost, PeerMessage request, PeerStream stream) throws VolrepException, IOException;
}
