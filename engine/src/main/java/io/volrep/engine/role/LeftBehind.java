package io.volrep.engine.role;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.RlinkRecord;

/**
 * The RLINKs an original Primary keeps to the Secondaries a takeover left behind. A takeover makes the
 * new Primary replicate to the hosts it has RLINKs to; a Secondary of the old Primary with no RLINK to
 * the new one is orphaned (spec/vvr-features.md §5.1, §5.2). {@code makesec} turns the old Primary into
 * a Secondary but keeps its RLINKs to those Secondaries, detached and flagged {@value #FLAG}: a
 * Secondary replicates through one RLINK only, the one to its Primary, and these lead elsewhere. When
 * it is the Primary again ({@code migrate} back, file 003 Example 4) they are ordinary detached RLINKs,
 * and {@code syncrvg -c} with {@code startrep -c} bring the orphaned Secondaries back.
 */
public final class LeftBehind {
    /** RLINK flag on a Secondary: the RLINK leads to a Secondary left behind, not to this RVG's Primary. */
    public static final String FLAG = "orphaned";

    private LeftBehind() {
    }

    /** Whether {@code l} leads to a Secondary left behind rather than to this Secondary's Primary. */
    public static boolean is(Rlink l) {
        return l.record().has(FLAG);
    }

    /** A Secondary RVG's RLINK to its Primary: the one that does not lead to a Secondary left behind. */
    public static Optional<Rlink> toPrimary(Rvg rvg) {
        return rvg.rlinks().stream().filter(l -> !is(l)).findFirst();
    }

    /** makesec: the RVG's RLINKs to hosts other than {@code newPrimary}, detached and flagged. */
    static List<RlinkRecord> whenDemoted(Rvg rvg, String newPrimary) {
        List<RlinkRecord> out = new ArrayList<>();
        for (RlinkRecord r : rvg.diskGroup().config().rlinksOf(rvg.name())) {
            if (!r.remoteHost().equals(newPrimary)) {
                out.add(LocalRole.reset(r, RlinkState.STALE, Set.of(Rlink.INCONSISTENT, FLAG)));
            }
        }
        return out;
    }

    /**
     * migrate to this host: its RLINKs to Secondaries left behind, detached and no longer flagged, except
     * those to {@code from} or to a host in {@code followers} (the migration brings RLINKs of its own there).
     */
    static List<RlinkRecord> whenPromoted(Rvg rvg, String from, List<String> followers) {
        List<RlinkRecord> out = new ArrayList<>();
        for (RlinkRecord r : rvg.diskGroup().config().rlinksOf(rvg.name())) {
            boolean replaced = r.remoteHost().equals(from) || followers.stream().anyMatch(f -> f.split(":")[0].equals(r.remoteHost()));
            if (!replaced && r.has(FLAG)) {
                out.add(LocalRole.reset(r, RlinkState.STALE, Set.of(Rlink.INCONSISTENT)));
            }
        }
        return out;
    }
}
