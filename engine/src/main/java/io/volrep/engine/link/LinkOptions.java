package io.volrep.engine.link;

import java.time.Duration;

/**
 * Timing and size knobs of the peer links of one daemon.
 *
 * @param heartbeatInterval an idle side sends a heartbeat this often
 * @param deadAfter         a peer silent this long (no frame, no heartbeat) is declared dead
 * @param handshakeTimeout  the whole handshake must finish within this
 * @param connectTimeout    TCP connect must finish within this
 * @param maxPayload        largest frame payload accepted or sent, before and after inflation
 * @param sendQueueDepth    frames {@link PeerConnection#send} may queue before it blocks the caller
 * @param compress          deflate payloads of at least 512 bytes when that makes them smaller
 */
public record LinkOptions(
        Duration heartbeatInterval,
        Duration deadAfter,
        Duration handshakeTimeout,
        Duration connectTimeout,
        int maxPayload,
        int sendQueueDepth,
        boolean compress) {

    public static final int DEFAULT_MAX_PAYLOAD = 8 * 1024 * 1024;

    public LinkOptions {
        requirePositive(heartbeatInterval, "heartbeatInterval");
        requirePositive(deadAfter, "deadAfter");
        requirePositive(handshakeTimeout, "handshakeTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        if (deadAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("deadAfter " + deadAfter + " must be at least twice heartbeatInterval "
                    + heartbeatInterval + ", or a live idle peer is declared dead");
        }
        if (maxPayload < 1024 || maxPayload > 256 * 1024 * 1024) {
            throw new IllegalArgumentException("maxPayload " + maxPayload + " must be within 1 KiB..256 MiB");
        }
        if (sendQueueDepth < 1) {
            throw new IllegalArgumentException("sendQueueDepth " + sendQueueDepth + " must be at least 1");
        }
    }

    /** Heartbeat 2 s, dead after 10 s, handshake and connect 10 s, 8 MiB payloads, 64 queued frames. */
    public static LinkOptions defaults() {
        return new LinkOptions(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(10), DEFAULT_MAX_PAYLOAD, 64, false);
    }

    public LinkOptions withHeartbeat(Duration interval, Duration dead) {
        return new LinkOptions(interval, dead, handshakeTimeout, connectTimeout, maxPayload, sendQueueDepth, compress);
    }

    public LinkOptions withHandshakeTimeout(Duration timeout) {
        return new LinkOptions(heartbeatInterval, deadAfter, timeout, connectTimeout, maxPayload, sendQueueDepth,
                compress);
    }

    public LinkOptions withMaxPayload(int bytes) {
        return new LinkOptions(heartbeatInterval, deadAfter, handshakeTimeout, connectTimeout, bytes, sendQueueDepth,
                compress);
    }

    public LinkOptions withCompress(boolean on) {
        return new LinkOptions(heartbeatInterval, deadAfter, handshakeTimeout, connectTimeout, maxPayload,
                sendQueueDepth, on);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
    }
}
