package io.volrep.engine.srl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.BlockDevice;

/**
 * An open Storage Replicator Log: the header state, the recovered log and the entry points to its
 * single {@link SrlWriter} and its {@link SrlReader}s.
 *
 * <p>Opening recovers: it reads the header ({@link SrlHeader}), scans the log from the tail
 * ({@link SrlRecovery}), syncs the device, and durably starts a new epoch whose start is the recovered
 * end, all before a writer can exist. Records beyond a torn tail that look valid (right LSN, good CRC)
 * but belong to an older epoch are thereby never accepted later: from the epoch start on, only records
 * of the current epoch count.
 *
 * <p>Space: the writer may overwrite stream positions below the persisted tail only. The tail is
 * {@code min(applied LSN, retain-from)}, never moving backwards, and it moves only when the header is
 * rewritten ({@link #persistApplied}, {@link #persistTail}); a recovery scan starting at the persisted
 * tail therefore never meets overwritten records.
 *
 * <p>Soft retention ({@code keepFrom}, used for RVG checkpoints): besides the hard retain-from, which
 * the writer waits for, the owner may ask to keep records from given LSNs (record boundaries) for as
 * long as the log has room. The writer never waits for them: when it needs space it records the tail
 * it wants ({@link #wantTail}), and {@code keepFrom.applyAsLong(wanted)} must answer the lowest kept
 * LSN at or above {@code wanted} (or {@code Long.MAX_VALUE}). So the tail is
 * {@code min(applied, retain-from, keepFrom(wanted))}: a kept position holds the tail until the writer
 * needs its space, then the tail moves past it and the owner sees that by {@code tailLsn() > position}.
 * {@code wanted} starts at the persisted tail and only grows.
 *
 * <p>The device stays owned by the caller. Thread-safe: header rewrites are serialized under one lock.
 */
public final class Srl {
    private static final Logger LOG = Logger.getLogger(Srl.class.getName());

    private final BlockDevice device;
    private final LongSupplier retainFrom;
    private final LongUnaryOperator keepFrom;
    private final SrlRecovery recovery;
    private final ReentrantLock headerLock = new ReentrantLock();
    private final Condition tailMoved = headerLock.newCondition();
    private volatile SrlHeader header;
    private volatile SrlWriter writer;
    private volatile long wantedTail;

    private Srl(BlockDevice device, SrlHeader header, SrlRecovery recovery, LongSupplier retainFrom,
                LongUnaryOperator keepFrom) {
        this.device = device;
        this.header = header;
        this.recovery = recovery;
        this.retainFrom = retainFrom;
        this.keepFrom = keepFrom;
        this.wantedTail = header.tailLsn();
    }

    /**
     * Writes an empty SRL for {@code rvgId} on {@code device}: both header copies, epoch 0, every LSN 0,
     * a fresh random log id. Whatever the device held is no longer part of any log.
     *
     * @throws VolrepException SRL_TOO_SMALL when the device cannot hold a useful data area
     */
    public static void format(BlockDevice device, String rvgId) throws IOException, VolrepException {
        format(device, rvgId, false);
    }

    /** How far {@link #format(BlockDevice, String, boolean, Initializing)} has written its zeros. */
    @FunctionalInterface
    public interface Initializing {
        /** After each piece: {@code done} of {@code total} bytes written; the last call has them equal. */
        void zeroed(long done, long total);
    }

    /** As {@link #format(BlockDevice, String, boolean, Initializing)}, telling nobody how far it is. */
    public static void format(BlockDevice device, String rvgId, boolean initialize) throws IOException, VolrepException {
        format(device, rvgId, initialize, (done, total) -> { });
    }

    /**
     * As {@link #format(BlockDevice, String)}; with {@code initialize}, a file-backed SRL also has zeros
     * written over its data area first, so that the file system allocates its blocks now: appends then
     * only sync data, where appends into holes (a sparse file) also commit file-system metadata on every
     * fdatasync (about twice the latency on ext4). The zeros go around the page cache where the device
     * can (a GiB through it took 2.4 s here, most of it faulting in fresh cache pages), and
     * {@code progress} hears of each 4 MiB. Block devices are never written here.
     */
    public static void format(BlockDevice device, String rvgId, boolean initialize, Initializing progress)
            throws IOException, VolrepException {
        if (initialize && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(device.path()))) {
            long dataSize = device.size() - SrlHeader.DATA_START;
            io.volrep.engine.io.Zeros.write(device, SrlHeader.DATA_START, dataSize, done -> progress.zeroed(done, dataSize));
            device.sync();
            LOG.info(() -> "SRL " + device.path() + ": " + dataSize + " bytes of its file allocated");
        }
        long dataSize = device.size() - SrlHeader.DATA_START;
        if (dataSize < 64 * 1024) {
            throw new VolrepException(ErrorCode.SRL_TOO_SMALL, "SRL " + device.path() + " of " + device.size()
                    + " bytes is too small: give the SRL at least " + (SrlHeader.DATA_START + 64 * 1024) + " bytes");
        }
        long logId = UUID.randomUUID().getMostSignificantBits();
        SrlHeader h0 = new SrlHeader(0, rvgId, logId, SrlHeader.DATA_START, dataSize, 0, 0, 0, 0, 0);
        device.write(h0.copyOffset(), h0.encode());
        SrlHeader h1 = h0.withPositions(0, 0);
        h1.write(device);
        LOG.info(() -> "SRL " + device.path() + " formatted for RVG " + rvgId + ": data area " + dataSize + " bytes");
    }

    /**
     * Opens and recovers the SRL on {@code device} and starts a new epoch.
     *
     * @param retainFrom the lowest LSN that must be kept for replication (the slowest RLINK's acknowledged
     *                   LSN); {@code () -> Long.MAX_VALUE} when nothing but the data volumes needs the log
     * @throws VolrepException BAD_FORMAT when the device is not an SRL; DAMAGED_SRL when its header or a
     *                         record below the recorded positions is damaged
     */
    public static Srl open(BlockDevice device, LongSupplier retainFrom) throws IOException, VolrepException {
        return open(device, retainFrom, wanted -> Long.MAX_VALUE);
    }

    /**
     * As {@link #open(BlockDevice, LongSupplier)}, with soft retention: {@code keepFrom} maps the tail the
     * writer wants to the lowest LSN at or above it to keep (see the class comment). It runs under the
     * header lock on the writer's and the applier's threads: it must be quick and must not block.
     */
    public static Srl open(BlockDevice device, LongSupplier retainFrom, LongUnaryOperator keepFrom)
            throws IOException, VolrepException {
        SrlHeader old = SrlHeader.read(device);
        SrlRecovery recovery = SrlRecovery.scan(device, old);
        device.sync();
        SrlHeader next = old.nextEpoch(recovery.endLsn());
        next.write(device);
        LOG.info(() -> "SRL " + device.path() + " of RVG " + next.rvgId() + " opened: log [" + recovery.tailLsn()
                + ", " + recovery.endLsn() + "), " + recovery.records() + " records, applied LSN "
                + next.appliedLsn() + ", epoch " + next.epoch());
        return new Srl(device, next, recovery, retainFrom, keepFrom);
    }

    /**
     * Role transfer: records on the SRL of an RVG whose write path is closed that the RVG holds the
     * Primary's stream below {@code sourceEnd} exactly, even when that is below the previous value (the
     * RVG now follows a Primary whose LSNs are a stream of their own), and drops the retention of older
     * records. Replication resumes at {@code sourceEnd} once the write path is open again. Idempotent;
     * crash-safe like every header rewrite (the other copy keeps the previous state).
     *
     * @param end the SRL's end when its write path closed: every record below it is applied
     * @throws VolrepException DAMAGED_SRL / BAD_FORMAT from the header; WRONG_STATE when records beyond the
     *                         applied LSN exist (the write path was not closed cleanly), nothing written then
     */
    public static void rebaseSource(BlockDevice device, long end, long sourceEnd) throws IOException, VolrepException {
        SrlHeader h = SrlHeader.read(device);
        if (h.appliedLsn() != end) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "SRL " + device.path() + " has records from LSN "
                    + h.appliedLsn() + " to " + end + " not yet applied: its resume point cannot be moved");
        }
        SrlHeader next = h.withSourceBase(sourceEnd);
        next.write(device);
        LOG.info(() -> "SRL " + device.path() + " of RVG " + h.rvgId() + ": replication resumes at source LSN " + sourceEnd
                + " (was " + h.appliedSourceEnd() + "); log end " + end);
    }

    /**
     * Starts the one writer of this SRL; its first record goes at the recovered end.
     *
     * @param spaceWanted run on the writer thread when the log is full, so the owner advances the applied
     *                    LSN ({@link #persistApplied}); must not block
     * @throws IllegalStateException when a writer was already started
     */
    public SrlWriter startWriter(int maxBatchBytes, int maxBatchRecords, Runnable spaceWanted, Clock clock) {
        headerLock.lock();
        try {
            if (writer != null) {
                throw new IllegalStateException("SRL " + device.path() + " already has a writer");
            }
            writer = new SrlWriter(this, maxBatchBytes, maxBatchRecords, spaceWanted, clock);
            return writer;
        } finally {
            headerLock.unlock();
        }
    }

    /**
     * A reader from {@code fromLsn} up to the writer's durable LSN (or the recovered end before a writer
     * starts). Thread-safe; the reader itself is not.
     */
    public SrlReader reader(long fromLsn) {
        if (fromLsn < tailLsn()) {
            throw new IllegalArgumentException("SRL " + device.path() + ": LSN " + fromLsn
                    + " is below the tail " + tailLsn());
        }
        SrlWriter w = writer;
        RecentRecords recent = w == null ? null : w.recent();
        if (recent != null) {
            recent.want();
        }
        return new SrlReader(device, header, fromLsn, this::durableLsn, this::tailLsn, recent);
    }

    /**
     * Durably records that every record below {@code appliedLsn} is on the data volumes and synced there,
     * and moves the tail to {@code min(applied, retain-from)} if that is higher. Thread-safe.
     */
    public void persistApplied(long appliedLsn) throws IOException {
        persistApplied(appliedLsn, 0);
    }

    /**
     * As {@link #persistApplied(long)}, and on a Secondary also records the Primary LSN just past the
     * last applied update, so replication can resume there after the SRL no longer holds it.
     */
    public void persistApplied(long appliedLsn, long appliedSourceEnd) throws IOException {
        headerLock.lock();
        try {
            SrlHeader h = header;
            if (appliedLsn < h.appliedLsn() || appliedLsn > durableLsn()) {
                throw new IllegalArgumentException("SRL " + device.path() + ": applied LSN " + appliedLsn
                        + " outside [" + h.appliedLsn() + ", " + durableLsn() + "]");
            }
            rewrite(h.withPositions(appliedLsn, newTail(appliedLsn), appliedSourceEnd));
        } finally {
            headerLock.unlock();
        }
    }

    /**
     * On a Secondary: durably sets the applied source end to exactly {@code sourceEnd}, even below the
     * current one. Only for a Secondary whose every record is applied (its volumes now hold a copy made
     * elsewhere): replication then resumes at {@code sourceEnd}. Thread-safe.
     *
     * @throws IllegalStateException when records above the applied LSN are not applied yet
     */
    public void resetSourceEnd(long sourceEnd) throws IOException {
        headerLock.lock();
        try {
            SrlHeader h = header;
            if (h.appliedLsn() != durableLsn()) {
                throw new IllegalStateException("SRL " + device.path() + ": records up to " + durableLsn()
                        + " are not all applied (applied LSN " + h.appliedLsn() + ")");
            }
            rewrite(h.withSourceEnd(sourceEnd));
        } finally {
            headerLock.unlock();
        }
    }

    /**
     * Moves the tail up to {@code min(applied, retain-from)} when the retain-from supplier has advanced;
     * call it when an RLINK's acknowledged LSN moves. Returns whether the header was rewritten. Thread-safe.
     */
    public boolean persistTail() throws IOException {
        headerLock.lock();
        try {
            SrlHeader h = header;
            long tail = newTail(h.appliedLsn());
            if (tail == h.tailLsn()) {
                return false;
            }
            rewrite(h.withPositions(h.appliedLsn(), tail));
            return true;
        } finally {
            headerLock.unlock();
        }
    }

    private long newTail(long applied) {
        long keep = keepFrom.applyAsLong(wantedTail);
        return Math.max(header.tailLsn(), Math.min(applied, Math.min(retainFrom.getAsLong(), keep)));
    }

    /** The writer needs the tail at {@code lsn} at least: soft retention below it gives way. */
    void wantTail(long lsn) {
        headerLock.lock();
        try {
            wantedTail = Math.max(wantedTail, lsn);
        } finally {
            headerLock.unlock();
        }
    }

    private void rewrite(SrlHeader h) throws IOException {
        h.write(device);
        header = h;
        tailMoved.signalAll();
    }

    private final Object durableMonitor = new Object();

    /** Called by the writer after each batch is durable: wakes readers waiting for new records. */
    void durableAdvanced() {
        synchronized (durableMonitor) {
            durableMonitor.notifyAll();
        }
    }

    /**
     * Waits until the durable LSN passes {@code lsn} or {@code millis} pass; returns whether it did.
     * Replication senders use it to sleep while they have shipped everything. Interruptible.
     */
    public boolean awaitDurable(long lsn, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (durableMonitor) {
            while (durableLsn() <= lsn) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                durableMonitor.wait(left);
            }
        }
        return true;
    }

    /** Blocks until the persisted tail reaches {@code minTail} or {@code millis} pass; returns whether it did. Interruptible. */
    boolean awaitTail(long minTail, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        headerLock.lock();
        try {
            while (header.tailLsn() < minTail) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                tailMoved.awaitNanos(left);
            }
            return true;
        } finally {
            headerLock.unlock();
        }
    }

    /** The end of the durable log: the writer's durable LSN, or the recovered end before it starts. */
    public long durableLsn() {
        SrlWriter w = writer;
        return w == null ? recovery.endLsn() : w.durableLsn();
    }

    public BlockDevice device() {
        return device;
    }

    public String path() {
        return device.path();
    }

    public SrlHeader header() {
        return header;
    }

    public SrlGeometry geometry() {
        return header.geometry();
    }

    public String rvgId() {
        return header.rvgId();
    }

    public long epoch() {
        return header.epoch();
    }

    public long appliedLsn() {
        return header.appliedLsn();
    }

    public long tailLsn() {
        return header.tailLsn();
    }

    /** What the scan at open found. */
    public SrlRecovery recovery() {
        return recovery;
    }

    @Override
    public String toString() {
        return "Srl(" + device.path() + ", RVG " + header.rvgId() + ", epoch " + header.epoch() + ")";
    }
}
