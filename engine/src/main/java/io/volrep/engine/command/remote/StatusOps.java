package io.volrep.engine.command.remote;

import java.util.LinkedHashMap;
import java.util.Map;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.peer.PeerMessage;
import io.volrep.engine.peer.Peers;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.WritePath;
import io.volrep.engine.volume.DiskGroup;

/**
 * Read-only peer ops for monitoring: {@value #UPDATES} answers a Secondary's {@code vxrlink updates}
 * with the Primary's side (last update, how many updates above the Secondary's), {@value #STATS}
 * reports this host's part of an RDS for {@code vrstat} ({@link RdsStats}).
 */
public final class StatusOps {
    public static final String UPDATES = "rlink-updates";
    public static final String STATS = "rds-stats";

    private final Engine engine;

    private StatusOps(Engine engine) {
        this.engine = engine;
    }

    public static void register(Peers peers, Engine engine) {
        StatusOps ops = new StatusOps(engine);
        peers.register(UPDATES, ops::updates);
        peers.register(STATS, ops::stats);
    }

    /** The Primary's last update (ID and time) and how many updates end above {@code from}. */
    private Map<String, String> updates(String fromHost, PeerMessage m) throws VolrepException {
        Rvg rvg = rvg(m);
        Rlink link = rvg.rlink(m.field("rlink")).orElseThrow(() -> new VolrepException(ErrorCode.NO_SUCH_RLINK,
                "RVG " + rvg.name() + " on " + engine.config().host() + " has no RLINK " + m.field("rlink")));
        WritePath wp = rvg.writePath().orElseThrow(() -> new VolrepException(ErrorCode.RVG_NOT_STARTED, "RVG " + rvg.name()
                + " on " + engine.config().host() + " is not started"));
        long from;
        try {
            from = Long.parseLong(m.field("from"));
        } catch (NumberFormatException e) {
            throw new VolrepException(ErrorCode.PROTOCOL, "rlink-updates: bad LSN '" + m.field("from") + "'");
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("last-end", Long.toString(wp.lastUpdateEnd()));
        out.put("last-millis", Long.toString(wp.lastUpdateMillis()));
        out.put("behind", Long.toString(wp.updatesAbove(from)));
        out.put("acked", Long.toString(link.ackedLsn()));
        return out;
    }

    private Map<String, String> stats(String fromHost, PeerMessage m) throws VolrepException {
        return RdsStats.of(engine, rvg(m)).fields();
    }

    private Rvg rvg(PeerMessage m) throws VolrepException {
        DiskGroup dg = engine.diskGroups().require(m.field("dg"));
        return engine.rvgs().require(dg, m.field("rvg"));
    }
}
