package io.volrep.engine.rvg.replication;

import java.util.function.Supplier;

import io.volrep.engine.link.LinkStats;
import io.volrep.engine.link.PeerConnection;
import io.volrep.engine.rvg.RlinkCounters;

/** The link layer's counters of one connection in the terms {@code vxrlink stats} reports. */
final class ConnectionFigures {
    private ConnectionFigures() {
    }

    /** A live view of {@code c}'s counters, for {@link RlinkCounters#linkFigures}. */
    static Supplier<RlinkCounters.LinkFigures> of(PeerConnection c) {
        return () -> {
            LinkStats.Snapshot s = c.stats();
            return new RlinkCounters.LinkFigures(s.framesSent(), s.framesReceived(), s.bytesSent(), s.bytesReceived(),
                    s.heartbeatsSent(), s.heartbeatsReceived(), s.errors(LinkStats.ErrorKind.TIMEOUT),
                    s.errors(LinkStats.ErrorKind.CRC), s.errors(LinkStats.ErrorKind.TRUNCATED),
                    s.errors(LinkStats.ErrorKind.MALFORMED) + s.errors(LinkStats.ErrorKind.OVERSIZE),
                    s.errors(LinkStats.ErrorKind.IO), s.errors(LinkStats.ErrorKind.HANDLER), c.bandwidthLimit());
        };
    }
}
