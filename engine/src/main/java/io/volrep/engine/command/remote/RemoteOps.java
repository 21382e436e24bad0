package io.volrep.engine.command.remote;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.vradmin.RvgCreation;
import io.volrep.engine.peer.PeerMessage;
import io.volrep.engine.peer.Peers;
import io.volrep.engine.rvg.DetachedWrites;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkAttributes;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.WritePath;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.RlinkRecord;
import io.volrep.engine.volume.RvgRecord;
import io.volrep.engine.volume.Volume;

/**
 * What one daemon does on behalf of another of the same RDS: describe a disk group, create or remove
 * a Secondary RVG, mirror RLINK settings, set where a Secondary's log starts, report status. Each op
 * checks everything before it changes anything and holds the disk group lock while it does.
 */
public final class RemoteOps {
    private static final Logger LOG = Logger.getLogger(RemoteOps.class.getName());
    public static final String DG_INFO = "dg-info";
    public static final String CREATE_SECONDARY = "create-secondary";
    public static final String DELETE_SECONDARY = "delete-secondary";
    public static final String RLINK_SET = "rlink-set";
    public static final String START_FROM = "start-from";
    public static final String ATTACH_AT = "attach-at";
    public static final String STATUS = "status";

    private static final java.time.Duration ATTACH_WAIT = java.time.Duration.ofSeconds(30);

    private final Engine engine;

    private RemoteOps(Engine engine) {
        this.engine = engine;
    }

    public static void register(Peers peers, Engine engine) {
        RemoteOps ops = new RemoteOps(engine);
        peers.register(DG_INFO, ops::dgInfo);
        peers.register(CREATE_SECONDARY, ops::createSecondary);
        peers.register(DELETE_SECONDARY, ops::deleteSecondary);
        peers.register(RLINK_SET, ops::rlinkSet);
        peers.register(START_FROM, ops::startFrom);
        peers.register(ATTACH_AT, ops::attachAt);
        peers.register(STATUS, ops::status);
    }

    /** Volumes of a disk group: {@code vol.NAME = size,rvg,use}. */
    private Map<String, String> dgInfo(String from, PeerMessage m) throws VolrepException {
        DiskGroup dg = engine.diskGroups().require(m.field("dg"));
        Map<String, String> out = new LinkedHashMap<>();
        for (Volume v : dg.volumes()) {
            out.put("vol." + v.name(), v.record().size() + "," + v.record().rvg().orElse("") + "," + v.record().use());
        }
        dg.config().rvgs().forEach(r -> out.put("rvg." + r.name(), r.role()));
        return out;
    }

    private Map<String, String> createSecondary(String from, PeerMessage m) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(m.field("dg"));
        List<String> data = RvgCreation.splitVolumes(m.field("datavols"));
        RlinkAttributes attrs = RlinkAttributes.DEFAULTS.with(words(m.field("attributes")));
        String rlinkName = m.field("rlink");
        checkFree(dg, rlinkName);
        try (RvgCreation creation = RvgCreation.claim(engine, dg, m.field("rvg"), data, m.field("srl"))) {
            creation.formatSrl(m.field("rvg-id"), line -> LOG.info(() -> "addsec from " + from + ": " + line));
            dg.lock().lock();
            try {
                checkFree(dg, rlinkName);
                Rvg rvg = creation.create(RvgRecord.SECONDARY, m.field("rvg-id"), Boolean.parseBoolean(m.field("nodcm"))
                        ? 0 : engine.config().dcmRegionSize());
                rvg.addRlink(new RlinkRecord(rlinkName, rvg.name(), from, m.field("primary-dg"), m.field("primary-rvg"),
                        m.field("remote-rlink"), RlinkState.STALE.name(), attrs.words(), Set.of(Rlink.INCONSISTENT), ""));
                return Map.of();
            } finally {
                dg.lock().unlock();
            }
        }
    }

    private void checkFree(DiskGroup dg, String rlinkName) throws VolrepException {
        if (dg.config().nameTaken(rlinkName)) {
            throw new VolrepException(ErrorCode.DUPLICATE_NAME, "disk group " + dg.name() + " on "
                    + engine.config().host() + " already has an object named " + rlinkName);
        }
    }

    private Map<String, String> deleteSecondary(String from, PeerMessage m) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(m.field("dg"));
        dg.lock().lock();
        try {
            Rvg rvg = engine.rvgs().require(dg, m.field("rvg"));
            if (rvg.isPrimary()) {
                throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " on " + engine.config().host()
                        + " is a Primary; delsec removes Secondaries only");
            }
            RvgCreation.remove(engine, rvg);
            return Map.of();
        } finally {
            dg.lock().unlock();
        }
    }

    /** Mirrors a change of the Primary's RLINK onto the Secondary's RLINK of the pair. */
    private Map<String, String> rlinkSet(String from, PeerMessage m) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(m.field("dg"));
        dg.lock().lock();
        try {
            Rvg rvg = engine.rvgs().require(dg, m.field("rvg"));
            Rlink link = rvg.rlink(m.field("rlink")).orElseThrow(() -> new VolrepException(ErrorCode.NO_SUCH_RLINK,
                    "RVG " + rvg.name() + " on " + engine.config().host() + " has no RLINK " + m.field("rlink")));
            if (m.fields().containsKey("attributes")) {
                link.setAttributes(RlinkAttributes.DEFAULTS.with(words(m.field("attributes"))));
            }
            if (m.fields().containsKey("state")) {
                RlinkState next = RlinkState.valueOf(m.field("state"));
                if (link.state() != next) {
                    moveSecondary(rvg, link, next);
                }
            }
            for (String f : words(m.field("flags-on", ""))) {
                link.setFlag(f, true);
            }
            for (String f : words(m.field("flags-off", ""))) {
                link.setFlag(f, false);
            }
            rvg.rlinkChanged(link);
            return Map.of();
        } finally {
            dg.lock().unlock();
        }
    }

    /**
     * Moves a Secondary's RLINK; an attach (out of STALE or FAIL) first makes the volumes read-only again,
     * waiting for direct writes in flight (a restore through NBD) and syncing them.
     */
    private static void moveSecondary(Rvg rvg, Rlink link, RlinkState next) throws VolrepException, IOException {
        boolean attach = !rvg.isPrimary() && DetachedWrites.writableIn(link.state()) && !DetachedWrites.writableIn(next);
        if (!attach) {
            link.moveTo(next);
            return;
        }
        rvg.detachedWrites().beginAttach(ATTACH_WAIT);
        try {
            link.moveTo(next);
        } finally {
            rvg.detachedWrites().endAttach();
        }
    }

    /**
     * Secondary side of {@code startrep -c CKPT}: the volumes hold a copy of the Primary's taken after the
     * checkpoint started; replication resumes exactly at its start LSN (also below where this Secondary
     * stood before), the RLINK attached and inconsistent until the Primary says the checkpoint end arrived.
     */
    private Map<String, String> attachAt(String from, PeerMessage m) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(m.field("dg"));
        dg.lock().lock();
        try {
            Rvg rvg = engine.rvgs().require(dg, m.field("rvg"));
            Rlink link = rvg.rlink(m.field("rlink")).orElseThrow(() -> new VolrepException(ErrorCode.NO_SUCH_RLINK,
                    "RVG " + rvg.name() + " on " + engine.config().host() + " has no RLINK " + m.field("rlink")));
            if (rvg.isPrimary()) {
                throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " on " + engine.config().host()
                        + " is a Primary; only a Secondary attaches at a checkpoint");
            }
            WritePath wp = rvg.writePath().orElseThrow(() -> new VolrepException(ErrorCode.RVG_NOT_STARTED, "RVG "
                    + rvg.name() + " on " + engine.config().host() + " is not started: start it with vxrvg -g " + dg.name()
                    + " start " + rvg.name()));
            long lsn = Long.parseLong(m.field("lsn"));
            rvg.detachedWrites().beginAttach(ATTACH_WAIT);
            try {
                await(wp.resetSourceEnd(lsn), rvg);
                link.setCheckpoint(m.field("checkpoint"));
                link.setFlag(Rlink.INCONSISTENT, true);
                if (link.state() != RlinkState.ACTIVE) {
                    link.moveTo(RlinkState.ACTIVE);
                }
            } finally {
                rvg.detachedWrites().endAttach();
            }
            rvg.rlinkChanged(link);
            return Map.of();
        } finally {
            dg.lock().unlock();
        }
    }

    private static void await(java.util.concurrent.CompletableFuture<Long> f, Rvg rvg) throws IOException {
        try {
            f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while settling RVG " + rvg.name(), e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("RVG " + rvg.name() + ": the log could not be settled at the checkpoint: " + e, e);
        }
    }

    private Map<String, String> startFrom(String from, PeerMessage m) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(m.field("dg"));
        Rvg rvg = engine.rvgs().require(dg, m.field("rvg"));
        rvg.writePath().orElseThrow(() -> new VolrepException(ErrorCode.RVG_NOT_STARTED, "RVG " + rvg.name() + " on "
                + engine.config().host() + " is not started: start it with vxrvg -g " + dg.name() + " start " + rvg.name()))
                .startFrom(Long.parseLong(m.field("lsn")));
        return Map.of();
    }

    /** A Secondary RVG's view: state, where its log ends, the Primary timestamp of its last update. */
    private Map<String, String> status(String from, PeerMessage m) throws VolrepException {
        DiskGroup dg = engine.diskGroups().require(m.field("dg"));
        Rvg rvg = engine.rvgs().require(dg, m.field("rvg"));
        Map<String, String> out = new LinkedHashMap<>();
        out.put("state", rvg.state().name());
        out.put("role", rvg.record().role());
        rvg.writePath().ifPresent(wp -> {
            out.put("source-end", Long.toString(wp.sourceEnd()));
            out.put("source-timestamp", Long.toString(wp.sourceTimestamp()));
        });
        for (Rlink l : rvg.rlinks()) {
            out.put("rlink." + l.name(), l.state() + " " + String.join(",", l.flags()));
        }
        return out;
    }

    static List<String> words(String s) {
        return s.isBlank() ? List.of() : new ArrayList<>(Arrays.asList(s.trim().split("\\s+")));
    }

    /** Joins words for a peer message field. */
    public static String join(List<String> words) {
        return String.join(" ", new ArrayList<>(words));
    }
}
