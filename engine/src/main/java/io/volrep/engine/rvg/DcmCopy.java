package io.volrep.engine.rvg;

import java.util.Optional;

import io.volrep.engine.volume.DcmBitmap;

/**
 * The regions one RLINK still has to copy from the DCMs (autosync, resync, fbsync): taken from the
 * volumes' DCMs when its copy begins, then marked by every write until its switch back to the SRL.
 * The copy clears its own bits as regions go out, so another RLINK replaying from the same DCMs
 * still finds every region it needs. Thread-safe.
 */
public final class DcmCopy {
    /** One map per data volume; null for a volume without a DCM. */
    private final DcmBitmap[] maps;
    private volatile boolean marking = true;

    DcmCopy(DcmBitmap[] maps) {
        this.maps = maps.clone();
    }

    /** The regions of data volume {@code volume} still to send, if it has a DCM. */
    public Optional<DcmBitmap> map(int volume) {
        return volume >= 0 && volume < maps.length ? Optional.ofNullable(maps[volume]) : Optional.empty();
    }

    /** Whether writes still mark this copy: true until its switch back to the SRL, and again after an overflow. */
    public boolean marking() {
        return marking;
    }

    void marking(boolean on) {
        marking = on;
    }

    void mark(int volume, long offset, long length) {
        map(volume).ifPresent(m -> m.mark(offset, length));
    }

    /** Bytes of the volumes this copy has still to send (sent but unconfirmed regions not included). */
    public long remainingBytes() {
        long n = 0;
        for (DcmBitmap m : maps) {
            n += m == null ? 0 : m.dirtyBytes();
        }
        return n;
    }
}
