package io.volrep.engine.rvg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.srl.Srl;
import io.volrep.engine.srl.SrlRecord;

/**
 * The one thread that writes durable SRL records onto the data volumes, strictly in LSN order, and
 * advances the SRL's persisted applied LSN.
 *
 * <p>Tasks arrive in LSN order (the {@link WritePath} guarantees it). A write's future completes once
 * its data-volume write is done; a marker's (RVG checkpoint) once every write before it is done. A
 * checkpoint syncs every data volume, then persists the applied LSN in the SRL header, on the
 * {@link AppliedCheckpoints} thread so that applying goes on meanwhile (at stop and settle, before
 * returning); it runs after {@code checkpointBytes} applied bytes, after {@code checkpointMillis}
 * with unpersisted applied writes, when the SRL writer needs space, and at stop.
 *
 * <p>The first I/O error stops the applier: it is reported to {@code onFailure} (which stops the SRL
 * writer) and every pending and later write fails with it. Thread-safe: any thread may submit.
 */
final class VolumeApplier {
    private static final Logger LOG = Logger.getLogger(VolumeApplier.class.getName());

    private enum Kind { APPLY, MARK, FAILED, CHECKPOINT, SETTLE, STOP }

    private record Task(Kind kind, int volumeIndex, long offset, ByteBuffer data, CompletableFuture<Long> done,
                        long lsn, long sourceEnd, Throwable error) {
        static Task marker(Kind kind, long lsn) {
            return new Task(kind, 0, 0, null, null, lsn, 0, null);
        }
    }

    private final String name;
    private final Srl srl;
    private final List<BlockDevice> volumes;
    private final long checkpointBytes;
    private final long checkpointNanos;
    private final Consumer<Throwable> onFailure;
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AppliedCheckpoints background;
    private volatile long appliedLsn;
    private volatile long appliedSourceEnd;
    private volatile Throwable failure;
    private volatile boolean halted;
    private volatile boolean stopped;
    private long bytesSinceCheckpoint;
    private long lastCheckpointNanos = System.nanoTime();

    VolumeApplier(String name, Srl srl, List<BlockDevice> volumes, WritePathOptions options,
                  Consumer<Throwable> onFailure) {
        this.name = name;
        this.srl = srl;
        this.volumes = volumes;
        this.checkpointBytes = options.checkpointBytes();
        this.checkpointNanos = TimeUnit.MILLISECONDS.toNanos(options.checkpointMillis());
        this.onFailure = onFailure;
        this.appliedLsn = srl.appliedLsn();
        this.appliedSourceEnd = srl.header().appliedSourceEnd();
        this.background = new AppliedCheckpoints(name, srl, volumes);
        this.thread = new Thread(this::run, "applier " + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the outcome of one SRL append, in LSN order: apply it, or fail its write with {@code error}. */
    void submit(int volumeIndex, long offset, ByteBuffer data, CompletableFuture<Long> done, Long lsn,
                long sourceEnd, Throwable error) {
        Task t = error == null
                ? new Task(Kind.APPLY, volumeIndex, offset, data, done, lsn, sourceEnd, null)
                : new Task(Kind.FAILED, volumeIndex, offset, data, done, -1, 0, error);
        queue.add(t);
        if (stopped) {
            drainAndFail();
        }
    }

    /**
     * Queues the outcome of appending a marker record (RVG checkpoint start/end), in LSN order with the
     * writes: nothing is written to a volume, the applied LSN moves past the marker (so the SRL tail can
     * pass it), and {@code done} completes with its LSN once every write before it is applied.
     */
    void submitMarker(ByteBuffer data, CompletableFuture<Long> done, Long lsn, Throwable error) {
        queue.add(error == null
                ? new Task(Kind.MARK, -1, 0, data, done, lsn, 0, null)
                : new Task(Kind.FAILED, -1, 0, data, done, -1, 0, error));
        if (stopped) {
            drainAndFail();
        }
    }

    /**
     * Once everything queued so far is applied: syncs the volumes and persists the applied LSN, so a
     * restart replays nothing onto the volumes; with {@code sourceEnd >= 0} (a Secondary attaching at a
     * checkpoint) also sets the applied source end to exactly that. {@code done} completes with the
     * applied LSN.
     */
    void submitSettle(long sourceEnd, CompletableFuture<Long> done) {
        queue.add(new Task(Kind.SETTLE, -1, 0, null, done, 0, sourceEnd, null));
        if (stopped) {
            drainAndFail();
        }
    }

    /** Asks for a checkpoint once everything queued so far is applied; the SRL writer wants space. */
    void requestCheckpoint() {
        queue.add(Task.marker(Kind.CHECKPOINT, 0));
    }

    /**
     * Applies everything queued, persists {@code endLsn} (the SRL's durable end, every record below which
     * was queued) as the applied LSN, and ends the thread.
     */
    void stop(long endLsn) throws InterruptedException {
        queue.add(Task.marker(Kind.STOP, endLsn));
        thread.join();
    }

    /** Ends the thread without further I/O (a simulated crash); queued writes fail. */
    void halt() throws InterruptedException {
        halted = true;
        background.halt();
        thread.interrupt();
        thread.join();
    }

    long appliedLsn() {
        return appliedLsn;
    }

    Throwable failure() {
        return failure;
    }

    /** On a Secondary: the Primary LSN just past the last update written to the data volumes. */
    long appliedSourceEnd() {
        return appliedSourceEnd;
    }

    private void run() {
        Task t = null;
        try {
            while (true) {
                t = nextTask();
                if (halted) {
                    throw new InterruptedException("halted");
                }
                background.check();
                if (t == null || t.kind == Kind.CHECKPOINT) {
                    checkpoint();
                } else if (t.kind == Kind.STOP) {
                    appliedLsn = Math.max(appliedLsn, t.lsn);
                    checkpointNow();
                    return;
                } else if (t.kind == Kind.SETTLE) {
                    settle(t);
                } else if (t.kind == Kind.MARK) {
                    appliedLsn = t.lsn + SrlRecord.encodedSize(t.data.remaining());
                    t.done.complete(t.lsn);
                } else if (t.kind == Kind.FAILED) {
                    t.done.completeExceptionally(t.error);
                } else {
                    apply(t);
                }
            }
        } catch (InterruptedException e) {
            LOG.warning(() -> this + " halted at applied LSN " + appliedLsn);
        } catch (Throwable e) {
            failure = e;
            LOG.log(Level.SEVERE, this + " failed at applied LSN " + appliedLsn + "; the RVG stops taking writes", e);
            onFailure.accept(e);
            if (t != null && t.done != null) {
                t.done.completeExceptionally(e);   // after onFailure, so whoever sees it sees a failed RVG
            }
        } finally {
            background.close();
            stopped = true;
            drainAndFail();
        }
    }

    /** The next task, or null when the time for a checkpoint has come. */
    private Task nextTask() throws InterruptedException {
        if (appliedLsn == srl.appliedLsn()) {
            return queue.take();
        }
        long wait = checkpointNanos - (System.nanoTime() - lastCheckpointNanos);
        return wait <= 0 ? null : queue.poll(wait, TimeUnit.NANOSECONDS);
    }

    private void apply(Task t) throws IOException {
        int length = t.data.remaining();
        volumes.get(t.volumeIndex).write(t.offset, t.data.duplicate());
        appliedLsn = t.lsn + SrlRecord.encodedSize(length);
        appliedSourceEnd = Math.max(appliedSourceEnd, t.sourceEnd);
        bytesSinceCheckpoint += length;
        t.done.complete(t.lsn);
        if (bytesSinceCheckpoint >= checkpointBytes) {
            checkpoint();
        }
    }

    private void settle(Task t) throws IOException, InterruptedException {
        if (t.sourceEnd >= 0) {
            appliedSourceEnd = t.sourceEnd;
        }
        checkpointNow();
        if (t.sourceEnd >= 0) {
            srl.resetSourceEnd(t.sourceEnd);
        }
        t.done.complete(appliedLsn);
    }

    /**
     * Asks the background thread to sync the data volumes and persist the applied LSN (or just the tail
     * when nothing new is applied); the applier goes on meanwhile.
     */
    private void checkpoint() {
        background.request(appliedLsn, appliedSourceEnd);
        bytesSinceCheckpoint = 0;
        lastCheckpointNanos = System.nanoTime();
    }

    /** A checkpoint done before returning (stop, settle): waits for the background one, then persists here. */
    private void checkpointNow() throws IOException, InterruptedException {
        background.awaitIdle();
        long applied = appliedLsn;
        if (applied > srl.appliedLsn()) {
            for (BlockDevice v : volumes) {
                v.sync();
            }
            if (halted) {
                return;
            }
            srl.persistApplied(applied, appliedSourceEnd);
        } else {
            srl.persistTail();
        }
        bytesSinceCheckpoint = 0;
        lastCheckpointNanos = System.nanoTime();
    }

    private void drainAndFail() {
        Throwable cause = failure != null ? failure
                : new IllegalStateException(this + (halted ? " halted" : " stopped"));
        for (Task t; (t = queue.poll()) != null; ) {
            if (t.done != null) {
                t.done.completeExceptionally(t.error != null ? t.error : cause);
            }
        }
    }

    @Override
    public String toString() {
        return "VolumeApplier(" + name + ")";
    }
}
