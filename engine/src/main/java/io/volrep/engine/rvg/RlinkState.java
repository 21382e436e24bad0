package io.volrep.engine.rvg;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The utility STATE of an RLINK as {@code vxprint} shows it (spec/vvr-features.md §3.2), with the
 * moves allowed between states. STALE: the Secondary does not hold the Primary's data and the SRL
 * cannot bring it up to date (new RLINK, stoprep, det, overflow with srlprot off). ACTIVE: attached
 * and replicating, or trying to connect. PAUSE: paused by the admin or the system. FAIL: a Secondary
 * data volume error or {@code vxrlink -w pause}.
 */
public enum RlinkState {
    STALE, ACTIVE, PAUSE, FAIL;

    private static final Map<RlinkState, Set<RlinkState>> MOVES = Map.of(
            STALE, EnumSet.of(ACTIVE),
            ACTIVE, EnumSet.of(STALE, PAUSE, FAIL),
            PAUSE, EnumSet.of(ACTIVE, STALE, FAIL),
            FAIL, EnumSet.of(ACTIVE, STALE));

    public boolean canMoveTo(RlinkState next) {
        return this == next || MOVES.get(this).contains(next);
    }

    /** Throws if the move is not in the table. */
    public RlinkState moveTo(RlinkState next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("RLINK state " + this + " cannot move to " + next);
        }
        return next;
    }
}
