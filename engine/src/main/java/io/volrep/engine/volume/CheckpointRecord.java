package io.volrep.engine.volume;

/**
 * An RVG checkpoint as recorded in its disk group's metadata (inside its {@link RvgRecord}): the name,
 * the LSNs of its start and end marker records in the RVG's SRL, and whether it is known to have
 * overflowed (the SRL reclaimed its start). Whether it is still valid is decided against the SRL by
 * the run-time RVG; this record is what survives a restart.
 *
 * @param endLsn     LSN of the CHECKPOINT_END marker, or {@link #OPEN} while the checkpoint is started
 * @param overflowed true once the SRL no longer holds the start marker; never goes back to false
 * @param startedMillis when checkstart ran, milliseconds since the epoch
 */
public record CheckpointRecord(String name, long startLsn, long endLsn, boolean overflowed, long startedMillis) {
    public static final long OPEN = -1;

    public CheckpointRecord {
        if (startLsn < 0 || (endLsn != OPEN && endLsn <= startLsn)) {
            throw new IllegalArgumentException("checkpoint " + name + ": start LSN " + startLsn + ", end LSN " + endLsn);
        }
    }

    public boolean ended() {
        return endLsn != OPEN;
    }

    public CheckpointRecord withEnd(long lsn) {
        return new CheckpointRecord(name, startLsn, lsn, overflowed, startedMillis);
    }

    public CheckpointRecord withOverflowed() {
        return new CheckpointRecord(name, startLsn, endLsn, true, startedMillis);
    }
}
