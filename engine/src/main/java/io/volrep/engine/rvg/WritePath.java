package io.volrep.engine.rvg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongUnaryOperator;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.srl.RecordType;
import io.volrep.engine.srl.Srl;
import io.volrep.engine.srl.SrlMarker;
import io.volrep.engine.srl.SrlReader;
import io.volrep.engine.srl.SrlRecord;
import io.volrep.engine.srl.SrlRecovery;
import io.volrep.engine.srl.SrlWriter;

/**
 * The Primary write path of one RVG: every write is appended to the SRL (group commit, durable), then
 * written to its data volume by one applier thread in LSN order; the write completes after both.
 *
 * <p>Ordering: {@link #write} hands the append to the SRL writer and registers the hand-off to the applier
 * under one lock, so the applier receives writes in the order the writer assigns LSNs. Overlapping
 * concurrent writes therefore end on the volume in LSN order, and a read issued after a write's future
 * completes sees that write.
 *
 * <p>Flush: a completed write is already durable in the SRL, and recovery replays the SRL onto the data
 * volumes, so a flush needs no sync of its own: {@link #flush} only waits for the writes issued before it.
 *
 * <p>Crash story: {@link #open} replays every valid record from the persisted applied LSN to the end of
 * the recovered log onto the data volumes, syncs them, and persists the new applied LSN; every write
 * whose future completed is in that range or below the applied LSN.
 *
 * <p>The SRL and data-volume devices stay owned by the caller and are not closed here. Thread-safe.
 */
public final class WritePath implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WritePath.class.getName());

    private final Srl srl;
    private final List<BlockDevice> volumes;
    private final long recordsReplayed;
    private final long bytesReplayed;
    private final Object submitLock = new Object();
    private final VolumeApplier applier;
    private final SrlWriter writer;
    private CompletableFuture<Long> lastWrite = CompletableFuture.completedFuture(0L);
    private volatile Throwable failure;
    private boolean closed;

    private volatile long sourceEnd;
    private volatile long sourceTimestamp;
    private final UpdateIndex updates = new UpdateIndex();

    private WritePath(Srl srl, List<BlockDevice> volumes, long recordsReplayed, long bytesReplayed,
                      long sourceEnd, long sourceTimestamp, WritePathOptions options) {
        this.srl = srl;
        this.sourceEnd = sourceEnd;
        this.sourceTimestamp = sourceTimestamp;
        this.volumes = volumes;
        this.recordsReplayed = recordsReplayed;
        this.bytesReplayed = bytesReplayed;
        this.applier = new VolumeApplier(srl.rvgId(), srl, volumes, options, this::applierFailed);
        this.writer = srl.startWriter(options.maxBatchBytes(), options.maxBatchRecords(), applier::requestCheckpoint,
                Clock.systemUTC());
        long[] ends = srl.recovery().dataEnds();
        long[] millis = srl.recovery().dataMillis();
        for (int i = 0; i < ends.length; i++) {
            updates.added(ends[i], millis[i], 0);
        }
    }

    /**
     * Opens the SRL on {@code srlDevice}, recovers it, replays it onto {@code dataVolumes} (indexed as in
     * the records) and starts the writer and applier threads.
     *
     * @throws VolrepException BAD_FORMAT / DAMAGED_SRL from the SRL; DAMAGED_SRL as well when a record names
     *                         a volume or range these data volumes do not have
     */
    public static WritePath open(BlockDevice srlDevice, List<BlockDevice> dataVolumes, WritePathOptions options)
            throws IOException, VolrepException {
        return open(srlDevice, dataVolumes, options, wanted -> Long.MAX_VALUE);
    }

    /**
     * As {@link #open(BlockDevice, List, WritePathOptions)}, with soft retention of SRL records for RVG
     * checkpoints ({@link Srl#open(BlockDevice, java.util.function.LongSupplier, LongUnaryOperator)}):
     * kept records hold the SRL tail only until the writer needs their space; writes never wait for them.
     */
    public static WritePath open(BlockDevice srlDevice, List<BlockDevice> dataVolumes, WritePathOptions options,
                                 LongUnaryOperator keepFrom) throws IOException, VolrepException {
        List<BlockDevice> volumes = List.copyOf(dataVolumes);
        Srl srl = Srl.open(srlDevice, options.retainFrom(), keepFrom);
        long from = srl.appliedLsn();
        SrlReader reader = srl.reader(from);
        long records = 0;
        long bytes = 0;
        long sourceEnd = srl.header().appliedSourceEnd();
        long sourceTimestamp = 0;
        for (SrlRecord r; (r = reader.next()) != null; ) {
            if (r.sourceEnd() > sourceEnd) {
                sourceEnd = r.sourceEnd();
                sourceTimestamp = r.timestampMillis();
            }
            if (r.type() == RecordType.DATA) {
                checkReplayable(srl, volumes, r);
                volumes.get(r.volumeIndex()).write(r.volumeOffset(), r.data().duplicate());
                records++;
                bytes += r.data().remaining();
            }
        }
        for (BlockDevice v : volumes) {
            v.sync();
        }
        SrlRecovery rec = srl.recovery();
        // The replayed records fall behind the applied LSN now: their resume point must be saved with it.
        srl.persistApplied(rec.endLsn(), sourceEnd);
        long n = records;
        long b = bytes;
        LOG.info(() -> "RVG " + srl.rvgId() + ": replayed " + n + " records (" + b + " bytes) from SRL "
                + srl.path() + " LSN " + from + " to " + rec.endLsn()
                + (rec.tornBytes() > 0 ? "; torn record of " + rec.tornBytes() + " bytes dropped" : ""));
        return new WritePath(srl, volumes, records, bytes, sourceEnd, sourceTimestamp, options);
    }

    private static void checkReplayable(Srl srl, List<BlockDevice> volumes, SrlRecord r) throws VolrepException {
        if (r.volumeIndex() < 0 || r.volumeIndex() >= volumes.size()
                || r.volumeOffset() < 0 || r.volumeOffset() + r.data().remaining() > volumes.get(r.volumeIndex()).size()) {
            throw new VolrepException(ErrorCode.DAMAGED_SRL, "SRL " + srl.path() + " of RVG " + srl.rvgId()
                    + " holds " + r + " which does not fit the " + volumes.size()
                    + " data volumes given: attach the SRL to the RVG it belongs to");
        }
    }

    /**
     * Writes {@code data} at {@code offset} of data volume {@code volumeIndex}. The future completes with
     * the write's LSN when it is durable in the SRL and written to the volume, or exceptionally when the
     * SRL or a volume failed. The caller must not modify {@code data} until then. Thread-safe.
     *
     * @throws VolrepException NO_SUCH_VOLUME / BAD_SIZE for a bad index or range (nothing is written);
     *                         WRONG_STATE after close; IO_ERROR after a failure
     */
    public CompletableFuture<Long> write(int volumeIndex, long offset, ByteBuffer data) throws VolrepException {
        return submit(volumeIndex, offset, data, false, 0, 0);
    }

    /**
     * On a Secondary: logs and applies one update received from the Primary, keeping the Primary's
     * timestamp and {@code sourceEnd}, the Primary LSN just past the update. Updates must be given in
     * the Primary's LSN order; the future completes with the local LSN once durable and applied.
     */
    public CompletableFuture<Long> writeReplicated(int volumeIndex, long offset, ByteBuffer data, long primaryTimestamp,
                                                   long sourceEnd) throws VolrepException {
        return submit(volumeIndex, offset, data, true, primaryTimestamp, sourceEnd);
    }

    private CompletableFuture<Long> submit(int volumeIndex, long offset, ByteBuffer data, boolean replicated,
                                           long primaryTimestamp, long updateEnd) throws VolrepException {
        checkRequest(volumeIndex, offset, data.remaining());
        ByteBuffer mine = data.duplicate();
        int length = data.remaining();
        CompletableFuture<Long> done = new CompletableFuture<>();
        synchronized (submitLock) {
            checkOpen();
            CompletableFuture<Long> appended = replicated
                    ? writer.appendReplicated(RecordType.DATA, volumeIndex, offset, mine, primaryTimestamp, updateEnd)
                    : writer.append(RecordType.DATA, volumeIndex, offset, mine);
            appended.whenComplete((lsn, error) -> {
                if (error == null && replicated) {
                    sourceEnd = Math.max(sourceEnd, updateEnd);
                    sourceTimestamp = primaryTimestamp;
                } else if (error == null) {
                    updates.added(lsn + SrlRecord.encodedSize(length), System.currentTimeMillis(), srl.tailLsn());
                }
                applier.submit(volumeIndex, offset, mine, done, lsn, updateEnd, error == null ? null : recordFailure(error));
            });
            lastWrite = done;
        }
        return done;
    }

    /**
     * Places a marker record ({@link RecordType#CHECKPOINT_START} or {@link RecordType#CHECKPOINT_END}) named
     * {@code name} in the SRL, ordered among the writes like one of them. The future completes with the
     * marker's LSN once it is durable and every write issued before it is on the data volumes, so a
     * backup started after it sees every write logged below the marker. Thread-safe.
     *
     * @throws VolrepException WRONG_STATE after close; IO_ERROR after a failure
     */
    public CompletableFuture<Long> mark(RecordType type, String name) throws VolrepException {
        if (!type.isMarker()) {
            throw new IllegalArgumentException(type + " is not a marker type");
        }
        ByteBuffer payload = SrlMarker.payload(name);
        CompletableFuture<Long> done = new CompletableFuture<>();
        synchronized (submitLock) {
            checkOpen();
            writer.append(type, 0, 0, payload).whenComplete((lsn, error) ->
                    applier.submitMarker(payload, done, lsn, error == null ? null : recordFailure(error)));
            lastWrite = done;
        }
        return done;
    }

    private void checkOpen() throws VolrepException {
        if (closed) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "the write path of RVG " + srl.rvgId() + " is closed");
        }
        if (failure != null) {
            throw new VolrepException(ErrorCode.IO_ERROR, "RVG " + srl.rvgId() + " stopped after an I/O error: "
                    + failure + ": stop and restart the RVG after fixing the cause", failure);
        }
    }

    /**
     * On a Secondary: the Primary LSN just past the last update durable in this SRL (replication
     * resumes there), and the Primary's timestamp of that update (0 when unknown).
     */
    public long sourceEnd() {
        return sourceEnd;
    }

    public long sourceTimestamp() {
        return sourceTimestamp;
    }

    /** On a Secondary: the Primary LSN just past the last update written to the data volumes. */
    public long appliedSourceEnd() {
        return applier.appliedSourceEnd();
    }

    /** Updates (writes) in the log that end above {@code lsn}: what a Secondary holding everything below it lacks. */
    public long updatesAbove(long lsn) {
        return updates.countAbove(lsn);
    }

    /** The end LSN of the newest update in the log (its update ID), 0 if none. */
    public long lastUpdateEnd() {
        return updates.lastEnd();
    }

    /** When the newest update was written, milliseconds since the epoch (0 if unknown). */
    public long lastUpdateMillis() {
        return updates.lastMillis();
    }

    /** When the oldest update that ends above {@code lsn} was written (0 if there is none). */
    public long firstUpdateMillisAbove(long lsn) {
        return updates.firstMillisAbove(lsn);
    }

    /**
     * On a Secondary attached without a copy (its volumes already equal the Primary's, as after
     * {@code startrep -f}): records durably that it holds every Primary update below {@code lsn}.
     * Never moves the resume point back; does nothing once closed (a role change may have moved it since).
     */
    public void startFrom(long lsn) throws IOException {
        synchronized (submitLock) {
            if (closed) {
                return;
            }
            srl.persistApplied(srl.appliedLsn(), lsn);
            sourceEnd = Math.max(sourceEnd, lsn);
        }
    }

    /**
     * Completes once every write issued before it is applied, the data volumes are synced and the applied
     * LSN is persisted: a restart then replays nothing onto the volumes, so they may be written directly
     * (a detached Secondary restored from a backup). Thread-safe.
     */
    public CompletableFuture<Long> settle() throws VolrepException {
        return settle(-1);
    }

    /**
     * On a Secondary whose volumes now hold a copy that ends at Primary LSN {@code lsn} (attach at a
     * checkpoint): settles as {@link #settle()}, then records durably that replication resumes at
     * exactly {@code lsn}, even below the current resume point. No replicated update may be in flight.
     */
    public CompletableFuture<Long> resetSourceEnd(long lsn) throws VolrepException {
        if (lsn < 0) {
            throw new IllegalArgumentException("source end " + lsn);
        }
        return settle(lsn).thenApply(applied -> {
            sourceEnd = lsn;
            return applied;
        });
    }

    private CompletableFuture<Long> settle(long lsn) throws VolrepException {
        CompletableFuture<Long> done = new CompletableFuture<>();
        synchronized (submitLock) {
            checkOpen();
            applier.submitSettle(lsn, done);
            lastWrite = done;
        }
        return done;
    }

    private void checkRequest(int volumeIndex, long offset, int length) throws VolrepException {
        if (volumeIndex < 0 || volumeIndex >= volumes.size()) {
            throw new VolrepException(ErrorCode.NO_SUCH_VOLUME, "RVG " + srl.rvgId() + " has no data volume "
                    + volumeIndex + " (it has " + volumes.size() + ")");
        }
        long size = volumes.get(volumeIndex).size();
        if (offset < 0 || offset + length > size || length > srl.geometry().maxDataLength()) {
            throw new VolrepException(ErrorCode.BAD_SIZE, "write of " + length + " bytes at offset " + offset
                    + " does not fit data volume " + volumes.get(volumeIndex).path() + " of " + size
                    + " bytes (largest write " + srl.geometry().maxDataLength() + " bytes)");
        }
    }

    private Throwable recordFailure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        failure = cause;
        return cause;
    }

    private void applierFailed(Throwable error) {
        failure = error;
        try {
            writer.abort(error);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Completes when every write issued before this call has completed; exceptionally when the write
     * path has failed. Issues no sync: completed writes are already durable in the SRL. Thread-safe.
     */
    public CompletableFuture<Void> flush() {
        CompletableFuture<Long> last;
        synchronized (submitLock) {
            last = lastWrite;
        }
        return last.handle((lsn, error) -> {
            if (failure != null) {
                throw new CompletionException(failure);
            }
            return null;
        });
    }

    /**
     * Drains queued writes into the SRL and onto the volumes, syncs the volumes, persists the applied LSN
     * as the end of the log, and stops both threads. Idempotent.
     *
     * @throws IOException when the SRL writer or the applier failed (the writes concerned already failed)
     */
    @Override
    public void close() throws IOException {
        synchronized (submitLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            writer.close();
            applier.stop(writer.durableLsn());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing the write path of RVG " + srl.rvgId(), e);
        }
        Throwable f = failure != null ? failure : applier.failure();
        if (f != null) {
            throw new IOException("write path of RVG " + srl.rvgId() + " on SRL " + srl.path() + " failed", f);
        }
        LOG.info(() -> "RVG " + srl.rvgId() + ": write path closed at LSN " + writer.durableLsn());
    }

    /** Test seam: stops both threads with no further I/O and no header update, as if the host crashed. */
    void crashForTest() throws InterruptedException {
        synchronized (submitLock) {
            closed = true;
        }
        writer.abort(new IllegalStateException("simulated crash"));
        applier.halt();
    }

    /** Bytes in the SRL data area. */
    public long capacity() {
        return srl.geometry().dataSize();
    }

    /** Bytes of the SRL in use: from the tail to the next LSN. */
    public long usedBytes() {
        return writer.nextLsn() - srl.tailLsn();
    }

    public long nextLsn() {
        return writer.nextLsn();
    }

    public long durableLsn() {
        return writer.durableLsn();
    }

    /** The applied LSN persisted in the SRL header: every record below it is on the synced data volumes. */
    public long appliedLsn() {
        return srl.appliedLsn();
    }

    public long epoch() {
        return srl.epoch();
    }

    /** DATA records written to the data volumes by the replay at open. */
    public long recordsReplayed() {
        return recordsReplayed;
    }

    public long bytesReplayed() {
        return bytesReplayed;
    }

    /** Size of the torn record dropped by recovery at open, 0 when the log ended cleanly. */
    public long tornBytesDropped() {
        return srl.recovery().tornBytes();
    }

    /** The SRL, for readers (replication senders) and status. */
    public Srl srl() {
        return srl;
    }

    @Override
    public String toString() {
        return "WritePath(RVG " + srl.rvgId() + ", SRL " + srl.path() + ")";
    }
}
