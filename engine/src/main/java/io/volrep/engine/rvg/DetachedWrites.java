package io.volrep.engine.rvg;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;

/**
 * Direct writes to the data volumes of a Secondary RVG while replication does not write them: its
 * RLINK is detached (STALE, before {@code startrep}) or failed (FAIL, after {@code vxrlink -w pause}).
 * Then a backup can be restored with any block tool through the NBD exports, and a synchronization
 * ({@code syncrvg}, {@code syncvol}) writes the differing blocks; as soon as replication attaches, the
 * volumes are read-only again.
 *
 * <p>Ordering with replication: before the first direct write of a detached period the write path is
 * settled (every replicated update applied, volumes synced, applied LSN persisted), so a restart never
 * replays an older update over restored data; a replicated update is only submitted under this
 * object's lock after checking that the RLINK is not detached, so none can slip in after the settle.
 * At attach, {@link #beginAttach} refuses new direct writes, waits for the ones in flight and syncs the
 * volumes, so the Primary's updates land on a durable restored image.
 *
 * <p>Thread-safe: state changes are synchronized on this object; the writes themselves run outside.
 */
public final class DetachedWrites {
    private static final long SETTLE_SECONDS = 60;

    private final Rvg rvg;
    private int inFlight;
    private int holders;
    private boolean attaching;
    private boolean settled;

    DetachedWrites(Rvg rvg) {
        this.rvg = rvg;
    }

    /** Why a direct write is refused now, or empty when the volumes are writable. */
    public synchronized Optional<String> refusal() {
        if (rvg.isPrimary()) {
            return Optional.of("RVG " + rvg.name() + " is a Primary: its volumes are written through the RVG");
        }
        if (!rvg.started()) {
            return Optional.of("Secondary RVG " + rvg.name() + " is " + rvg.state() + ": start it with vxrvg -g "
                    + rvg.diskGroup().name() + " start " + rvg.name());
        }
        if (attaching) {
            return Optional.of("replication to Secondary RVG " + rvg.name() + " is being attached: its volumes are read-only");
        }
        for (Rlink l : rvg.rlinks()) {
            if (!writableIn(l.state())) {
                return Optional.of("volume belongs to Secondary RVG " + rvg.name() + " whose RLINK " + l.name() + " is "
                        + l.state() + ": replication writes it; it is writable only while replication is stopped (STALE)");
            }
        }
        return Optional.empty();
    }

    /** Whether replication leaves the Secondary's volumes alone in this RLINK state. */
    public static boolean writableIn(RlinkState s) {
        return s == RlinkState.STALE || s == RlinkState.FAIL;
    }

    /**
     * Starts one direct write, or refuses it (WRONG_STATE, with the reason); the caller calls
     * {@link #exit()} when the write has completed. Settles the write path first when needed.
     */
    public synchronized void enter() throws VolrepException, IOException {
        Optional<String> no = refusal();
        if (no.isPresent()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, no.get());
        }
        settleIfNeeded();
        inFlight++;
    }

    public synchronized void exit() {
        inFlight--;
        notifyAll();
    }

    /**
     * A synchronization session writes the volumes until {@link #release()}; attach is refused with
     * SYNC_IN_PROGRESS meanwhile.
     */
    public synchronized void hold() throws VolrepException, IOException {
        enter();
        holders++;
    }

    public synchronized void release() {
        holders--;
        exit();
    }

    /** Whether a synchronization is writing the volumes now. */
    public synchronized boolean held() {
        return holders > 0;
    }

    /**
     * Submits a replicated update unless the RLINK is detached on this side (then the Primary is told to
     * stop: the volumes may be written directly now).
     */
    public synchronized <T> T replicated(Rlink link, Submit<T> submit) throws VolrepException {
        if (writableIn(link.state())) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "Rlink detached on remote: RLINK " + link.name() + " of "
                    + rvg.name() + " is " + link.state() + " on this Secondary");
        }
        return submit.get();
    }

    /**
     * Replication is about to attach: refuses new direct writes, waits up to {@code timeout} for those in
     * flight and syncs the data volumes. Call {@link #endAttach()} afterwards, whether the attach
     * succeeded or not.
     *
     * @throws VolrepException SYNC_IN_PROGRESS while a synchronization holds the volumes; VOLUME_BUSY when
     *                         writes are still in flight after the timeout (nothing changed then)
     */
    public void beginAttach(Duration timeout) throws VolrepException, IOException {
        synchronized (this) {
            if (holders > 0) {
                throw new VolrepException(ErrorCode.SYNC_IN_PROGRESS, "a synchronization (syncrvg or syncvol) is writing the"
                        + " volumes of Secondary RVG " + rvg.name() + ": wait until it ends (vradmin repstatus shows it), then attach");
            }
            attaching = true;
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (inFlight > 0 && System.nanoTime() < deadline) {
                    wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (inFlight > 0) {
                attaching = false;
                throw new VolrepException(ErrorCode.VOLUME_BUSY, inFlight + " direct write(s) to the volumes of Secondary RVG "
                        + rvg.name() + " did not finish within " + timeout.toSeconds() + " s: stop the restore, then attach again");
            }
            settled = false;
        }
        for (int i = 0; i < rvg.record().dataVolumes().size(); i++) {
            rvg.dataDevice(i).sync();
        }
    }

    /** A submission of a replicated update. */
    @FunctionalInterface
    public interface Submit<T> {
        T get() throws VolrepException;
    }

    public synchronized void endAttach() {
        attaching = false;
    }

    private void settleIfNeeded() throws VolrepException, IOException {
        if (settled) {
            return;
        }
        WritePath wp = rvg.writePath().orElseThrow(() -> new VolrepException(ErrorCode.RVG_NOT_STARTED,
                "Secondary RVG " + rvg.name() + " is not started"));
        try {
            wp.settle().get(SETTLE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("RVG " + rvg.name() + ": the log could not be settled before a direct write: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while settling RVG " + rvg.name(), e);
        }
        settled = true;
    }
}
