package io.volrep.engine.role;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The steps of a migration as the old Primary records them (DESIGN.md rule 4), in order:
 * <pre>
 *  FROZEN     writes refused; the Secondaries drain and the new Primary says where its log ends (R).
 *             A crash or a refusal here rolls back: the record goes, writes flow again.
 *  COMMITTED  the commit point: from here the migration only goes forward.
 *  PROMOTED   the new Primary has recorded its role.
 *  DEMOTED    this host is recorded as the new Primary's Secondary; its resume point moves to R next.
 *  REBASED    this host replicates from the new Primary; the other Secondaries are re-pointed next,
 *             then the record goes.
 * </pre>
 */
enum MigrateStep {
    FROZEN, COMMITTED, PROMOTED, DEMOTED, REBASED;

    private static final Map<MigrateStep, Set<MigrateStep>> MOVES = Map.of(
            FROZEN, EnumSet.of(COMMITTED),
            COMMITTED, EnumSet.of(PROMOTED),
            PROMOTED, EnumSet.of(DEMOTED),
            DEMOTED, EnumSet.of(REBASED),
            REBASED, EnumSet.noneOf(MigrateStep.class));

    /** Throws if the move is not in the table. */
    MigrateStep moveTo(MigrateStep next) {
        if (!MOVES.get(this).contains(next)) {
            throw new IllegalStateException("migration step " + this + " cannot move to " + next);
        }
        return next;
    }

    /** Whether the migration may still be rolled back (the original roles restored). */
    boolean canRollBack() {
        return this == FROZEN;
    }
}
