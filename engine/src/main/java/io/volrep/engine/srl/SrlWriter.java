package io.volrep.engine.srl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.io.NativeBlockDevice;

/**
 * The one thread that appends to an SRL, with group commit, and the thread that makes it durable.
 *
 * <p>Callers {@link #append} and get a future that completes with the record's LSN once the record is
 * durable (after fdatasync). The writer thread takes the first queued append, then drains more while the
 * batch stays within {@code maxBatchRecords} and {@code maxBatchBytes}; it encodes the batch into one
 * buffer, writes it with one pwrite in whole sectors around the page cache where it can (two when the
 * batch wraps past the end of the data area; see {@link #writeSegment}) and hands it to the sync
 * thread. The sync thread takes every batch handed over so far, issues one sync, and completes their
 * futures in LSN order. The two overlap: while the disk flushes one group, the next is
 * encoded and written (done in turn, the writer spent two thirds of a 1 MiB stream in fdatasync and the
 * rest copying). A sync covers what was written before it began, never more than it claims. Three
 * positions are tracked: next (placed), written (pwrite done) and durable (sync done).
 *
 * <p>Space: a record may end at most one lap above the SRL's persisted tail. When it would not, the
 * writer first writes everything placed so far and hands it to the sync thread (once durable, the
 * applier can apply it and the tail can advance), asks for space
 * through {@code spaceWanted}, and sleeps on the SRL's tail condition until a header rewrite moves the
 * tail far enough. No spinning; a tail held back by retain-from moves when {@link Srl#persistTail} runs.
 * It first tells the SRL the tail it wants ({@link Srl#wantTail}), so soft retention (RVG checkpoints)
 * gives way instead of making it wait.
 *
 * <p>Failure: the first I/O error (or an {@link #abort}) fails the writer for good: the batch in hand,
 * everything queued and every later append complete exceptionally with a {@link VolrepException}
 * (IO_ERROR) whose cause is the error. Thread-safe: any thread may append, query or close.
 */
public final class SrlWriter {
    private static final Logger LOG = Logger.getLogger(SrlWriter.class.getName());

    /** One queued append; {@code lsn} is set by the writer thread when the record is placed. */
    private static final class Append {
        final RecordType type;
        final int volumeIndex;
        final long volumeOffset;
        final ByteBuffer data;
        final long timestampMillis;
        final long sourceEnd;
        final CompletableFuture<Long> done = new CompletableFuture<>();
        long lsn;

        Append(RecordType type, int volumeIndex, long volumeOffset, ByteBuffer data, long timestampMillis, long sourceEnd) {
            this.type = type;
            this.volumeIndex = volumeIndex;
            this.volumeOffset = volumeOffset;
            this.data = data;
            this.timestampMillis = timestampMillis;
            this.sourceEnd = sourceEnd;
        }

        int size() {
            return SrlRecord.encodedSize(data.remaining());
        }
    }

    private static final Append STOP = new Append(RecordType.DATA, 0, 0, ByteBuffer.allocate(0), 0, 0);

    /** Records written to the device up to {@code end}, to be synced and completed. */
    private record Written(long end, List<Append> appends) {
    }

    private static final Written SYNC_STOP = new Written(-1, List.of());
    private static final byte[] ZERO_SECTOR = new byte[NativeBlockDevice.ALIGNMENT];
    /** Timestamp value that asks the writer to stamp the record with its clock when it places it. */
    static final long NOW = Long.MIN_VALUE;

    private final Srl srl;
    private final BlockDevice device;
    private final SrlGeometry geometry;
    private final long logId;
    private final long epoch;
    private final int maxBatchBytes;
    private final int maxBatchRecords;
    private final Runnable spaceWanted;
    private final Clock clock;
    private final LinkedBlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private final Thread syncThread;
    private final LinkedBlockingQueue<Written> written = new LinkedBlockingQueue<>();
    private volatile boolean syncStopped;
    /** Placed but not yet handed to the sync thread. Writer thread only. */
    private final List<Append> placed = new ArrayList<>();
    /**
     * The writer's unit of I/O: the device sector size when the data area lies on sector boundaries, so
     * that appends can go around the page cache (O_DIRECT); 1 (no alignment) otherwise.
     */
    private final int align;
    /** Encoded records not yet written; position 0 is at stream position {@code segmentLsn}. */
    private ByteBuffer segment;
    private long segmentLsn;
    /** Bytes at the segment's start that are already on the device (see {@link #writeSegment}). */
    private int carried;
    /** What was written last, for readers that would otherwise read it back from the disk. */
    private final RecentRecords recent;
    private volatile long nextLsn;
    private volatile long writtenLsn;
    private volatile long durableLsn;
    private volatile boolean closing;
    private volatile boolean stopped;

    SrlWriter(Srl srl, int maxBatchBytes, int maxBatchRecords, Runnable spaceWanted, Clock clock) {
        if (maxBatchBytes < SrlRecord.HEADER_SIZE || maxBatchRecords < 1) {
            throw new IllegalArgumentException("max batch bytes " + maxBatchBytes + ", records " + maxBatchRecords);
        }
        this.srl = srl;
        this.device = srl.device();
        SrlHeader h = srl.header();
        this.geometry = h.geometry();
        this.logId = h.logId();
        this.epoch = h.epoch();
        this.maxBatchBytes = maxBatchBytes;
        this.maxBatchRecords = maxBatchRecords;
        this.spaceWanted = spaceWanted;
        this.clock = clock;
        long start = h.epochStart();
        this.nextLsn = start;
        this.writtenLsn = start;
        this.durableLsn = start;
        int sector = NativeBlockDevice.ALIGNMENT;
        this.align = geometry.dataStart() % sector == 0 && geometry.dataSize() % sector == 0 ? sector : 1;
        this.segment = NativeBlockDevice.alignedBuffer(maxBatchBytes + 2 * sector);
        this.recent = new RecentRecords(RecentRecords.capacityFor(geometry));
        this.thread = new Thread(this::run, "srl-writer " + device.path());
        thread.setDaemon(true);
        this.syncThread = new Thread(this::syncLoop, "srl-sync " + device.path());
        syncThread.setDaemon(true);
        syncThread.start();
        thread.start();
    }

    /**
     * Queues a record; the future completes with its LSN when it is durable, or exceptionally when the
     * writer has failed, aborted or closed. The caller must not modify {@code data} until then.
     * Thread-safe.
     *
     * @throws IllegalArgumentException for WRAP (the writer's own) or data longer than
     *                                  {@link SrlGeometry#maxDataLength()}
     */
    public CompletableFuture<Long> append(RecordType type, int volumeIndex, long volumeOffset, ByteBuffer data) {
        return append(type, volumeIndex, volumeOffset, data, NOW, 0);
    }

    /**
     * Queues a record that a Secondary logs for an update received from its Primary: it keeps the
     * Primary's timestamp and records {@code sourceEnd}, the Primary LSN just past the update.
     */
    public CompletableFuture<Long> appendReplicated(RecordType type, int volumeIndex, long volumeOffset, ByteBuffer data,
                                                   long primaryTimestampMillis, long sourceEnd) {
        return append(type, volumeIndex, volumeOffset, data, primaryTimestampMillis, sourceEnd);
    }

    private CompletableFuture<Long> append(RecordType type, int volumeIndex, long volumeOffset, ByteBuffer data,
                                           long timestampMillis, long sourceEnd) {
        if (type == RecordType.WRAP || data.remaining() > geometry.maxDataLength()) {
            throw new IllegalArgumentException("SRL " + device.path() + ": cannot append " + type + " of "
                    + data.remaining() + " bytes (largest record " + geometry.maxDataLength() + " bytes)");
        }
        Append a = new Append(type, volumeIndex, volumeOffset, data.duplicate(), timestampMillis, sourceEnd);
        if (closing || stopped) {
            a.done.completeExceptionally(failureException());
            return a.done;
        }
        queue.add(a);
        if (stopped) {
            // The thread may have drained the queue before this append arrived: fail what is left here.
            drainAndFail();
        }
        return a.done;
    }

    private void run() {
        try {
            while (true) {
                Append first = queue.take();
                if (first == STOP) {
                    break;
                }
                writeBatch(first);
            }
        } catch (Throwable t) {
            fail(t);
        } finally {
            // What was handed over is synced and completed (or failed) before the writer counts as stopped.
            written.add(SYNC_STOP);
            joinSyncThread();
            stopped = true;
            drainAndFail();
        }
    }

    private void joinSyncThread() {
        boolean interrupted = false;
        while (true) {
            try {
                syncThread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                syncThread.interrupt(); // an abort: stop syncing, fail what is left
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The sync thread: one sync for everything written so far, then the completions, in LSN order. */
    private void syncLoop() {
        List<Written> group = new ArrayList<>();
        try {
            while (true) {
                group.add(written.take());
                written.drainTo(group);
                boolean stop = group.remove(SYNC_STOP);
                if (!group.isEmpty()) {
                    checkRunning();
                    device.sync();
                    durableLsn = group.get(group.size() - 1).end();
                    for (Written w : group) {
                        w.appends().forEach(a -> a.done.complete(a.lsn));
                    }
                    group.clear();
                    srl.durableAdvanced();
                }
                if (stop) {
                    break;
                }
            }
        } catch (Throwable t) {
            fail(t);
            thread.interrupt(); // a writer waiting for space learns of it now
        } finally {
            syncStopped = true;
            failWritten(group);
        }
    }

    /** Fails the appends of {@code group} and of every batch still handed over (the sync thread is gone). */
    private void failWritten(List<Written> group) {
        written.drainTo(group);
        for (Written w : group) {
            w.appends().forEach(a -> a.done.completeExceptionally(failureException()));
        }
        group.clear();
    }

    private void writeBatch(Append first) throws IOException, InterruptedException {
        int records = 0;
        long bytes = 0;
        Append a = first;
        while (true) {
            place(a);
            records++;
            bytes += a.size();
            Append next = queue.peek();
            if (records >= maxBatchRecords || next == null || next == STOP || bytes + next.size() > maxBatchBytes) {
                break;
            }
            a = queue.poll();
        }
        commit();
    }

    /** Assigns the record its LSN and encodes it into the segment, waiting for space first if needed. */
    private void place(Append a) throws IOException, InterruptedException {
        long pos = geometry.headerPosition(nextLsn);
        boolean wrap = geometry.lapRemaining(pos) < a.size();
        long lsn = wrap ? geometry.nextLapStart(pos) : pos;
        long end = lsn + a.size();
        long sectorEnd = alignUp(end); // the write covers the rest of the last sector too
        if (sectorEnd - srl.tailLsn() > geometry.dataSize()) {
            commit();
            waitForSpace(sectorEnd);
        }
        if (wrap) {
            encode(pos, RecordType.WRAP, 0, 0, ByteBuffer.allocate(0), NOW, 0);
        }
        encode(lsn, a.type, a.volumeIndex, a.volumeOffset, a.data, a.timestampMillis, a.sourceEnd);
        a.lsn = lsn;
        placed.add(a);
        nextLsn = end;
    }

    private void encode(long lsn, RecordType type, int volumeIndex, long volumeOffset, ByteBuffer data,
                        long timestampMillis, long sourceEnd)
            throws IOException {
        int room = SrlRecord.encodedSize(data.remaining()) + align - 1; // the record and the sector padding
        if (segment.position() > carried && (!follows(lsn) || segment.remaining() < room)) {
            writeSegment();
        }
        if (!follows(lsn)) {
            startSegment(lsn);
        }
        if (segment.remaining() < room) {
            ByteBuffer bigger = NativeBlockDevice.alignedBuffer(segment.position() + room);
            segment = bigger.put(segment.flip());
        }
        SrlRecord.encode(segment, logId, type, epoch, lsn, volumeIndex, volumeOffset,
                timestampMillis == NOW ? clock.millis() : timestampMillis, sourceEnd, data);
    }

    /** True when a record at {@code lsn} continues the segment: right after it, and not at a lap start. */
    private boolean follows(long lsn) {
        return segmentLsn + segment.position() == lsn && Math.floorMod(lsn, geometry.dataSize()) != 0;
    }

    /**
     * Starts the segment at {@code lsn}. When that is inside a sector (the first append after open), the
     * sector's leading bytes, records of earlier writes, are read back so the first write covers the
     * whole sector with them unchanged.
     */
    private void startSegment(long lsn) throws IOException {
        int prefix = (int) Math.floorMod(lsn, align);
        segment.clear();
        segmentLsn = lsn - prefix;
        carried = prefix;
        if (prefix > 0) {
            segment.limit(prefix);
            device.read(geometry.physical(segmentLsn), segment);
            segment.limit(segment.capacity());
        }
    }

    /**
     * pwrites the encoded segment (no sync), in whole sectors and where the device can around the page
     * cache: the last sector is padded with zeros (free space: the space check counts whole sectors), and
     * its records are carried into the next segment, so the next write rewrites that sector with the
     * same leading bytes. A device writes a sector whole or not at all (what every log relies on), so a
     * torn write never damages records of an earlier write. Appending through the page cache cost the sync a write-back of every batch
     * and the CPU a copy, which at 4 KiB writes made the sync thread the bottleneck.
     */
    private void writeSegment() throws IOException {
        if (segment.position() == carried) {
            return;
        }
        checkRunning();
        int used = segment.position();
        long end = segmentLsn + used;
        int tail = (int) Math.floorMod(end, align);
        if (tail > 0) {
            segment.put(ZERO_SECTOR, 0, align - tail);
        }
        segment.flip();
        device.writeBulk(geometry.physical(segmentLsn), segment);
        recent.appended(segmentLsn + carried, segment.duplicate().position(carried).limit(used));
        writtenLsn = end;
        segment.clear();
        segment.put(0, segment, used - tail, tail).position(tail);
        segmentLsn = end - tail;
        carried = tail;
    }

    private long alignUp(long lsn) {
        return Math.floorDiv(lsn + align - 1, align) * align;
    }

    /** Writes what is placed and hands it to the sync thread, which completes it once durable. */
    private void commit() throws IOException {
        writeSegment();
        if (placed.isEmpty()) {
            return;
        }
        checkRunning();
        written.add(new Written(nextLsn, List.copyOf(placed)));
        placed.clear();
        if (syncStopped) {
            failWritten(new ArrayList<>()); // handed over after the sync thread ended: fail it here
            checkRunning();
        }
    }

    private void waitForSpace(long end) throws IOException, InterruptedException {
        long needTail = end - geometry.dataSize();
        srl.wantTail(needTail);
        srl.persistTail();
        if (srl.tailLsn() >= needTail) {
            return;
        }
        LOG.fine(() -> this + ": log full, waiting for the tail to reach LSN " + needTail);
        // What holds the tail can change without a header rewrite (an RLINK acknowledges, detaches or
        // switches to the DCM): ask again every so often instead of waiting for a signal alone.
        while (true) {
            if (spaceWanted != null) {
                spaceWanted.run();
            }
            if (srl.awaitTail(needTail, 200)) {
                return;
            }
            checkRunning();
            srl.persistTail();
        }
    }

    private void checkRunning() throws IOException {
        Throwable f = failure.get();
        if (f != null) {
            throw new IOException(this + " aborted", f);
        }
    }

    /** Records the first failure; on the writer thread also fails the appends it has placed. */
    private void fail(Throwable t) {
        if (failure.compareAndSet(null, t)) {
            LOG.log(Level.SEVERE, this + " failed at durable LSN " + durableLsn + "; every pending and later"
                    + " append fails", t);
        } else {
            LOG.warning(() -> this + " stopped at durable LSN " + durableLsn + ": " + failure.get());
        }
        if (Thread.currentThread() == thread) {
            for (Append a : placed) {
                a.done.completeExceptionally(failureException());
            }
            placed.clear();
        }
    }

    private VolrepException failureException() {
        Throwable f = failure.get();
        if (f == null) {
            return new VolrepException(ErrorCode.WRONG_STATE, this + " is closed");
        }
        return new VolrepException(ErrorCode.IO_ERROR, "SRL " + device.path() + " writer failed: " + f
                + ": stop and restart the RVG after fixing the cause", f);
    }

    private void drainAndFail() {
        for (Append a; (a = queue.poll()) != null; ) {
            if (a != STOP) {
                a.done.completeExceptionally(failureException());
            }
        }
    }

    /**
     * Stops the writer: queued appends are written and synced first, then the thread ends. Later appends
     * fail. Blocks until the thread has ended (which includes waiting for space). Idempotent.
     */
    public void close() throws InterruptedException {
        if (!closing) {
            closing = true;
            queue.add(STOP);
        }
        thread.join();
    }

    /**
     * Fails the writer with {@code cause} and waits for its thread to end: no I/O is started after this
     * returns, and every append not yet durable completes exceptionally. Idempotent.
     */
    public void abort(Throwable cause) throws InterruptedException {
        closing = true;
        failure.compareAndSet(null, cause);
        thread.interrupt();
        syncThread.interrupt();
        if (Thread.currentThread() != thread && Thread.currentThread() != syncThread) {
            thread.join();
        }
    }

    /** The first error, or null while healthy. */
    public Throwable failure() {
        return failure.get();
    }

    /** The records written last, in memory. */
    RecentRecords recent() {
        return recent;
    }

    /** LSN after the last record placed. */
    public long nextLsn() {
        return nextLsn;
    }

    /** LSN up to which records are written to the device (maybe not yet durable). */
    public long writtenLsn() {
        return writtenLsn;
    }

    /** LSN up to which records are durable (synced); their futures complete right after it moves. */
    public long durableLsn() {
        return durableLsn;
    }

    @Override
    public String toString() {
        return "SrlWriter(" + device.path() + ")";
    }
}
