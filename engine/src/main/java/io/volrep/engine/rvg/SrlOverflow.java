package io.volrep.engine.rvg;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.event.EventType;
import io.volrep.engine.srl.RecordType;
import io.volrep.engine.srl.Srl;
import io.volrep.engine.srl.SrlReader;
import io.volrep.engine.srl.SrlRecord;

/**
 * SRL overflow protection (spec/vvr-features.md §6.4): what an RVG does when a Secondary falls so far
 * behind that its updates would fill the SRL. By the RLINK's {@code srlprot} and whether it is connected:
 * <pre>
 *   srlprot    connected            disconnected
 *   autodcm    DCM logging          DCM logging
 *   dcm        stall writes         DCM logging
 *   override   stall writes         detach (STALE)
 *   fail       stall writes         new writes fail
 *   off        detach (STALE)       detach (STALE)
 * </pre>
 * "Stall" is the SRL writer waiting for space the Secondary's acknowledgements free. The checks run
 * where the writer asks how much of the log it must keep; the actions that need I/O run on a thread
 * of their own, the RLINK keeping the log meanwhile.
 */
final class SrlOverflow {
    private static final Logger LOG = Logger.getLogger(SrlOverflow.class.getName());
    /** Share of the SRL an RLINK's backlog may fill before protection acts. */
    static final double LIMIT = 0.95;
    /** Share at which the product warns: "Log over 80% full for rlink". */
    static final double WARN = 0.80;

    enum Action { KEEP, DCM, DETACH, FAIL_WRITES }

    private final Rvg rvg;
    private final Set<String> handling = ConcurrentHashMap.newKeySet();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    /** RLINKs for which new writes fail now (srlprot=fail, disconnected, log full). */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Set<String> throttled = ConcurrentHashMap.newKeySet();

    SrlOverflow(Rvg rvg) {
        this.rvg = rvg;
    }

    /**
     * Whether new writes must fail (srlprot=fail, disconnected, log full). Judged again on each call while
     * it holds: the writer only asks what to keep when it needs room, which it never does while writes are
     * refused, so a Secondary that reconnected or caught up would otherwise never release them.
     */
    boolean failWrites() {
        if (failing.isEmpty()) {
            return false;
        }
        failing.removeIf(name -> rvg.rlink(name).map(l -> !l.holdsSrl()).orElse(true)); // detached or removed
        rvg.retainFrom();
        return !failing.isEmpty();
    }

    static Action action(String srlprot, boolean connected) {
        return switch (srlprot) {
            case "autodcm" -> Action.DCM;
            case "dcm" -> connected ? Action.KEEP : Action.DCM;
            case "override" -> connected ? Action.KEEP : Action.DETACH;
            case "fail" -> connected ? Action.KEEP : Action.FAIL_WRITES;
            default -> Action.DETACH;
        };
    }

    /**
     * Called with each RLINK's backlog when the writer asks what to keep; never blocks. Returns
     * whether the RLINK still holds the log (it does until an action has taken effect).
     */
    boolean check(Rlink link, long backlog, long capacity) {
        if (backlog < WARN * capacity) {
            warned.remove(link.name());
            if (throttled.remove(link.name())) {
                publish(EventType.SRLPROT_THROTTLE_OFF, "writes no longer stall for RLINK " + link.name());
            }
            if (backlog < 0.5 * capacity) {
                failing.remove(link.name());
            }
            return true;
        }
        if (warned.add(link.name())) {
            LOG.warning("V-5-0-208 Log over 80% full for rlink " + link.name());
            publish(EventType.SRL_LOG_WARN, "Log over 80% full for rlink " + link.name());
        }
        if (backlog < LIMIT * capacity) {
            return true;
        }
        Action a = action(link.attributes().srlprot(), link.connected());
        if (a != Action.FAIL_WRITES && failing.remove(link.name())) {
            LOG.info("srlprot_fail: " + link + " is connected again; writes wait for room instead of failing");
        }
        if (a == Action.KEEP) {
            if (throttled.add(link.name())) {
                publish(EventType.SRLPROT_THROTTLE_ON, "writes stall until RLINK " + link.name() + " (srlprot="
                        + link.attributes().srlprot() + ") frees SRL space");
            }
            return true;
        }
        if (a == Action.FAIL_WRITES) {
            if (failing.add(link.name())) {
                LOG.warning("srlprot_fail: SRL of RVG " + rvg.name() + " is full for " + link + "; new writes fail until it reconnects");
                publish(EventType.SRL_OVERFLOW, "SRL is full for disconnected RLINK " + link.name());
                publish(EventType.SRLPROT_FAIL, "new writes fail until RLINK " + link.name() + " reconnects (srlprot=fail)");
            }
            return true;
        }
        if (handling.add(link.name())) {
            Thread t = new Thread(() -> act(link, a), "srl-overflow " + link.name());
            t.setDaemon(true);
            t.start();
        }
        return true;
    }

    private void act(Rlink link, Action a) {
        try {
            if (a == Action.DCM) {
                toDcm(link);
            } else {
                detach(link);
            }
        } catch (IOException | VolrepException | RuntimeException e) {
            LOG.log(Level.SEVERE, "SRL overflow handling for " + link + " failed", e);
        } finally {
            handling.remove(link.name());
        }
    }

    /**
     * Marks in the DCMs every update the Secondary has not acknowledged, then lets the RLINK release
     * the log: from then on its writes are only marked, until {@code vradmin resync} copies them.
     */
    private void toDcm(Rlink link) throws IOException, VolrepException {
        WritePath wp = rvg.writePath().orElseThrow(() -> new IOException("RVG " + rvg.name() + " stopped"));
        Srl srl = wp.srl();
        rvg.diskGroup().lock().lock();
        try {
            rvg.dcmEntering(link);
        } finally {
            rvg.diskGroup().lock().unlock();
        }
        long marked = 0;
        boolean flagged = false;
        try {
            long until = srl.durableLsn();
            SrlReader reader = srl.reader(Math.max(link.ackedLsn(), srl.tailLsn()));
            for (SrlRecord r; reader.position() < until && (r = reader.next()) != null; ) {
                if (r.type() == RecordType.DATA) {
                    rvg.markDcm(r.volumeIndex(), r.volumeOffset(), r.data().remaining());
                    marked++;
                }
            }
            rvg.diskGroup().lock().lock();
            try {
                link.setFlag(Rlink.DCM_LOGGING, true);
                flagged = true;
                rvg.dcmEntered(link);
            } finally {
                rvg.diskGroup().lock().unlock();
            }
        } finally {
            if (!flagged) {
                // The RLINK still holds the log, and the next check tries again.
                rvg.diskGroup().lock().lock();
                try {
                    rvg.dcmEntered(link);
                } finally {
                    rvg.diskGroup().lock().unlock();
                }
            }
        }
        rvg.rlinkChanged(link);
        srl.persistTail();
        publish(EventType.SRL_OVERFLOW, "RLINK " + link.name() + " would overflow the SRL");
        publish(EventType.SRLPROT_DCM_ON, "RLINK " + link.name() + " logs to the DCM (" + marked + " updates marked); "
                + "run vradmin resync to replay it");
        LOG.warning("srl_overflow / srlprot_dcm_on: " + link + " fell behind by more than " + (int) (LIMIT * 100)
                + "% of the SRL; " + marked + " updates marked in the DCM; run vradmin -g " + rvg.diskGroup().name()
                + " resync " + rvg.name() + " to replay them");
    }

    /** srlprot off / override: the RLINK detaches; the Secondary needs a full synchronization. */
    private void detach(Rlink link) throws IOException {
        rvg.diskGroup().lock().lock();
        try {
            link.moveTo(RlinkState.STALE);
        } finally {
            rvg.diskGroup().lock().unlock();
        }
        rvg.rlinkChanged(link);
        publish(EventType.SRL_OVERFLOW, "RLINK " + link.name() + " would overflow the SRL and is detached (STALE)");
        if (link.attributes().srlprot().equals("override")) {
            publish(EventType.SRLPROT_OVERRIDE, "srlprot=override detached disconnected RLINK " + link.name());
        }
        LOG.warning("srl_overflow: " + link + " detached (srlprot=" + link.attributes().srlprot()
                + "); the Secondary is stale: synchronize it again (vradmin -a startrep)");
    }

    private void publish(EventType type, String message) {
        rvg.events().publish(type, rvg.name(), message);
    }
}
