package io.volrep.engine.link;

import java.util.Objects;

/**
 * What a {@link PeerServer} does with an authenticated connection whose channel name starts with the
 * prefix this handler was registered for. Called on the connection's handshake thread, before the
 * dialer is told it is accepted; frames sent from here are queued and go out after the acceptance.
 */
@FunctionalInterface
public interface ChannelHandler {
    /** Accept with a frame handler, or refuse with a reason the dialer sees. */
    Answer accept(PeerConnection connection, HandshakeInfo info);

    /** Either a frame handler (accepted) or a refusal reason. */
    record Answer(FrameHandler handler, String refusal) {
        public Answer {
            if ((handler == null) == (refusal == null)) {
                throw new IllegalArgumentException("an answer holds either a handler or a refusal");
            }
        }

        public static Answer accept(FrameHandler handler) {
            return new Answer(Objects.requireNonNull(handler, "handler"), null);
        }

        public static Answer refuse(String reason) {
            return new Answer(null, Objects.requireNonNull(reason, "reason"));
        }

        public boolean accepted() {
            return handler != null;
        }
    }
}
