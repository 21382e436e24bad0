package io.volrep.engine.rvg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.srl.RecordType;
import io.volrep.engine.srl.SrlHeader;
import io.volrep.engine.srl.SrlMarker;
import io.volrep.engine.srl.SrlReader;
import io.volrep.engine.volume.CheckpointRecord;
import io.volrep.engine.volume.DiskGroups;

/**
 * The RVG checkpoints of one {@link Rvg}: {@code vxrvg checkstart / checkend / checkdelete / cplist}.
 *
 * <p>Where they live: a checkpoint is a pair of marker records in the SRL (CHECKPOINT_START and
 * CHECKPOINT_END carrying its name, placed by the one SRL writer so their LSNs order them exactly among
 * the writes), and a {@link CheckpointRecord} in the RVG's entry of the disk group metadata
 * ({@code dgconfig}, via {@link io.volrep.engine.volume.RvgRecord}). The metadata is the list the admin
 * manages (names, the 46 limit, which one is open); the SRL decides validity. Keeping the list in the
 * disk group file makes it change with the RVG under the same lock and persist-then-apply rule, and
 * {@code vradmin delpri} removes it with the RVG; no second file can disagree with the RVG record.
 *
 * <p>Crash story: checkstart and checkend first make the marker durable, then commit the metadata. A
 * crash between the two leaves a marker that no checkpoint names; it is harmless (replay ignores
 * markers) and the command never reported success. At start the recorded checkpoints are checked
 * against the recovered SRL: one whose start the SRL tail has passed, or whose markers the SRL does not
 * hold at the recorded LSNs, becomes OVERFLOWED.
 *
 * <p>Retention: a valid checkpoint keeps its start in the SRL only while the log has room (soft
 * retention, {@link io.volrep.engine.srl.Srl}); writes never wait for a checkpoint. When the writer needs
 * the space the tail moves past the start and the checkpoint is OVERFLOWED from then on, which every
 * view derives from the SRL tail (persisted and monotonic) and the next metadata change records.
 *
 * <p>Thread contract: changes run under the disk group lock (the commands take it); {@link #keepFrom}
 * runs on the SRL's threads and only reads volatile state.
 */
final class RvgCheckpoints {
    /** Most checkpoints an RVG may have (the product's documented limit). */
    static final int MAX = 46;
    private static final Logger LOG = Logger.getLogger(RvgCheckpoints.class.getName());
    private static final long MARK_TIMEOUT_SECONDS = 60;

    private final Rvg rvg;
    /** While checkstart places its marker: the tail may not pass this LSN (Long.MAX_VALUE = no pin). */
    private volatile long pin = Long.MAX_VALUE;

    RvgCheckpoints(Rvg rvg) {
        this.rvg = rvg;
    }

    /**
     * Soft retention for the SRL: the lowest start of a live checkpoint at or above {@code wanted}; RLINK
     * (Secondary) checkpoints recorded on this Primary's RLINKs count too.
     */
    long keepFrom(long wanted) {
        long keep = pin >= wanted ? pin : Long.MAX_VALUE;
        for (CheckpointRecord c : rvg.record().checkpoints()) {
            if (!c.overflowed() && c.startLsn() >= wanted) {
                keep = Math.min(keep, c.startLsn());
            }
        }
        for (Rlink l : rvg.rlinks()) {
            for (io.volrep.engine.volume.RlinkCheckpointRecord c : l.checkpoints()) {
                if (c.lsn() >= wanted) {
                    keep = Math.min(keep, c.lsn());
                }
            }
        }
        return keep;
    }

    /** Every checkpoint, oldest first, judged against {@code pos} (empty: the SRL could not be read). */
    List<Checkpoint> list(Optional<SrlPosition> pos) {
        return rvg.record().checkpoints().stream()
                .map(c -> Checkpoint.of(c, pos.map(p -> p.holds(c.startLsn())).orElse(true))).toList();
    }

    /** The SRL position: live while started, else from the SRL header; empty if the header is unreadable. */
    Optional<SrlPosition> position() {
        Optional<WritePath> wp = rvg.writePath();
        if (wp.isPresent()) {
            WritePath w = wp.get();
            return Optional.of(new SrlPosition(w.srl().tailLsn(), w.nextLsn(), w.capacity(), true));
        }
        try {
            SrlHeader h = SrlHeader.read(rvg.diskGroup().requireVolume(rvg.record().srl()).device());
            return Optional.of(new SrlPosition(h.tailLsn(), h.appliedLsn(), h.dataSize(), false));
        } catch (VolrepException | IOException e) {
            LOG.warning(() -> rvg + ": cannot read the SRL header to judge checkpoints: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code checkstart}: places a start marker and records the checkpoint. Caller holds the DG lock. */
    Checkpoint start(String name, boolean force) throws VolrepException, IOException {
        DiskGroups.checkName("checkpoint", name);
        WritePath wp = requireStartedPrimary("checkstart");
        List<CheckpointRecord> list = new ArrayList<>(rvg.record().checkpoints());
        Optional<CheckpointRecord> open = list.stream().filter(c -> !c.ended()).findFirst();
        if (open.isPresent()) {
            throw new VolrepException(ErrorCode.CHECKPOINT_OPEN, "checkpoint " + open.get().name() + " of RVG "
                    + rvg.name() + " is still started: end it with " + cmd("checkend") + " before starting another");
        }
        Optional<CheckpointRecord> same = find(name);
        if (same.isPresent() && !force) {
            throw new VolrepException(ErrorCode.DUPLICATE_NAME, "RVG " + rvg.name() + " already has a checkpoint named "
                    + name + ": choose another name, or replace it with vxrvg -f -g " + rvg.diskGroup().name() + " -c "
                    + name + " checkstart " + rvg.name());
        }
        same.ifPresent(list::remove);
        if (list.size() >= MAX) {
            throw new VolrepException(ErrorCode.CHECKPOINT_LIMIT, "RVG " + rvg.name() + " has " + list.size()
                    + " checkpoints, the most it can have: delete older ones with vxrvg -g " + rvg.diskGroup().name()
                    + " -c NAME checkdelete " + rvg.name() + " (" + cmd("cplist") + " lists them)");
        }
        pin = wp.srl().tailLsn();
        try {
            long lsn = await(wp.mark(RecordType.CHECKPOINT_START, name), "start");
            list.add(new CheckpointRecord(name, lsn, CheckpointRecord.OPEN, false, System.currentTimeMillis()));
            commit(list);
        } finally {
            pin = Long.MAX_VALUE;
        }
        LOG.info(() -> rvg + ": checkpoint " + name + " started at LSN " + find(name).map(CheckpointRecord::startLsn).orElse(-1L));
        return require(name);
    }

    /** {@code checkend}: places the end marker of the started checkpoint. Caller holds the DG lock. */
    Checkpoint end(boolean force) throws VolrepException, IOException {
        WritePath wp = requireStartedPrimary("checkend");
        CheckpointRecord open = rvg.record().checkpoints().stream().filter(c -> !c.ended()).findFirst()
                .orElseThrow(() -> new VolrepException(ErrorCode.NO_OPEN_CHECKPOINT, "RVG " + rvg.name()
                        + " has no started checkpoint to end: start one with vxrvg -g " + rvg.diskGroup().name()
                        + " -c NAME checkstart " + rvg.name()));
        if (!require(open.name()).valid() && !force) {
            throw overflowed(open.name(), "delete it with vxrvg -g " + rvg.diskGroup().name() + " -c " + open.name()
                    + " checkdelete " + rvg.name() + ", or end it anyway with vxrvg -f -g " + rvg.diskGroup().name()
                    + " checkend " + rvg.name());
        }
        long lsn = await(wp.mark(RecordType.CHECKPOINT_END, open.name()), "end");
        commit(rvg.record().checkpoints().stream().map(c -> c.name().equals(open.name()) ? c.withEnd(lsn) : c).toList());
        LOG.info(() -> rvg + ": checkpoint " + open.name() + " ended at LSN " + lsn);
        return require(open.name());
    }

    /** {@code checkdelete}: forgets a checkpoint (its markers stay in the SRL). Caller holds the DG lock. */
    void delete(String name, boolean force) throws VolrepException, IOException {
        requirePrimary("checkdelete");
        CheckpointRecord c = find(name).orElseThrow(() -> noSuch(name));
        for (Rlink l : rvg.rlinks()) {
            if (l.record().checkpoint().equals(name) && !l.consistent() && l.state() != RlinkState.STALE && !l.dcmMode()) {
                throw new VolrepException(ErrorCode.WRONG_STATE, "RLINK " + l.name() + " to " + l.remoteHost()
                        + " was attached at checkpoint " + name + " and is still catching up to its end: wait until it is"
                        + " consistent (vradmin -g " + rvg.diskGroup().name() + " repstatus " + rvg.name() + "), then delete it");
            }
        }
        if (!c.ended() && !force) {
            throw new VolrepException(ErrorCode.CHECKPOINT_OPEN, "checkpoint " + name + " of RVG " + rvg.name()
                    + " is still started: end it with " + cmd("checkend") + " first, or delete it anyway with vxrvg -f -g "
                    + rvg.diskGroup().name() + " -c " + name + " checkdelete " + rvg.name());
        }
        commit(rvg.record().checkpoints().stream().filter(x -> !x.name().equals(name)).toList());
        LOG.info(() -> rvg + ": checkpoint " + name + " deleted");
    }

    /**
     * At start, after the SRL was recovered: a checkpoint whose start the tail has passed, or whose marker
     * records the SRL does not hold at the recorded LSNs, is OVERFLOWED. Caller holds the DG lock.
     */
    void reconcile(WritePath wp) throws IOException {
        List<SrlMarker> markers = wp.srl().recovery().markers();
        long tail = wp.srl().tailLsn();
        boolean changed = false;
        List<CheckpointRecord> out = new ArrayList<>();
        for (CheckpointRecord c : rvg.record().checkpoints()) {
            String why = c.overflowed() ? null
                    : c.startLsn() < tail ? "the SRL tail " + tail + " has passed its start LSN " + c.startLsn()
                    : !markers.contains(new SrlMarker(RecordType.CHECKPOINT_START, c.startLsn(), c.name()))
                    ? "the SRL holds no start marker for it at LSN " + c.startLsn()
                    : c.ended() && !markers.contains(new SrlMarker(RecordType.CHECKPOINT_END, c.endLsn(), c.name()))
                    ? "the SRL holds no end marker for it at LSN " + c.endLsn() : null;
            if (why != null) {
                LOG.warning(rvg + ": checkpoint " + c.name() + " overflowed: " + why);
                changed = true;
            }
            out.add(why != null ? c.withOverflowed() : c);
        }
        if (changed) {
            rvg.persistRecord(rvg.record().withCheckpoints(out));
        }
    }

    /** The reader for an RLINK attaching at checkpoint {@code name}; its first record is the start marker. */
    SrlReader reader(String name) throws VolrepException {
        WritePath wp = requireStartedPrimary("read");
        Checkpoint c = require(name);
        if (!c.valid()) {
            throw overflowed(name, "synchronize the Secondary another way (autosync or a new checkpoint)");
        }
        try {
            return wp.srl().reader(c.startLsn());
        } catch (IllegalArgumentException e) {
            throw overflowed(name, "synchronize the Secondary another way (autosync or a new checkpoint)");
        }
    }

    Optional<Checkpoint> get(String name) {
        return list(position()).stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private Checkpoint require(String name) throws VolrepException {
        return get(name).orElseThrow(() -> noSuch(name));
    }

    private Optional<CheckpointRecord> find(String name) {
        return rvg.record().checkpoints().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Persists {@code list}, recording as overflowed every checkpoint the SRL no longer holds. */
    private void commit(List<CheckpointRecord> list) throws IOException {
        Optional<SrlPosition> pos = position();
        List<CheckpointRecord> judged = list.stream()
                .map(c -> !c.overflowed() && pos.isPresent() && !pos.get().holds(c.startLsn()) ? c.withOverflowed() : c)
                .toList();
        rvg.persistRecord(rvg.record().withCheckpoints(judged));
    }

    private long await(CompletableFuture<Long> marker, String what) throws VolrepException, IOException {
        try {
            return marker.get(MARK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof VolrepException v) {
                throw v;
            }
            throw new IOException("SRL of RVG " + rvg.name() + " failed while placing the checkpoint " + what
                    + " marker; the checkpoint was not changed", e.getCause());
        } catch (TimeoutException e) {
            throw new VolrepException(ErrorCode.IO_ERROR, "the SRL of RVG " + rvg.name() + " did not take the checkpoint "
                    + what + " marker within " + MARK_TIMEOUT_SECONDS + " s; the checkpoint was not changed: check the"
                    + " daemon log and the SRL device, then run the command again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while placing a checkpoint marker in RVG " + rvg.name(), e);
        }
    }

    private void requirePrimary(String verb) throws VolrepException {
        if (!rvg.isPrimary()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " is a Secondary: run vxrvg " + verb
                    + " on the Primary of the RDS");
        }
    }

    private WritePath requireStartedPrimary(String verb) throws VolrepException {
        requirePrimary(verb);
        return rvg.writePath().filter(w -> rvg.started()).orElseThrow(() -> new VolrepException(
                ErrorCode.RVG_NOT_STARTED, "RVG " + rvg.name() + " is " + rvg.state() + ", not started: start it with vxrvg -g "
                + rvg.diskGroup().name() + " start " + rvg.name() + ", then run " + verb + " again"));
    }

    private VolrepException noSuch(String name) {
        return new VolrepException(ErrorCode.NO_SUCH_CHECKPOINT, "RVG " + rvg.name() + " has no checkpoint named "
                + name + ": " + cmd("cplist") + " lists its checkpoints");
    }

    private VolrepException overflowed(String name, String next) {
        return new VolrepException(ErrorCode.CHECKPOINT_OVERFLOWED, "checkpoint " + name + " of RVG " + rvg.name()
                + " overflowed (the SRL wrapped over its start) and cannot be used: " + next);
    }

    private String cmd(String verb) {
        return "vxrvg -g " + rvg.diskGroup().name() + " " + verb + " " + rvg.name();
    }
}
