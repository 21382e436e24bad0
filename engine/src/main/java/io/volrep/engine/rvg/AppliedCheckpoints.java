package io.volrep.engine.rvg;

import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.srl.Srl;

/**
 * Persists a {@link VolumeApplier}'s progress on a thread of its own: syncs the data volumes, then
 * records the applied LSN in the SRL header, while the applier goes on writing. Syncing a data volume
 * can take long (every dirty page since the last checkpoint goes to disk); done on the applier's thread
 * it held back every acknowledgement meanwhile.
 *
 * <p>Why it is safe: a request names an applied LSN whose records were all written (pwrite returned)
 * before the request; fdatasync started after that covers them, so persisting that LSN afterwards
 * claims nothing that is not on disk. Later writes racing the sync are simply not claimed yet.
 * Requests coalesce: only the newest pending one runs. Thread-safe.
 */
final class AppliedCheckpoints implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AppliedCheckpoints.class.getName());

    private final Srl srl;
    private final List<BlockDevice> volumes;
    private final Thread thread;
    private long wantedLsn = -1;
    private long wantedSourceEnd;
    private boolean running;
    private boolean closed;
    private volatile boolean halted;
    private volatile Throwable failure;

    AppliedCheckpoints(String name, Srl srl, List<BlockDevice> volumes) {
        this.srl = srl;
        this.volumes = volumes;
        this.thread = new Thread(this::run, "applied-checkpoints " + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks for a checkpoint at {@code appliedLsn} (every record below it is written to the volumes). */
    synchronized void request(long appliedLsn, long sourceEnd) {
        wantedLsn = Math.max(wantedLsn, appliedLsn);
        wantedSourceEnd = Math.max(wantedSourceEnd, sourceEnd);
        notifyAll();
    }

    /** Waits until no checkpoint is pending or running; then the caller may persist on its own thread. */
    synchronized void awaitIdle() throws InterruptedException, IOException {
        while ((running || wantedLsn >= 0) && failure == null) {
            wait(100);
        }
        check();
    }

    /** Throws the first failure of a background checkpoint, if any. */
    void check() throws IOException {
        Throwable f = failure;
        if (f != null) {
            throw new IOException("checkpoint of the applied LSN failed: " + f.getMessage(), f);
        }
    }

    /** Stops without further I/O (a simulated crash). */
    void halt() {
        halted = true;
        close();
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    private void run() {
        while (true) {
            long lsn;
            long sourceEnd;
            synchronized (this) {
                while (wantedLsn < 0 && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (wantedLsn < 0 || halted) {
                    return;
                }
                lsn = wantedLsn;
                sourceEnd = wantedSourceEnd;
                wantedLsn = -1;
                running = true;
            }
            try {
                persist(lsn, sourceEnd);
            } catch (IOException | RuntimeException e) {
                failure = e;
                LOG.log(Level.SEVERE, "checkpoint of the applied LSN " + lsn + " of SRL " + srl.path() + " failed", e);
            } finally {
                synchronized (this) {
                    running = false;
                    notifyAll();
                }
            }
        }
    }

    private void persist(long lsn, long sourceEnd) throws IOException {
        if (lsn > srl.appliedLsn()) {
            for (BlockDevice v : volumes) {
                v.sync();
            }
            if (!halted) {
                srl.persistApplied(lsn, sourceEnd);
            }
        } else if (!halted) {
            srl.persistTail();
        }
    }
}
