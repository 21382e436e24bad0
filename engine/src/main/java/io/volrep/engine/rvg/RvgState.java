package io.volrep.engine.rvg;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The utility STATE of an RVG as {@code vxprint} shows it, with the moves allowed between states
 * (DESIGN.md rule 4). EMPTY: created, never started. ACTIVE: started, writes flow. CLEAN: stopped
 * cleanly, SRL drained onto the data volumes. FAIL: an I/O error on the SRL or a data volume stopped
 * it; {@code vxrvg start} retries once the device is repaired.
 */
public enum RvgState {
    EMPTY, ACTIVE, CLEAN, FAIL;

    private static final Map<RvgState, Set<RvgState>> MOVES = Map.of(
            EMPTY, EnumSet.of(ACTIVE, FAIL),
            ACTIVE, EnumSet.of(CLEAN, FAIL),
            CLEAN, EnumSet.of(ACTIVE, FAIL),
            FAIL, EnumSet.of(ACTIVE, CLEAN));

    public boolean canMoveTo(RvgState next) {
        return MOVES.get(this).contains(next);
    }

    /** Throws if the move is not in the table. */
    public RvgState moveTo(RvgState next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("RVG state " + this + " cannot move to " + next);
        }
        return next;
    }

    /** The kernel state column: ENABLED while started. */
    public String kernelState() {
        return this == ACTIVE ? "ENABLED" : "DISABLED";
    }
}
