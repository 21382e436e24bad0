package io.volrep.engine.rvg;

import java.util.OptionalLong;

import io.volrep.engine.volume.CheckpointRecord;

/**
 * An RVG (Primary) checkpoint as the run-time RVG sees it: its name, the LSNs of its start and end
 * marker records in the SRL, and its state judged against the SRL. Replication attaches a Secondary at a
 * checkpoint by reading the SRL from {@link #startLsn()} ({@link Rvg#checkpointReader}) and knows the
 * Secondary is consistent again once it has applied everything up to {@link #end()}. Immutable.
 *
 * @param endLsn LSN of the end marker, {@link CheckpointRecord#OPEN} while started
 */
public record Checkpoint(String name, long startLsn, long endLsn, State state, long startedMillis) {

    /** STARTED: checkstart ran, checkend not yet. COMPLETED: both ran. OVERFLOWED: the SRL reclaimed its start. */
    public enum State {
        STARTED("Started"), COMPLETED("Completed"), OVERFLOWED("Checkpoint overflowed");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** How cplist and vxprint show it. */
        public String label() {
            return label;
        }
    }

    /** The view of a recorded checkpoint, given whether the SRL still holds its start. */
    static Checkpoint of(CheckpointRecord r, boolean srlHoldsStart) {
        State s = r.overflowed() || !srlHoldsStart ? State.OVERFLOWED : r.ended() ? State.COMPLETED : State.STARTED;
        return new Checkpoint(r.name(), r.startLsn(), r.endLsn(), s, r.startedMillis());
    }

    /** True while the SRL holds every record from the start marker on: usable to attach a Secondary. */
    public boolean valid() {
        return state != State.OVERFLOWED;
    }

    /** True once checkend ran (even if the checkpoint overflowed since). */
    public boolean ended() {
        return endLsn != CheckpointRecord.OPEN;
    }

    /** The end marker's LSN once ended. */
    public OptionalLong end() {
        return ended() ? OptionalLong.of(endLsn) : OptionalLong.empty();
    }
}
