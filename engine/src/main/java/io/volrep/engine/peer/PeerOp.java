package io.volrep.engine.peer;

import java.io.IOException;
import java.util.Map;

import io.volrep.engine.api.VolrepException;

/**
 * One operation a daemon performs when a peer asks (create a Secondary RVG, report status...).
 * Implementations validate everything before changing anything, as commands do.
 */
@FunctionalInterface
public interface PeerOp {

    /** Returns the reply fields; a failure is a VolrepException whose code and message travel back. */
    Map<String, String> run(String fromHost, PeerMessage request) throws VolrepException, IOException;
}
