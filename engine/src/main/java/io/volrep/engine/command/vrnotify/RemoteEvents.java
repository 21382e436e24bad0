package io.volrep.engine.command.vrnotify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.remote.EventRelay;
import io.volrep.engine.command.remote.RdsStats;
import io.volrep.engine.command.remote.StatusOps;
import io.volrep.engine.event.Event;
import io.volrep.engine.peer.PeerCall;
import io.volrep.engine.peer.Peers;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;

/**
 * The events of the other hosts of some RDSs, relayed to this host ({@link EventRelay} on each of
 * them): one peer call per host and RDS, opened again a few seconds after it ends (the host restarted,
 * the link broke), with one warning per outage. Closing ends every call. Used by one thread.
 */
final class RemoteEvents implements AutoCloseable {
    private static final long RETRY_NANOS = 3_000_000_000L;

    /** One host of an RDS to hear from, and the call to it while there is one. */
    private static final class Source {
        final String host;
        final String dg;
        final String rvg;
        PeerCall call;
        long openedAt;
        long retryAt;
        boolean warned;

        Source(String host, String dg, String rvg) {
            this.host = host;
            this.dg = dg;
            this.rvg = rvg;
        }
    }

    private final Peers peers;
    private final Invocation inv;
    private final List<Source> sources = new ArrayList<>();
    private final ConcurrentLinkedQueue<Event> arrived = new ConcurrentLinkedQueue<>();

    RemoteEvents(Engine engine, List<Rvg> rvgs, Invocation inv) {
        this.peers = engine.peers().orElse(null);
        this.inv = inv;
        if (peers == null) {
            return;
        }
        for (Rvg rvg : rvgs) {
            hostsOf(rvg).forEach((host, where) -> {
                String[] p = where.split("/", 2);
                sources.add(new Source(host, p[0], p[1]));
            });
        }
    }

    /** The other hosts of the RDS of {@code rvg}: its peers, and from a Secondary the Primary's peers too. */
    private Map<String, String> hostsOf(Rvg rvg) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Rlink l : rvg.rlinks()) {
            out.put(l.remoteHost(), l.record().remoteDg() + "/" + l.record().remoteRvg());
            if (!rvg.isPrimary()) {
                try {
                    RdsStats pri = RdsStats.from(peers.call(l.remoteHost(), StatusOps.STATS,
                            Map.of("dg", l.record().remoteDg(), "rvg", l.record().remoteRvg())));
                    pri.peers().forEach(out::putIfAbsent);
                } catch (VolrepException | IOException | RuntimeException e) {
                    inv.err("vrnotify: warning: the Primary " + l.remoteHost() + " did not say which other hosts the RDS has ("
                            + e.getMessage() + ")");
                }
            }
        }
        out.remove(peers.localHost());
        return out;
    }

    /** Opens the calls that are not running (at most every few seconds per host). */
    void keepUp() {
        long now = System.nanoTime();
        for (Source s : sources) {
            if (s.call != null && !s.call.done()) {
                continue;
            }
            if (s.call != null) {
                String why = ended(s.call);
                s.call.close();
                s.call = null;
                if (now - s.openedAt > 3 * RETRY_NANOS) {
                    s.warned = false; // it ran for a while: this is a new outage
                }
                warn(s, why);
                s.retryAt = now + RETRY_NANOS;
            }
            if (now < s.retryAt) {
                continue;
            }
            try {
                s.call = peers.open(s.host, EventRelay.EVENTS, Map.of("dg", s.dg, "rvg", s.rvg),
                        part -> Event.from(part).ifPresent(arrived::add));
                s.openedAt = now;
            } catch (VolrepException | IOException e) {
                warn(s, e.getMessage());
                s.retryAt = now + RETRY_NANOS;
            }
        }
    }

    /** Why a finished call ended. */
    private static String ended(PeerCall call) {
        try {
            call.result(0);
            return "it stopped relaying";
        } catch (VolrepException | IOException | java.util.concurrent.TimeoutException e) {
            return e.getMessage();
        }
    }

    private void warn(Source s, String why) {
        if (!s.warned) {
            inv.err("vrnotify: warning: no events from " + s.host + " for now (" + why + "); trying again");
            s.warned = true;
        }
    }

    /** The events that arrived since the last call, oldest first. */
    List<Event> drain() {
        List<Event> out = new ArrayList<>();
        for (Event e; (e = arrived.poll()) != null; ) {
            out.add(e);
        }
        return out;
    }

    @Override
    public void close() {
        for (Source s : sources) {
            if (s.call != null) {
                s.call.close();
            }
        }
    }
}
