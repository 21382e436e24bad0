package io.volrep.engine.role;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What a new Primary that took the role over knows of the old one (DESIGN.md rule 4):
 * <pre>
 *  WAITING   the old Primary has not been reached since the takeover.
 *  NOTIFIED  it knows (takeover -N): it reports the two-Primaries error until makesec runs there.
 *  MARKED    it is an acting Secondary and the blocks it wrote but never shipped are marked in this
 *            host's DCM (fast failback): fbsync (or -autofb) converts it and replays the DCM.
 * </pre>
 * The record goes when the conflict is resolved (fbsync or makesec).
 */
enum TakeoverStep {
    WAITING, NOTIFIED, MARKED;

    private static final Map<TakeoverStep, Set<TakeoverStep>> MOVES = Map.of(
            WAITING, EnumSet.of(NOTIFIED, MARKED),
            NOTIFIED, EnumSet.noneOf(TakeoverStep.class),
            MARKED, EnumSet.noneOf(TakeoverStep.class));

    /** Throws if the move is not in the table. */
    TakeoverStep moveTo(TakeoverStep next) {
        if (!MOVES.get(this).contains(next)) {
            throw new IllegalStateException("takeover step " + this + " cannot move to " + next);
        }
        return next;
    }
}
