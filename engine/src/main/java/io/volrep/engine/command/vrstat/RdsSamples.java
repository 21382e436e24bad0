package io.volrep.engine.command.vrstat;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.remote.RdsStats;
import io.volrep.engine.command.remote.StatusOps;
import io.volrep.engine.peer.Peers;
import io.volrep.engine.rvg.Rvg;

/**
 * One sample of every host of an RDS: this host's figures, then those of each host it knows of
 * (asked over the peer port), then of the hosts those know of, so a Secondary reaches the other
 * Secondaries through the Primary. Hosts that do not answer are listed with the reason.
 *
 * @param hosts       the Primary first, then the Secondaries by name
 * @param unreachable one line per host that did not answer
 */
record RdsSamples(List<RdsStats> hosts, List<String> unreachable) {

    static RdsSamples take(Engine engine, Rvg rvg) {
        RdsStats local = RdsStats.of(engine, rvg);
        List<RdsStats> out = new ArrayList<>(List.of(local));
        List<String> unreachable = new ArrayList<>();
        Set<String> seen = new HashSet<>(Set.of(local.host()));
        Deque<Map.Entry<String, String>> todo = new ArrayDeque<>(local.peers().entrySet());
        Peers peers = engine.peers().orElse(null);
        while (peers != null && !todo.isEmpty()) {
            Map.Entry<String, String> next = todo.poll();
            if (!seen.add(next.getKey())) {
                continue;
            }
            String[] where = next.getValue().split("/", 2);
            try {
                RdsStats s = RdsStats.from(peers.call(next.getKey(), StatusOps.STATS, Map.of("dg", where[0], "rvg", where[1])));
                out.add(s);
                todo.addAll(s.peers().entrySet());
            } catch (VolrepException | IOException | RuntimeException e) {
                unreachable.add(next.getKey() + ": no figures (" + e.getMessage() + ")");
            }
        }
        out.sort(Comparator.comparing((RdsStats s) -> !s.role().equals("primary")).thenComparing(RdsStats::host));
        return new RdsSamples(out, unreachable);
    }
}
