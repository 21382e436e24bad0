package io.volrep.engine.sync;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.peer.PeerMessage;
import io.volrep.engine.peer.Peers;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.Rvgs;
import io.volrep.engine.rvg.SrlPosition;
import io.volrep.engine.rvg.WritePath;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.DiskGroups;
import io.volrep.engine.volume.RlinkCheckpointRecord;

/**
 * RLINK (Secondary) checkpoints: restoring a Secondary from a backup of its own volumes without a full
 * resynchronization (spec/vvr-features.md §2.3, §4). On the Secondary, {@code vxrlink -c NAME pause}
 * pauses and then {@link #checkpoint} records, on the Primary's RLINK, the Primary LSN its volumes stand
 * at; the admin backs them up while paused. Later {@code vxrlink -w pause} ({@link #failForRestore}) puts
 * both RLINKs in FAIL so the Secondary's volumes are writable (a detached-style restore,
 * {@link io.volrep.engine.rvg.DetachedWrites}); the admin restores the backup; {@code vxrlink -c NAME
 * restore} ({@link #restore}) resumes replication from the checkpoint's LSN, which the Primary's SRL
 * keeps while it has room (soft retention, like RVG checkpoints). {@code vxrlink cplist / checkdelete}
 * on the Primary list and delete them ({@link #list}, {@link #delete}).
 *
 * <p>Each change holds the disk group lock of its host; the Primary's part runs as a peer operation.
 */
public final class SecondaryCheckpoints {
    static final String ADD = "rlink-checkpoint-add";
    static final String RESTORE = "rlink-checkpoint-restore";
    static final String FAIL = "rlink-fail";
    /** Most RLINK checkpoints one RLINK keeps (the product's limit for checkpoints). */
    static final int MAX = 46;
    private static final Duration ATTACH_WAIT = Duration.ofSeconds(30);

    /** An RLINK checkpoint judged against the Primary's SRL now. */
    public record View(String name, long lsn, long createdMillis, boolean valid, long bytesSince, int percentOfLog) {
    }

    private final String host;
    private final DiskGroups diskGroups;
    private final Rvgs rvgs;
    private final Optional<Peers> peers;

    SecondaryCheckpoints(String host, DiskGroups diskGroups, Rvgs rvgs, Optional<Peers> peers) {
        this.host = host;
        this.diskGroups = diskGroups;
        this.rvgs = rvgs;
        this.peers = peers;
        peers.ifPresent(p -> {
            p.register(ADD, this::added);
            p.register(RESTORE, this::restoring);
            p.register(FAIL, this::failing);
        });
    }

    // ---- on the Secondary ----

    /**
     * {@code vxrlink -c NAME pause} on the Secondary, once the RLINK is paused: settles the write path
     * (every received update applied and synced) and records the checkpoint on the Primary. Returns the
     * Primary LSN the volumes stand at. Call without holding the disk group lock.
     *
     * @throws VolrepException WRONG_STATE unless a paused Secondary RLINK; the Primary's errors
     */
    public long checkpoint(Rvg rvg, Rlink link, String name) throws VolrepException, IOException {
        DiskGroups.checkName("checkpoint", name);
        requireSecondary(rvg);
        if (link.state() != RlinkState.PAUSE) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RLINK " + link.name() + " is " + link.state()
                    + ": a Secondary checkpoint is taken while the RLINK is paused (vxrlink -g " + rvg.diskGroup().name()
                    + " -c " + name + " pause " + link.name() + ")");
        }
        WritePath wp = started(rvg);
        await(wp.settle(), rvg);
        long lsn = wp.sourceEnd();
        call(link, ADD, Map.of("name", name, "lsn", Long.toString(lsn)));
        return lsn;
    }

    /**
     * {@code vxrlink -w pause} on the Secondary: both RLINKs go to FAIL, so replication leaves the
     * Secondary's volumes alone and they are writable for a restore. Call without the disk group lock.
     */
    public void failForRestore(Rvg rvg, Rlink link) throws VolrepException, IOException {
        requireSecondary(rvg);
        if (link.state() == RlinkState.STALE) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RLINK " + link.name() + " is detached (STALE): its"
                    + " volumes are already writable; restore them and start replication from the Primary");
        }
        call(link, FAIL, Map.of());
        DiskGroup dg = rvg.diskGroup();
        dg.lock().lock();
        try {
            if (link.state() != RlinkState.FAIL) {
                link.moveTo(RlinkState.FAIL);
            }
        } finally {
            dg.lock().unlock();
        }
    }

    /**
     * {@code vxrlink -c NAME restore} on the Secondary, after its volumes were restored from the backup
     * taken at checkpoint NAME: the Primary resumes shipping at the checkpoint's LSN and the Secondary,
     * consistent at that point, is attached again. Call without the disk group lock.
     *
     * @throws VolrepException WRONG_STATE unless the RLINK is FAIL; NO_SUCH_CHECKPOINT, CHECKPOINT_OVERFLOWED
     *                         from the Primary (nothing changed then)
     */
    public void restore(Rvg rvg, Rlink link, String name) throws VolrepException, IOException {
        requireSecondary(rvg);
        WritePath wp = started(rvg);
        if (link.state() != RlinkState.FAIL) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RLINK " + link.name() + " is " + link.state() + ", not FAIL:"
                    + " restore follows vxrlink -g " + rvg.diskGroup().name() + " -w pause " + link.name()
                    + " and the restore of the backup taken at the checkpoint");
        }
        long lsn = Long.parseLong(call(link, RESTORE, Map.of("name", name)).get("lsn"));
        DiskGroup dg = rvg.diskGroup();
        dg.lock().lock();
        try {
            rvg.detachedWrites().beginAttach(ATTACH_WAIT);
            try {
                await(wp.resetSourceEnd(lsn), rvg);
                link.setFlag(Rlink.INCONSISTENT, false);
                link.setFlag(Rlink.SECONDARY_PAUSED, false);
                link.setFlag(Rlink.PRIMARY_PAUSED, false);
                link.moveTo(RlinkState.ACTIVE);
            } finally {
                rvg.detachedWrites().endAttach();
            }
        } finally {
            dg.lock().unlock();
        }
    }

    // ---- on the Primary ----

    /** {@code vxrlink cplist}: the RLINK checkpoints of a Primary RLINK, judged against its SRL now. */
    public List<View> list(Rvg rvg, Rlink link) throws VolrepException {
        requirePrimary(rvg, "cplist");
        Optional<SrlPosition> pos = rvg.srlPosition();
        List<View> out = new ArrayList<>();
        for (RlinkCheckpointRecord c : link.checkpoints()) {
            boolean valid = pos.map(p -> p.holds(c.lsn())).orElse(true);
            out.add(new View(c.name(), c.lsn(), c.createdMillis(), valid, pos.map(p -> p.bytesSince(c.lsn())).orElse(0L),
                    pos.map(p -> p.percentSince(c.lsn())).orElse(0)));
        }
        return out;
    }

    /** {@code vxrlink -c NAME checkdelete}: forgets an RLINK checkpoint. Caller holds the disk group lock. */
    public void delete(Rvg rvg, Rlink link, String name) throws VolrepException, IOException {
        requirePrimary(rvg, "checkdelete");
        find(link, name);
        link.setCheckpoints(link.checkpoints().stream().filter(c -> !c.name().equals(name)).toList());
    }

    private Map<String, String> added(String from, PeerMessage m) throws VolrepException, IOException {
        String name = m.field("name");
        DiskGroups.checkName("checkpoint", name);
        long lsn = Long.parseLong(m.field("lsn"));
        return onPrimaryRlink(from, m, (rvg, link) -> {
            List<RlinkCheckpointRecord> list = new ArrayList<>(link.checkpoints());
            list.removeIf(c -> c.name().equals(name));
            if (list.size() >= MAX) {
                throw new VolrepException(ErrorCode.CHECKPOINT_LIMIT, "RLINK " + link.name() + " on " + host + " has "
                        + list.size() + " RLINK checkpoints, the most it can have: delete older ones there with vxrlink -g "
                        + rvg.diskGroup().name() + " -c NAME checkdelete " + link.name());
            }
            list.add(new RlinkCheckpointRecord(name, lsn, System.currentTimeMillis()));
            link.setCheckpoints(list);
            return Map.of();
        });
    }

    private Map<String, String> restoring(String from, PeerMessage m) throws VolrepException, IOException {
        String name = m.field("name");
        return onPrimaryRlink(from, m, (rvg, link) -> {
            RlinkCheckpointRecord c = find(link, name);
            if (link.state() != RlinkState.FAIL && link.state() != RlinkState.ACTIVE) {
                throw new VolrepException(ErrorCode.WRONG_STATE, "RLINK " + link.name() + " on " + host + " is "
                        + link.state() + ": run vxrlink -w pause on the Secondary before restoring it");
            }
            link.attaching(c.lsn());
            if (!list(rvg, link).stream().filter(v -> v.name().equals(name)).allMatch(View::valid)) {
                link.attachAbandoned();
                throw new VolrepException(ErrorCode.CHECKPOINT_OVERFLOWED, "RLINK checkpoint " + name + " of " + link.name()
                        + " on " + host + " overflowed (the SRL wrapped over it): synchronize the Secondary another way"
                        + " (vradmin stoprep, then syncrvg -c or startrep -a)");
            }
            link.setFlag(Rlink.INCONSISTENT, false);
            link.setFlag(Rlink.PRIMARY_PAUSED, false);
            link.setFlag(Rlink.SECONDARY_PAUSED, false);
            link.setCheckpoint("");
            if (link.state() != RlinkState.ACTIVE) {
                link.moveTo(RlinkState.ACTIVE);
            }
            rvg.rlinkChanged(link);
            return Map.of("lsn", Long.toString(c.lsn()));
        });
    }

    private Map<String, String> failing(String from, PeerMessage m) throws VolrepException, IOException {
        return onPrimaryRlink(from, m, (rvg, link) -> {
            if (link.state() != RlinkState.FAIL) {
                link.moveTo(RlinkState.FAIL);
                rvg.rlinkChanged(link);
            }
            return Map.of();
        });
    }

    /** A change to the Primary's RLINK to host {@code from}, under its disk group lock. */
    private interface Change {
        Map<String, String> apply(Rvg rvg, Rlink link) throws VolrepException, IOException;
    }

    private Map<String, String> onPrimaryRlink(String from, PeerMessage m, Change change) throws VolrepException, IOException {
        DiskGroup dg = diskGroups.require(m.field("dg"));
        dg.lock().lock();
        try {
            Rvg rvg = rvgs.require(dg, m.field("rvg"));
            requirePrimary(rvg, "this");
            Rlink link = rvg.rlink(m.field("rlink")).filter(l -> l.remoteHost().equals(from)).orElseThrow(() ->
                    new VolrepException(ErrorCode.NO_SUCH_RLINK, "RVG " + rvg.name() + " on " + host + " has no RLINK "
                            + m.field("rlink") + " to " + from));
            return change.apply(rvg, link);
        } finally {
            dg.lock().unlock();
        }
    }

    private Map<String, String> call(Rlink link, String op, Map<String, String> fields) throws VolrepException, IOException {
        Peers p = peers.orElseThrow(() -> new VolrepException(ErrorCode.BAD_CONFIG, "host " + host
                + " has no peer key: set vxrep.peer.key-file and restart vxrepd"));
        Map<String, String> f = new java.util.LinkedHashMap<>(fields);
        f.put("dg", link.record().remoteDg());
        f.put("rvg", link.record().remoteRvg());
        f.put("rlink", link.record().remoteRlink());
        return p.call(link.remoteHost(), op, f);
    }

    private static RlinkCheckpointRecord find(Rlink link, String name) throws VolrepException {
        return link.checkpoints().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
                new VolrepException(ErrorCode.NO_SUCH_CHECKPOINT, "RLINK " + link.name() + " has no RLINK checkpoint named "
                        + name + ": vxrlink cplist " + link.name() + " on the Primary lists them"));
    }

    private void requirePrimary(Rvg rvg, String verb) throws VolrepException {
        if (!rvg.isPrimary()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " on " + host + " is a Secondary: run "
                    + verb + " on the Primary, where RLINK checkpoints are kept");
        }
    }

    private void requireSecondary(Rvg rvg) throws VolrepException {
        if (rvg.isPrimary()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " on " + host + " is a Primary: Secondary"
                    + " checkpoints are taken and restored on the Secondary");
        }
    }

    private WritePath started(Rvg rvg) throws VolrepException {
        return rvg.writePath().orElseThrow(() -> new VolrepException(ErrorCode.RVG_NOT_STARTED, "RVG " + rvg.name() + " on "
                + host + " is not started: start it with vxrvg -g " + rvg.diskGroup().name() + " start " + rvg.name()));
    }

    private static void await(java.util.concurrent.CompletableFuture<Long> f, Rvg rvg) throws IOException {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while settling RVG " + rvg.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("RVG " + rvg.name() + ": the log could not be settled: " + e, e);
        }
    }
}
