package io.volrep.engine.rvg;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What one RLINK's replication did since its link last came up ({@code vxrlink stats}, {@code vrstat -R}):
 * on the Primary the updates shipped, resent after a reconnect, the waits for the flow-control window
 * and the round trip of acknowledgements; on the Secondary the updates received; on both the figures of
 * the link itself (frames, bytes, heartbeats, errors by kind) reported by the replication layer.
 * Counters start again from zero at each connect, as the product's do. Thread-safe.
 */
public final class RlinkCounters {

    /** Figures of the current connection as the link layer counts them (all zero while there is none). */
    public record LinkFigures(long framesSent, long framesReceived, long bytesSent, long bytesReceived,
                              long heartbeatsSent, long heartbeatsReceived, long timeouts, long checksumErrors,
                              long truncated, long malformed, long ioErrors, long handlerErrors, long bandwidthLimit) {
        public static final LinkFigures NONE = new LinkFigures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** Frames the link dropped or that ended it, of every kind. */
        public long errors() {
            return timeouts + checksumErrors + truncated + malformed + ioErrors + handlerErrors;
        }

        /** The change since {@code a}; the bandwidth limit is the current one. */
        public LinkFigures minus(LinkFigures a) {
            return new LinkFigures(framesSent - a.framesSent, framesReceived - a.framesReceived, bytesSent - a.bytesSent,
                    bytesReceived - a.bytesReceived, heartbeatsSent - a.heartbeatsSent, heartbeatsReceived - a.heartbeatsReceived,
                    timeouts - a.timeouts, checksumErrors - a.checksumErrors, truncated - a.truncated, malformed - a.malformed,
                    ioErrors - a.ioErrors, handlerErrors - a.handlerErrors, bandwidthLimit);
        }
    }

    /** A copy of the counters at one moment. {@code rttMillis} is a moving average, -1 before the first sample. */
    public record Snapshot(long sinceMillis, long messages, long bytes, long retransmits, long retransmitBytes,
                           long windowDelays, long windowDelayMillis, long acks, double rttMillis,
                           long updatesReceived, long bytesReceived, long syncBlocks, long syncBytes, LinkFigures link) {
        /** 512-byte blocks shipped, the unit the product reports. */
        public long blocks() {
            return (bytes + 511) / 512;
        }

        /**
         * The change since {@code a}, an earlier snapshot; when the counters started again in between (a
         * reconnect) the change is this snapshot itself. The round trip stays the current average.
         */
        public Snapshot minus(Snapshot a) {
            if (a.sinceMillis != sinceMillis) {
                return this;
            }
            return new Snapshot(sinceMillis, messages - a.messages, bytes - a.bytes, retransmits - a.retransmits,
                    retransmitBytes - a.retransmitBytes, windowDelays - a.windowDelays, windowDelayMillis - a.windowDelayMillis,
                    acks - a.acks, rttMillis, updatesReceived - a.updatesReceived, bytesReceived - a.bytesReceived,
                    syncBlocks - a.syncBlocks, syncBytes - a.syncBytes, link.minus(a.link));
        }
    }

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong retransmits = new AtomicLong();
    private final AtomicLong retransmitBytes = new AtomicLong();
    private final AtomicLong windowDelays = new AtomicLong();
    private final AtomicLong windowDelayNanos = new AtomicLong();
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong updatesReceived = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong syncBlocks = new AtomicLong();
    private final AtomicLong syncBytes = new AtomicLong();
    private volatile long sinceMillis = System.currentTimeMillis();
    private volatile long retransmitUntil;
    private double rttMillis = -1;
    private volatile Supplier<LinkFigures> link = () -> LinkFigures.NONE;

    /** A new session: every counter from zero (what is still to be resent stays known). */
    void reset() {
        for (AtomicLong a : new AtomicLong[] {messages, bytes, retransmits, retransmitBytes, windowDelays, windowDelayNanos,
                acks, updatesReceived, bytesReceived, syncBlocks, syncBytes}) {
            a.set(0);
        }
        synchronized (this) {
            rttMillis = -1;
        }
        sinceMillis = Math.max(System.currentTimeMillis(), sinceMillis + 1); // also tells sessions apart
    }

    /** Replication resumes at {@code from} although updates up to {@code sentUpTo} went out before: they go again. */
    void resending(long from, long sentUpTo) {
        if (sentUpTo > from) {
            retransmitUntil = Math.max(retransmitUntil, sentUpTo);
        }
    }

    void sent(long endLsn, int length) {
        messages.incrementAndGet();
        bytes.addAndGet(length);
        if (endLsn <= retransmitUntil) {
            retransmits.incrementAndGet();
            retransmitBytes.addAndGet(length);
        }
    }

    void acked(long rttNanos) {
        acks.incrementAndGet();
        if (rttNanos >= 0) {
            double ms = rttNanos / 1e6;
            synchronized (this) {
                rttMillis = rttMillis < 0 ? ms : rttMillis * 0.875 + ms * 0.125;
            }
        }
    }

    /** Primary: the sender waited {@code nanos} for the flow-control window to open. */
    public void windowDelay(long nanos) {
        windowDelays.incrementAndGet();
        windowDelayNanos.addAndGet(nanos);
    }

    /** Secondary: an update of {@code length} bytes arrived. */
    public void received(int length) {
        updatesReceived.incrementAndGet();
        bytesReceived.addAndGet(length);
    }

    void synced(long length) {
        syncBlocks.incrementAndGet();
        syncBytes.addAndGet(length);
    }

    /** Where the link figures of the current connection come from (the replication layer sets it at connect). */
    public void linkFigures(Supplier<LinkFigures> figures) {
        link = figures == null ? () -> LinkFigures.NONE : figures;
    }

    public Snapshot snapshot() {
        double rtt;
        synchronized (this) {
            rtt = rttMillis;
        }
        return new Snapshot(sinceMillis, messages.get(), bytes.get(), retransmits.get(), retransmitBytes.get(),
                windowDelays.get(), windowDelayNanos.get() / 1_000_000, acks.get(), rtt, updatesReceived.get(),
                bytesReceived.get(), syncBlocks.get(), syncBytes.get(), link.get());
    }
}
