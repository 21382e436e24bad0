package io.volrep.engine.link;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of one connection, for {@code vxrlink stats}. Updated by the connection's reader and
 * writer threads; {@link #snapshot()} may be called from any thread.
 */
public final class LinkStats {
    /** Why a connection ended or a frame was dropped. */
    public enum ErrorKind {
        /** CRC32C of a frame did not match. */
        CRC,
        /** A length beyond the payload limit (on the wire or after inflation). */
        OVERSIZE,
        /** The stream ended in the middle of a frame. */
        TRUNCATED,
        /** Bad flags, a bad control frame, a reserved type, undecodable compressed data. */
        MALFORMED,
        /** The peer was silent for longer than the dead-peer timeout. */
        TIMEOUT,
        /** A socket error: reset, broken pipe. */
        IO,
        /** The frame handler of the upper layer threw. */
        HANDLER
    }

    /** A consistent-enough copy of the counters. */
    public record Snapshot(long bytesSent, long bytesReceived, long framesSent, long framesReceived,
                           long heartbeatsSent, long heartbeatsReceived, Map<ErrorKind, Long> errors) {
        public long errors(ErrorKind kind) {
            return errors.getOrDefault(kind, 0L);
        }
    }

    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicLong heartbeatsSent = new AtomicLong();
    private final AtomicLong heartbeatsReceived = new AtomicLong();
    private final AtomicLongArray errors = new AtomicLongArray(ErrorKind.values().length);

    void sent(int type, long wireBytes) {
        bytesSent.addAndGet(wireBytes);
        (type == LinkProtocol.HEARTBEAT ? heartbeatsSent : framesSent).incrementAndGet();
    }

    void received(int type, long wireBytes) {
        bytesReceived.addAndGet(wireBytes);
        (type == LinkProtocol.HEARTBEAT ? heartbeatsReceived : framesReceived).incrementAndGet();
    }

    void error(ErrorKind kind) {
        errors.incrementAndGet(kind.ordinal());
    }

    public Snapshot snapshot() {
        Map<ErrorKind, Long> e = new EnumMap<>(ErrorKind.class);
        for (ErrorKind k : ErrorKind.values()) {
            long n = errors.get(k.ordinal());
            if (n != 0) {
                e.put(k, n);
            }
        }
        return new Snapshot(bytesSent.get(), bytesReceived.get(), framesSent.get(), framesReceived.get(),
                heartbeatsSent.get(), heartbeatsReceived.get(), Collections.unmodifiableMap(e));
    }
}
