package io.volrep.engine.api;

/**
 * A domain failure with a stable code and a message that names the object and the next step.
 * Commands print it as {@code <cmd>: VR-nnnn ERROR: <message>} and exit with the code's status.
 */
public class VolrepException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public VolrepException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public VolrepException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The line a command prints for this error. */
    public String render(String command) {
        return command + ": " + code.tag() + " ERROR: " + getMessage();
    }
}
