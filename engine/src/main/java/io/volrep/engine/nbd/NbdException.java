package io.volrep.engine.nbd;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

/**
 * A failed NBD request: the protocol errno sent to (or received from) the peer, and why.
 * Exports complete their futures exceptionally with one of these; anything else is mapped by
 * {@link #of(Throwable)}.
 */
public final class NbdException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public NbdException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public NbdException(int errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** The protocol errno, one of the {@code NbdProtocol.E*} values. */
    public int errno() {
        return errno;
    }

    /**
     * Maps any failure to the errno a client should see: a refused write is EPERM, a full log
     * ENOSPC, a bad argument EINVAL, everything else EIO.
     */
    public static NbdException of(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof NbdException) {
            return (NbdException) cause;
        }
        if (cause instanceof VolrepException) {
            ErrorCode code = ((VolrepException) cause).code();
            int errno = code == ErrorCode.NO_SPACE ? NbdProtocol.ENOSPC
                    : code == ErrorCode.RVG_NOT_STARTED || code == ErrorCode.WRONG_STATE ? NbdProtocol.EPERM
                    : NbdProtocol.EIO;
            return new NbdException(errno, cause.getMessage(), cause);
        }
        if (cause instanceof IllegalArgumentException || cause instanceof IndexOutOfBoundsException) {
            return new NbdException(NbdProtocol.EINVAL, String.valueOf(cause.getMessage()), cause);
        }
        return new NbdException(NbdProtocol.EIO, String.valueOf(cause), cause);
    }

    @Override
    public String getMessage() {
        return NbdProtocol.errnoName(errno) + ": " + super.getMessage();
    }
}
