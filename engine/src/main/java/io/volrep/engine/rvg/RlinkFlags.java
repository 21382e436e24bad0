package io.volrep.engine.rvg;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.volrep.engine.volume.RlinkRecord;

/**
 * The flag list of an RLINK as vxprint prints it (spec/vvr-features.md §3.3), in the product's order:
 * {@code write enabled|disabled attached|detached [primary_paused] [secondary_paused]
 * consistent|inconsistent [can_sync|cant_sync] connected|disconnected [autosync] [dcm_logging]
 * [resync_started|resync_paused] [fail]}, then any other persisted flag by name.
 */
final class RlinkFlags {
    private static final Set<String> KNOWN = Set.of(Rlink.INCONSISTENT, Rlink.AUTOSYNC, Rlink.DCM_LOGGING,
            Rlink.PRIMARY_PAUSED, Rlink.SECONDARY_PAUSED, Rlink.CANT_SYNC, Rlink.RESYNC_STARTED);

    private RlinkFlags() {
    }

    static List<String> of(Rlink l) {
        RlinkRecord record = l.record();
        RlinkState s = l.state();
        List<String> out = new ArrayList<>();
        out.add("write");
        out.add(s == RlinkState.STALE ? "disabled" : "enabled");
        out.add(s == RlinkState.STALE ? "detached" : "attached");
        addIf(out, record, Rlink.PRIMARY_PAUSED);
        addIf(out, record, Rlink.SECONDARY_PAUSED);
        if (l.consistent()) {
            out.add("consistent");
        } else {
            out.add("inconsistent");
            out.add(record.has(Rlink.CANT_SYNC) || s == RlinkState.STALE ? "cant_sync" : "can_sync");
        }
        out.add(l.connected() ? "connected" : "disconnected");
        addIf(out, record, Rlink.AUTOSYNC);
        addIf(out, record, Rlink.DCM_LOGGING);
        if (record.has(Rlink.RESYNC_STARTED)) {
            out.add(s == RlinkState.PAUSE ? "resync_paused" : Rlink.RESYNC_STARTED);
        }
        if (s == RlinkState.FAIL) {
            out.add("fail");
        }
        for (String f : new TreeSet<>(record.flags())) {
            if (!KNOWN.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    private static void addIf(List<String> out, RlinkRecord record, String flag) {
        if (record.has(flag)) {
            out.add(flag);
        }
    }
}
