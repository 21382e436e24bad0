package io.volrep.engine.rvg;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.volume.DcmBitmap;

/**
 * DCM logging of a Primary RVG: whether writes mark the DCMs, and each RLINK's {@link DcmCopy}.
 *
 * <p>The volumes' DCMs are shared by every RLINK and hold the union of what the RLINKs in DCM mode
 * need (SRL overflow, autosync, failback logging). They are only cleared when a copy ends and no RLINK
 * needs them any more: two Secondaries replaying at once each copy every region from their own
 * {@link DcmCopy}, and the one that finishes first neither clears nor stops the marks the other needs.
 * Writes are marked while some RLINK needs marks: one in DCM mode that is not copying yet, one about to
 * enter DCM mode (an overflow being handled), or a copy before its switch back to the SRL. Thread-safe.
 */
final class DcmLog {
    private final Rvg rvg;
    private final Map<String, DcmCopy> copies = new ConcurrentHashMap<>();
    /** RLINKs whose SRL overflow is being turned into DCM marks (their flag is not set yet). */
    private final Set<String> entering = ConcurrentHashMap.newKeySet();
    private volatile boolean logging;

    DcmLog(Rvg rvg) {
        this.rvg = rvg;
    }

    boolean logging() {
        return logging;
    }

    /** Marks a write in the DCMs and in every copy that writes still mark. */
    void mark(int volume, long offset, int length) {
        rvg.dcm(volume).ifPresent(d -> d.mark(offset, length));
        for (DcmCopy c : copies.values()) {
            if (c.marking()) {
                c.mark(volume, offset, length);
            }
        }
    }

    /** Starts marking every write; refused when a data volume has no DCM. */
    void start() throws VolrepException {
        for (String v : rvg.record().dataVolumes()) {
            if (rvg.diskGroup().requireVolume(v).dcm().isEmpty()) {
                throw new VolrepException(ErrorCode.WRONG_STATE, "data volume " + v + " of RVG " + rvg.name()
                        + " has no DCM (the RVG was created with -nodcm): synchronize the Secondary with a checkpoint instead");
            }
        }
        logging = true;
    }

    /** After a (re)start of the write path: no copy survives; writes are marked if an RLINK is in DCM mode. */
    void reset(boolean anyInDcmMode) {
        copies.clear();
        entering.clear();
        logging = anyInDcmMode;
    }

    /** The copy of {@code link}: kept across its sessions, taken from the DCMs when first asked for. Caller holds the submit gate alone. */
    DcmCopy copyFor(Rlink link) {
        return copies.computeIfAbsent(link.name(), n -> {
            int count = rvg.record().dataVolumes().size();
            DcmBitmap[] maps = new DcmBitmap[count];
            for (int i = 0; i < count; i++) {
                maps[i] = rvg.dcm(i).map(DcmBitmap::copy).orElse(null);
            }
            return new DcmCopy(maps);
        });
    }

    /** {@code link}'s copy stops taking marks (its switch back to the SRL). Caller holds the submit gate alone. */
    void switched(Rlink link) {
        DcmCopy c = copies.get(link.name());
        if (c != null) {
            c.marking(false);
        }
        recompute();
    }

    /**
     * An SRL overflow of {@code link} is about to be marked: writes are marked from now on, and a copy
     * that had already switched back to the SRL takes marks again (it must switch once more). Caller
     * holds the disk group lock, as {@link #copyEnds} does.
     */
    void entering(Rlink link) throws VolrepException {
        start();
        entering.add(link.name());
        DcmCopy c = copies.get(link.name());
        if (c != null) {
            c.marking(true);
        }
    }

    /** The overflow of {@code link} is recorded in its flags. Caller holds the disk group lock. */
    void entered(Rlink link) {
        entering.remove(link.name());
        recompute();
    }

    /**
     * Whether {@code link}'s copy may end now: false when an overflow reopened it after its switch.
     * Caller holds the disk group lock (so no overflow is entered meanwhile).
     */
    boolean mayEnd(Rlink link) {
        DcmCopy c = copies.get(link.name());
        return c == null || !c.marking();
    }

    /**
     * {@code link}'s copy ended and its DCM flags are cleared: its copy goes; the DCMs are cleared when
     * no RLINK needs them any more. Caller holds the disk group lock.
     */
    void copyEnds(Rlink link) {
        copies.remove(link.name());
        if (entering.isEmpty() && rvg.rlinks().stream().noneMatch(Rlink::dcmMode)) {
            for (int i = 0; i < rvg.record().dataVolumes().size(); i++) {
                rvg.dcm(i).ifPresent(DcmBitmap::clearAll);
            }
        }
        recompute();
    }

    /** {@code link} left DCM mode without a copy ending (detached): its copy goes. */
    void left(Rlink link) {
        copies.remove(link.name());
        recompute();
    }

    /** Bytes still to copy for {@code link}: its copy's, or the DCMs' before its copy begins. */
    long remainingBytes(Rlink link) {
        DcmCopy c = copies.get(link.name());
        if (c != null) {
            return c.remainingBytes();
        }
        long n = 0;
        for (int i = 0; i < rvg.record().dataVolumes().size(); i++) {
            n += rvg.dcm(i).map(DcmBitmap::dirtyBytes).orElse(0L);
        }
        return n;
    }

    private void recompute() {
        boolean needed = !entering.isEmpty() || copies.values().stream().anyMatch(DcmCopy::marking);
        for (Rlink l : rvg.rlinks()) {
            needed |= l.dcmMode() && !copies.containsKey(l.name());
        }
        logging = needed && rvg.isPrimary();
    }
}
