package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.command.remote.RemoteOps;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.WritePath;
import io.volrep.engine.sync.SyncJob;
import io.volrep.engine.sync.SyncService;
import io.volrep.engine.volume.DiskGroup;

/**
 * {@code vradmin -g DG {-a | -c CKPT | -f} startrep RVG [SECHOST]}: attaches detached (STALE) RLINKs and
 * starts replication. {@code -a} synchronizes automatically: every region is copied from the DCMs while
 * the application keeps writing, the Secondary inconsistent until the copy and the writes made meanwhile
 * have arrived. {@code -c} attaches at an RVG checkpoint after its volumes were restored from a copy taken
 * between checkstart and checkend ({@link CheckpointAttach}). {@code -f} trusts the admin that the
 * Secondary's volumes already equal the Primary's (zero-initialized on both sides, or copied with the
 * application stopped): replication starts at the end of the Primary's log and the Secondary is marked
 * consistent.
 */
public final class VradminStartrep extends SimpleVerb {
    private final Engine engine;

    public VradminStartrep(Engine engine) {
        super("vradmin", "startrep", new Syntax("vradmin -g diskgroup {-a | -c checkpoint | -f} startrep rvg [sechost]",
                Map.of("-g", true, "-f", false, "-a", false, "-c", true), 1, 2), "start replication to Secondaries");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        boolean auto = inv.args().flag("-a");
        int modes = (auto ? 1 : 0) + (inv.args().flag("-f") ? 1 : 0) + (inv.args().flag("-c") ? 1 : 0);
        if (modes != 1) {
            throw new VolrepException(ErrorCode.USAGE, "say how the Secondary gets the Primary's data, with exactly one of: "
                    + "-a to synchronize it automatically while applications write, -c CKPT when its volumes were restored "
                    + "from a copy taken between checkstart and checkend of checkpoint CKPT, or -f when its volumes already "
                    + "hold the same data");
        }
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        dg.lock().lock();
        try {
            Rvg rvg = Rds.primary(engine, dg, inv.args().arg(0));
            WritePath wp = rvg.writePath().orElseThrow(() -> new VolrepException(ErrorCode.RVG_NOT_STARTED, "RVG "
                    + rvg.name() + " is not started: start it with vxrvg -g " + dg.name() + " start " + rvg.name()));
            List<Rlink> targets = detachedTargets(rvg, inv.args().optionalArg(1));
            if (inv.args().flag("-c")) {
                new CheckpointAttach(engine, rvg, inv.args().option("-c").orElseThrow()).attach(inv, targets);
            } else if (auto) {
                autosync(inv, rvg, targets);
            } else {
                force(inv, rvg, wp, targets);
            }
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }

    /** The RLINKs to start: each must be detached, with no synchronization to its host running. */
    private List<Rlink> detachedTargets(Rvg rvg, java.util.Optional<String> sechost) throws VolrepException {
        List<Rlink> targets = Rds.targets(rvg, sechost);
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
        return targets;
    }

    private void autosync(Invocation inv, Rvg rvg, List<Rlink> targets) throws VolrepException, IOException {
        if (targets.size() > 1 || rvg.rlinks().stream().anyMatch(Rlink::dcmMode)) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "one Secondary at a time synchronizes from the DCMs: "
                    + "name one host, and wait until no other autosync or resync runs (vradmin repstatus)");
        }
        Rlink l = targets.get(0);
        rvg.startDcmLogging();
        for (int i = 0; i < rvg.record().dataVolumes().size(); i++) {
            rvg.dcm(i).ifPresent(io.volrep.engine.volume.DcmBitmap::markAll);
        }
        Rds.mirror(engine, l, Map.of("state", RlinkState.ACTIVE.name(), "flags-on", Rlink.AUTOSYNC + " " + Rlink.INCONSISTENT));
        l.setFlag(Rlink.AUTOSYNC, true);
        l.setFlag(Rlink.DCM_LOGGING, true);
        l.setFlag(Rlink.INCONSISTENT, true);
        l.setCheckpoint("");
        l.moveTo(RlinkState.ACTIVE);
        rvg.rlinkChanged(l);
        Rds.done(inv, "Autosync started to", l);
    }

    private void force(Invocation inv, Rvg rvg, WritePath wp, List<Rlink> targets) throws VolrepException, IOException {
        for (Rlink l : targets) {
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
            Rds.done(inv, "Replication started to", l);
        }
    }
}
