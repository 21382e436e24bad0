package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.remote.RemoteOps;
import io.volrep.engine.event.EventType;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.WritePath;
import io.volrep.engine.sync.SyncJob;
import io.volrep.engine.sync.SyncService;
import io.volrep.engine.volume.DcmBitmap;

/**
 * Attaching detached (STALE) Primary RLINKs, for {@code vradmin startrep} and {@code vxrlink att}.
 * {@code -a} (autosync): every region is copied from the DCMs while applications keep writing, the
 * Secondary inconsistent until the copy and the writes made meanwhile have arrived; one RLINK at a
 * time. {@code -f} (force): the admin vouches that the Secondary's volumes already equal the
 * Primary's; replication starts at the end of the Primary's log and the Secondary is consistent.
 * Callers hold the disk group lock and check with {@link #check} before they attach anything.
 */
public final class RlinkAttach {
    private RlinkAttach() {
    }

    /** The write path of the Primary RVG, or the error that says to start it. */
    public static WritePath started(Rvg rvg) throws VolrepException {
        return rvg.writePath().orElseThrow(() -> new VolrepException(ErrorCode.RVG_NOT_STARTED, "RVG " + rvg.name()
                + " is not started: start it with vxrvg -g " + rvg.diskGroup().name() + " start " + rvg.name()));
    }

    /**
     * Refuses unless every target is detached with no synchronization (syncrvg) to its host running and,
     * for autosync, exactly one with no other DCM copy under way.
     */
    public static void check(Engine engine, Rvg rvg, List<Rlink> targets, boolean autosync) throws VolrepException {
        for (Rlink l : targets) {
            if (l.state() != RlinkState.STALE) {
                throw new VolrepException(ErrorCode.RLINK_ATTACHED, "RLINK " + l.name() + " to " + l.remoteHost() + " is "
                        + l.state() + ", not detached: replication to it is already started (stoprep detaches it)");
            }
            java.util.Optional<SyncJob> job = engine.sync().job(SyncService.rvgKey(rvg.diskGroup().name(), rvg.name(),
                    l.remoteHost())).filter(SyncJob::running);
            if (job.isPresent()) {
                throw new VolrepException(ErrorCode.SYNC_IN_PROGRESS, job.get().what() + " is running ("
                        + job.get().progress().percent() + "%): wait for it to end (vradmin repstatus shows it), then start replication");
            }
        }
        if (autosync && (targets.size() > 1 || rvg.rlinks().stream().anyMatch(Rlink::dcmMode))) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "one Secondary at a time synchronizes from the DCMs: "
                    + "name one host, and wait until no other autosync or resync runs (vradmin repstatus)");
        }
    }

    /** Starts an autosync of {@code l}: every region of every data volume is marked and copied. */
    public static void autosync(Engine engine, Rvg rvg, Rlink l) throws VolrepException, IOException {
        rvg.startDcmLogging();
        for (int i = 0; i < rvg.record().dataVolumes().size(); i++) {
            rvg.dcm(i).ifPresent(DcmBitmap::markAll);
        }
        Rds.mirror(engine, l, Map.of("state", RlinkState.ACTIVE.name(), "flags-on", Rlink.AUTOSYNC + " " + Rlink.INCONSISTENT));
        l.setFlag(Rlink.AUTOSYNC, true);
        l.setFlag(Rlink.DCM_LOGGING, true);
        l.setFlag(Rlink.INCONSISTENT, true);
        l.setCheckpoint("");
        l.moveTo(RlinkState.ACTIVE);
        rvg.rlinkChanged(l);
        rvg.events().publish(EventType.RESYNC_STARTED, rvg.name(), "autosync of " + l.remoteHost() + " over RLINK "
                + l.name() + " started");
    }

    /** Attaches {@code l} at the end of the Primary's log, the Secondary consistent. */
    public static void force(Engine engine, Rvg rvg, WritePath wp, Rlink l) throws VolrepException, IOException {
        long from = wp.srl().durableLsn();
        l.attaching(from);
        try {
            engine.requirePeers().call(l.remoteHost(), RemoteOps.START_FROM, Map.of("dg", l.record().remoteDg(),
                    "rvg", l.record().remoteRvg(), "lsn", Long.toString(from)));
            Rds.mirror(engine, l, Map.of("state", RlinkState.ACTIVE.name(), "flags-off", Rlink.INCONSISTENT));
        } catch (VolrepException | IOException e) {
            l.attachAbandoned();
            throw e;
        }
        l.moveTo(RlinkState.ACTIVE);
        l.setFlag(Rlink.INCONSISTENT, false);
        l.setCheckpoint("");
        rvg.rlinkChanged(l);
    }
}
