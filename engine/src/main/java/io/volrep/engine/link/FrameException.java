package io.volrep.engine.link;

import java.io.IOException;

/** A frame that broke the rules of {@link LinkProtocol}; the connection that carried it is closed. */
final class FrameException extends IOException {
    private static final long serialVersionUID = 1L;
    private final LinkStats.ErrorKind kind;

    FrameException(LinkStats.ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    LinkStats.ErrorKind kind() {
        return kind;
    }
}
