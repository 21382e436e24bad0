package io.volrep.engine.rvg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.io.BlockDevice;
import io.volrep.engine.srl.SrlReader;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.RvgRecord;
import io.volrep.engine.volume.TransferRecord;
import io.volrep.engine.volume.Volume;

/**
 * One RVG on this host at run time: its record, its state and, while started, its write path.
 * Start and stop hold the disk group lock (callers take it); writes go through the current write
 * path without locking. Thread-safe.
 */
public final class Rvg {
    private static final Logger LOG = Logger.getLogger(Rvg.class.getName());

    private final DiskGroup dg;
    private final WritePathOptions options;
    private volatile RvgRecord record;
    private volatile RvgState state;
    private volatile WritePath writePath;
    private volatile String failure = "";
    private final RvgCheckpoints checkpoints = new RvgCheckpoints(this);
    private final java.util.Map<String, Rlink> rlinks = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final DcmLog dcmLog = new DcmLog(this);
    private final SrlOverflow overflow = new SrlOverflow(this);
    private final LatencyProtection latency = new LatencyProtection(this);
    private final DetachedWrites detachedWrites = new DetachedWrites(this);
    private final RvgWrites writes = new RvgWrites(this, overflow, latency);

    private final Replicator replicator;
    private final io.volrep.engine.event.EventBus events;

    Rvg(DiskGroup dg, RvgRecord record, WritePathOptions options, Replicator replicator,
        io.volrep.engine.event.EventBus events) throws VolrepException {
        this.dg = dg;
        this.replicator = replicator;
        this.events = events;
        this.record = record;
        this.options = options;
        this.state = RvgState.valueOf(record.state());
        for (io.volrep.engine.volume.RlinkRecord r : dg.config().rlinksOf(record.name())) {
            Rlink link = new Rlink(dg, r, events);
            link.onAck(latency::signal);
            rlinks.put(r.name(), link);
        }
    }

    /** The RLINKs of this RVG: one per Secondary on a Primary, the one to the Primary on a Secondary. */
    public java.util.List<Rlink> rlinks() {
        return java.util.List.copyOf(rlinks.values());
    }

    /** The live RLINK objects, without a copy (the write path reads them on every write). */
    java.util.Collection<Rlink> rlinkValues() {
        return rlinks.values();
    }

    public java.util.Optional<Rlink> rlink(String name) {
        return java.util.Optional.ofNullable(rlinks.get(name));
    }

    /** Direct writes to this Secondary's volumes while replication is detached (restore, sync). */
    public DetachedWrites detachedWrites() {
        return detachedWrites;
    }

    /** Whether writes are being marked in the data volumes' DCMs (an RLINK is synchronizing from them). */
    public boolean dcmLogging() {
        return dcmLog.logging();
    }

    /**
     * Starts marking every write in the DCMs, before it is logged, for an RLINK that synchronizes
     * from them (autosync, failback logging). Caller holds the disk group lock.
     */
    public void startDcmLogging() throws VolrepException {
        dcmLog.start();
    }

    /**
     * The regions {@code link} still has to copy from the DCMs, taken from them on its first call
     * (while no write is being submitted, so none is missed) and kept across its sessions.
     */
    public DcmCopy dcmCopy(Rlink link) {
        DcmCopy[] c = new DcmCopy[1];
        writes.exclusive(() -> {
            c[0] = dcmLog.copyFor(link);
            return 0L;
        });
        return c[0];
    }

    /**
     * Ends {@code link}'s marks and returns the LSN from which the SRL holds every write its copy was
     * not marked with: no write submitted after this call marks it, and each gets an LSN at or above it.
     * {@code link}, which will ship them, holds the SRL from there at once (it is marked attaching at
     * that LSN inside the same lock), so the log cannot be reclaimed past it while the copy finishes.
     * Writes go on marking the DCMs while another RLINK needs them.
     */
    public long switchToSrl(Rlink link) {
        return writes.exclusive(() -> {
            dcmLog.switched(link);
            WritePath wp = writePath;
            long from = wp == null ? 0L : wp.nextLsn();
            link.attaching(from);
            return from;
        });
    }

    /**
     * Whether {@code link}'s copy may end: false when an SRL overflow reopened it after its switch.
     * Caller holds the disk group lock and, if true, clears the RLINK's DCM flags before releasing it
     * and then calls {@link #dcmCopyEnds}.
     */
    public boolean dcmCopyMayEnd(Rlink link) {
        return dcmLog.mayEnd(link);
    }

    /** {@code link}'s copy ended and its flags are cleared. Caller holds the disk group lock. */
    public void dcmCopyEnds(Rlink link) {
        dcmLog.copyEnds(link);
    }

    /** {@code link} left DCM mode by being detached: its copy is dropped and marking stops if nobody needs it. */
    public void dcmLinkLeft(Rlink link) {
        dcmLog.left(link);
    }

    /** Bytes {@code link} still has to copy from the DCMs (what repstatus and resync -wait report). */
    public long dcmBytes(Rlink link) {
        return dcmLog.remainingBytes(link);
    }

    /** The SRL overflow of {@code link} is about to be marked in the DCMs. Caller holds the disk group lock. */
    void dcmEntering(Rlink link) throws VolrepException {
        dcmLog.entering(link);
    }

    /** The overflow of {@code link} is recorded in its flags. Caller holds the disk group lock. */
    void dcmEntered(Rlink link) {
        dcmLog.entered(link);
    }

    /** Records a new RLINK (persisted first) and returns its run-time object. Caller holds the disk group lock. */
    public Rlink addRlink(io.volrep.engine.volume.RlinkRecord r) throws VolrepException, IOException {
        Rlink link = new Rlink(dg, r, events);
        link.onAck(latency::signal);
        dg.commit(dg.config().withRlink(r));
        rlinks.put(r.name(), link);
        replicator.rlinkChanged(this, link);
        return link;
    }

    /** Forgets an RLINK (persisted first). Caller holds the disk group lock. */
    public void removeRlink(String name) throws IOException {
        dg.commit(dg.config().withoutRlink(name));
        Rlink gone = rlinks.remove(name);
        if (gone != null) {
            replicator.rlinkChanged(this, gone);
        }
    }

    /** Writes the RLINK owes (latency protection's count, since the RVG started). */
    public long writesOwed(Rlink link) {
        return latency.outstanding(link);
    }

    /** Whether latency protection is holding writes back for the RLINK. */
    public boolean latencyThrottled(Rlink link) {
        return latency.throttling(link);
    }

    /** Tells replication that an RLINK's state or attributes changed (after they were persisted). */
    public void rlinkChanged(Rlink link) {
        replicator.rlinkChanged(this, link);
    }

    /** Tells replication that only an RLINK's attributes changed (after they were persisted). */
    public void attributesChanged(Rlink link) {
        replicator.attributesChanged(this, link);
    }

    /**
     * The lowest SRL position replication still needs: the slowest attached RLINK's acknowledged LSN.
     * A detached (STALE) RLINK holds nothing; the SRL then only keeps what the data volumes need.
     */
    long retainFrom() {
        long min = Long.MAX_VALUE;
        WritePath wp = writePath;
        if (isPrimary()) {
            for (Rlink l : rlinks.values()) {
                if (l.holdsSrl()) {
                    if (wp != null) {
                        overflow.check(l, wp.srl().durableLsn() - l.ackedLsn(), wp.capacity());
                    }
                    min = Math.min(min, l.ackedLsn());
                }
            }
        }
        return min;
    }

    public String name() {
        return record.name();
    }

    /** This daemon's events, for what happens to this RVG and its RLINKs. */
    public io.volrep.engine.event.EventBus events() {
        return events;
    }

    public DiskGroup diskGroup() {
        return dg;
    }

    public RvgRecord record() {
        return record;
    }

    public RvgState state() {
        return state;
    }

    /** Why the RVG is in FAIL, or "". */
    public String failure() {
        return failure;
    }

    public boolean isPrimary() {
        return RvgRecord.PRIMARY.equals(record.role());
    }

    public boolean started() {
        return state == RvgState.ACTIVE && writePath != null;
    }

    /** The write path while started; empty otherwise. */
    public java.util.Optional<WritePath> writePath() {
        return java.util.Optional.ofNullable(writePath);
    }

    /**
     * Refuses when applications (NBD clients) hold a data volume open; {@code advice} is the next
     * step printed with the error.
     */
    public void checkClosed(String advice) throws VolrepException {
        for (String v : record.dataVolumes()) {
            Volume vol = dg.requireVolume(v);
            if (vol.openers() > 0) {
                throw new VolrepException(ErrorCode.VOLUME_BUSY, "data volume " + v + " of RVG " + name() + " is open by "
                        + vol.openers() + " NBD client(s): " + advice);
            }
        }
    }

    /** The device of data volume {@code index} (in SRL index order). */
    public io.volrep.engine.io.BlockDevice dataDevice(int index) throws VolrepException {
        return dg.requireVolume(record.dataVolumes().get(index)).device();
    }

    /** Data volume {@code index} (in SRL index order), if the index is valid. */
    public java.util.Optional<Volume> dataVolume(int index) {
        java.util.List<String> names = record.dataVolumes();
        return index < 0 || index >= names.size() ? java.util.Optional.empty() : dg.volume(names.get(index));
    }

    /** The DCM of data volume {@code index}, if it has one. */
    public java.util.Optional<io.volrep.engine.volume.DcmBitmap> dcm(int index) {
        return dg.volume(record.dataVolumes().get(index)).flatMap(Volume::dcm);
    }

    /** Index of a data volume in the SRL's records, or -1 if it is not a data volume of this RVG. */
    public int volumeIndex(String volume) {
        return record.dataVolumes().indexOf(volume);
    }

    /**
     * Opens the write path (recovering from the SRL whatever a crash left) and marks the RVG ACTIVE.
     * Caller holds the disk group lock.
     */
    public void start() throws VolrepException, IOException {
        if (started()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + name() + " is already started");
        }
        openWritePath();
        moveTo(RvgState.ACTIVE, "");
        boolean dcmMode = isPrimary() && rlinks.values().stream().anyMatch(Rlink::dcmMode);
        if (dcmMode) {
            // Marks made since the DCMs were last saved died with the process: copy every region again.
            startDcmLogging();
            for (int i = 0; i < record.dataVolumes().size(); i++) {
                dcm(i).ifPresent(io.volrep.engine.volume.DcmBitmap::markAll);
            }
        }
        dcmLog.reset(dcmMode);
        replicator.started(this);
        LOG.info(() -> "RVG " + dg.name() + "/" + name() + " started");
    }

    private void openWritePath() throws VolrepException, IOException {
        Volume srl = dg.requireVolume(record.srl());
        List<BlockDevice> data = new ArrayList<>();
        for (String v : record.dataVolumes()) {
            data.add(dg.requireVolume(v).device());
        }
        try {
            WritePath wp = WritePath.open(srl.device(), data, options.withRetainFrom(this::retainFrom),
                    checkpoints::keepFrom);
            writePath = wp;
            checkpoints.reconcile(wp);
        } catch (VolrepException | IOException e) {
            closeQuietly(writePath);
            writePath = null;
            moveTo(RvgState.FAIL, e.getMessage());
            throw e;
        }
    }

    /** What a role transfer changes while the write path is closed. */
    @FunctionalInterface
    public interface Reconfiguration {
        /**
         * Persists this RVG's new record and RLINKs through the disk group (and may rebase the SRL).
         *
         * @param srl the SRL device
         * @param end the SRL's end: every record below it is on the data volumes
         */
        void apply(BlockDevice srl, long end) throws VolrepException, IOException;
    }

    /**
     * Role transfer: stops replication, drains and closes the write path, runs {@code change}, reloads
     * the record and RLINKs the disk group now holds and opens the write path again in the new role
     * (the SRL replayed, DCM logging on when an RLINK logs to the DCM, without marking every region).
     * When {@code change} fails the RVG reopens with whatever the disk group holds. Caller holds the
     * disk group lock; the RVG must be started.
     */
    public void reconfigure(Reconfiguration change) throws VolrepException, IOException {
        WritePath wp = writePath;
        if (wp == null || state != RvgState.ACTIVE) {
            throw new VolrepException(ErrorCode.RVG_NOT_STARTED, "RVG " + name() + " is " + state + ": start it with vxrvg -g "
                    + dg.name() + " start " + name());
        }
        String roleBefore = record.role();
        replicator.stopping(this);
        writePath = null;
        try {
            wp.close();
        } catch (IOException e) {
            moveTo(RvgState.FAIL, e.getMessage());
            throw e;
        }
        try {
            change.apply(dg.requireVolume(record.srl()).device(), wp.durableLsn());
        } finally {
            record = dg.config().rvg(name()).orElse(record);
            rlinks.clear();
            for (io.volrep.engine.volume.RlinkRecord r : dg.config().rlinksOf(name())) {
                Rlink link = new Rlink(dg, r, events);
                link.onAck(latency::signal);
                rlinks.put(r.name(), link);
            }
            dcmLog.reset(isPrimary() && rlinks.values().stream().anyMatch(Rlink::dcmMode));
            openWritePath();
            replicator.started(this);
            LOG.info(() -> "RVG " + dg.name() + "/" + name() + " reconfigured: " + record.role()
                    + record.transfer().map(t -> " (" + t.kind() + " " + t.step() + ")").orElse(""));
            RoleEvents.of(roleBefore, record.role()).ifPresent(t -> events.publish(t, name(), "RVG " + name() + " on "
                    + "this host changed from " + roleBefore + " to " + record.role()));
        }
    }

    /**
     * Why application writes are refused now, if they are: a Secondary or an acting Secondary takes
     * writes from replication only, and a Primary being migrated takes none.
     */
    public Optional<String> writeRefusal() {
        return RvgWrites.refusal(this);
    }

    /**
     * Waits out every write being submitted, then completes when every submitted write is done. A write
     * submitted after this returns sees the current record (and its {@link #writeRefusal()}).
     */
    public CompletableFuture<Void> drainWrites() {
        writes.exclusive(() -> 0L);
        WritePath wp = writePath;
        return wp == null ? CompletableFuture.completedFuture(null) : wp.flush();
    }

    /** Drains and closes the write path and marks the RVG CLEAN. Caller holds the disk group lock. */
    public void stop() throws IOException {
        replicator.stopping(this);
        WritePath wp = writePath;
        writePath = null;
        if (wp != null) {
            try {
                wp.close();
            } catch (IOException e) {
                moveTo(RvgState.FAIL, e.getMessage());
                throw e;
            }
        }
        if (state != RvgState.CLEAN) {
            moveTo(RvgState.CLEAN, "");
        }
        LOG.info(() -> "RVG " + dg.name() + "/" + name() + " stopped");
    }

    /** Closes the write path for daemon shutdown; the RVG stays ACTIVE on disk so the next boot starts it. */
    void shutdown() throws IOException {
        replicator.stopping(this);
        WritePath wp = writePath;
        writePath = null;
        if (wp != null) {
            wp.close();
        }
    }

    /**
     * One application write to data volume {@code volumeIndex}; completes when the write is durable in
     * the SRL and on the data volume. Fails at once if the RVG is not started.
     */
    public CompletableFuture<Void> write(int volumeIndex, long offset, ByteBuffer data) {
        WritePath wp = writePath;
        if (wp == null || state != RvgState.ACTIVE) {
            return CompletableFuture.failedFuture(new VolrepException(ErrorCode.RVG_NOT_STARTED, "RVG " + name()
                    + " is " + state + ": start it with vxrvg -g " + dg.name() + " start " + name()));
        }
        return writes.write(wp, volumeIndex, offset, data);
    }

    void markDcm(int volumeIndex, long offset, int length) {
        if (volumeIndex >= 0 && volumeIndex < record.dataVolumes().size()) {
            dcmLog.mark(volumeIndex, offset, length);
        }
    }

    /**
     * The first I/O error of the current write path puts the RVG in FAIL; it needs vxrvg start after
     * repair. Errors of a write path already replaced (stopped meanwhile) are not the RVG's state.
     */
    void ioFailed(WritePath failed, Throwable err) {
        dg.lock().lock();
        try {
            if (writePath != failed) {
                return;
            }
            LOG.log(Level.SEVERE, "RVG " + dg.name() + "/" + name() + " failed", err);
            replicator.stopping(this);
            writePath = null;
            closeQuietly(failed);
            moveTo(RvgState.FAIL, String.valueOf(err.getMessage()));
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "RVG " + name() + ": cannot record FAIL state", e);
        } finally {
            dg.lock().unlock();
        }
    }

    private void closeQuietly(WritePath wp) {
        if (wp == null) {
            return;
        }
        try {
            wp.close();
        } catch (IOException | RuntimeException e) {
            LOG.warning("RVG " + name() + ": closing the failed write path: " + e.getMessage());
        }
    }

    // ---- RVG checkpoints (vxrvg checkstart/checkend/checkdelete/cplist); see RvgCheckpoints ----

    /**
     * {@code vxrvg -c NAME checkstart}: places a CHECKPOINT_START marker in the SRL and records the
     * checkpoint; returns once every write issued before it is on the data volumes. {@code force}
     * replaces a checkpoint of the same name. Caller holds the disk group lock.
     *
     * @throws VolrepException BAD_NAME, RVG_NOT_STARTED, WRONG_STATE (Secondary), CHECKPOINT_OPEN,
     *                         DUPLICATE_NAME, CHECKPOINT_LIMIT (46); nothing changes then
     */
    public Checkpoint checkstart(String name, boolean force) throws VolrepException, IOException {
        return checkpoints.start(name, force);
    }

    /**
     * {@code vxrvg checkend}: places the CHECKPOINT_END marker of the started checkpoint. {@code force}
     * ends one that has overflowed. Caller holds the disk group lock.
     *
     * @throws VolrepException RVG_NOT_STARTED, WRONG_STATE, NO_OPEN_CHECKPOINT, CHECKPOINT_OVERFLOWED
     */
    public Checkpoint checkend(boolean force) throws VolrepException, IOException {
        return checkpoints.end(force);
    }

    /**
     * {@code vxrvg -c NAME checkdelete}: forgets a checkpoint; {@code force} deletes a started one.
     * Works on a stopped RVG. Caller holds the disk group lock.
     *
     * @throws VolrepException NO_SUCH_CHECKPOINT, CHECKPOINT_OPEN, WRONG_STATE
     */
    public void checkdelete(String name, boolean force) throws VolrepException, IOException {
        checkpoints.delete(name, force);
    }

    /** Every checkpoint, oldest first, judged against the SRL now. Thread-safe. */
    public List<Checkpoint> checkpoints() {
        return checkpoints.list(srlPosition());
    }

    /** One checkpoint judged against the SRL now, for replication (start/end LSNs, validity). Thread-safe. */
    public Optional<Checkpoint> checkpoint(String name) {
        return checkpoints.get(name);
    }

    /** The most recently started checkpoint (what vxprint -l shows). Thread-safe. */
    public Optional<Checkpoint> lastCheckpoint() {
        List<Checkpoint> all = checkpoints();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * Where the SRL stands (live while started, else from its header); empty when the header of a stopped
     * RVG's SRL cannot be read. Thread-safe.
     */
    public Optional<SrlPosition> srlPosition() {
        return checkpoints.position();
    }

    /**
     * A reader of the SRL from the start marker of checkpoint {@code name} (the first record it returns),
     * for an RLINK attaching at the checkpoint. The checkpoint holds the SRL tail only while the log has
     * room: the caller must hold the tail itself (WritePathOptions retain-from) before it relies on the
     * records, or the reader fails with DAMAGED_SRL once they are reclaimed. Thread-safe; the reader is not.
     *
     * @throws VolrepException RVG_NOT_STARTED, NO_SUCH_CHECKPOINT, CHECKPOINT_OVERFLOWED
     */
    public SrlReader checkpointReader(String name) throws VolrepException {
        return checkpoints.reader(name);
    }

    /** Persists a changed record of this RVG, then makes it current. Caller holds the disk group lock. */
    void persistRecord(RvgRecord updated) throws IOException {
        dg.commit(dg.config().withRvg(updated));
        record = updated;
    }

    /**
     * Role transfer bookkeeping: persists this RVG's record with {@code t} as its transfer (the role and
     * RLINKs unchanged; {@link #reconfigure} changes those). Caller holds the disk group lock.
     */
    public void recordTransfer(Optional<TransferRecord> t) throws IOException {
        persistRecord(record.withTransfer(t));
    }

    /** Changes the state in the table's terms and persists it. Caller holds the disk group lock. */
    void moveTo(RvgState next, String why) throws IOException {
        RvgState from = state;
        if (from != next) {
            from.moveTo(next);
        }
        RvgRecord updated = record.withState(next.name());
        dg.commit(dg.config().withRvg(updated));
        record = updated;
        state = next;
        failure = why;
    }

    @Override
    public String toString() {
        return "RVG " + dg.name() + "/" + name() + " (" + state + ")";
    }
}
