package io.volrep.engine.volume;

/**
 * An RLINK (Secondary) checkpoint as the Primary records it on its RLINK to that Secondary
 * ({@code vxrlink -c NAME pause} on the Secondary): the Primary LSN just past the last update the
 * Secondary had applied when it paused, so a backup of the Secondary's volumes taken during the pause
 * holds exactly the updates below it. {@code vxrlink -c NAME restore} resends from there while the
 * Primary's SRL still holds it.
 *
 * @param lsn            the Primary LSN the Secondary's volumes stood at
 * @param createdMillis  when the checkpoint was taken, milliseconds since the epoch
 */
public record RlinkCheckpointRecord(String name, long lsn, long createdMillis) {
    public RlinkCheckpointRecord {
        if (lsn < 0) {
            throw new IllegalArgumentException("RLINK checkpoint " + name + ": LSN " + lsn);
        }
    }
}
