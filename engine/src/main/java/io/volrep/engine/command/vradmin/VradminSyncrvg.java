package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.sync.SyncJob;
import io.volrep.engine.sync.SyncMode;
import io.volrep.engine.sync.SyncRequest;
import io.volrep.engine.sync.SyncService;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.Volume;

/**
 * {@code vradmin -g DG [-c CKPT] [-full | -verify] syncrvg RVG SECHOST...}: synchronizes the data volumes
 * of detached Secondaries with the Primary's over the peer links, one job per Secondary, all at once.
 * By default both hosts hash every block and only the differing ones are sent; {@code -full} sends every
 * block (zero blocks as zero runs); {@code -verify} only compares and lists the differing ranges. With
 * {@code -c} the copy is bracketed by checkstart and checkend of checkpoint CKPT, so that
 * {@code vradmin -c CKPT startrep} then replays what the application wrote meanwhile.
 */
public final class VradminSyncrvg extends SimpleVerb {
    private final Engine engine;

    public VradminSyncrvg(Engine engine) {
        super("vradmin", "syncrvg", new Syntax("vradmin -g diskgroup [-c checkpoint] [-full | -verify] syncrvg rvg sechost...",
                Map.of("-g", true, "-c", true, "-full", false, "-verify", false, "-s", false), 2, Syntax.MANY),
                "synchronize Secondaries' volumes with the Primary's (difference-based, -full, or -verify)");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        SyncMode mode = mode(inv);
        Optional<String> ckpt = inv.args().option("-c");
        List<String> hosts = inv.args().positionals().subList(1, inv.args().positionals().size());
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        SyncWatch watch = new SyncWatch(engine, inv);
        Rvg rvg;
        dg.lock().lock();
        try {
            rvg = Rds.primary(engine, dg, inv.args().arg(0));
            List<SyncWatch.Planned> plan = plan(rvg, mode, hosts, inv);
            if (ckpt.isPresent()) {
                rvg.checkstart(ckpt.get(), false);
                inv.out("VxVM VVR vradmin INFO checkpoint " + ckpt.get() + " started on " + rvg.name());
            }
            try {
                watch.start(plan);
            } catch (VolrepException e) {
                if (ckpt.isPresent() && !watch.started()) {
                    rvg.checkdelete(ckpt.get(), true);
                }
                throw e;
            }
        } finally {
            dg.lock().unlock();
        }
        List<SyncJob> jobs = watch.await();
        boolean anyDone = jobs.stream().anyMatch(j -> j.failure().isEmpty());
        boolean allDone = jobs.stream().allMatch(j -> j.failure().isEmpty());
        Optional<VolrepException> ckptError = ckpt.isEmpty() ? Optional.empty() : endCheckpoint(inv, dg, rvg, ckpt.get(), anyDone);
        String base = command(inv);
        String again = ckpt.isPresent() && anyDone ? base.replace(" -c " + ckpt.get(), " -c NEWCKPT") : base;
        Optional<VolrepException> error = watch.report(failed -> again + " " + rvg.name() + " " + String.join(" ", failed)
                + (again.equals(base) ? "" : " (NEWCKPT: a checkpoint name not in use)"));
        if (error.isPresent()) {
            throw error.get();
        }
        if (ckptError.isPresent()) {
            throw ckptError.get();
        }
        ckpt.ifPresent(name -> inv.out("VxVM VVR vradmin INFO start replication with: vradmin -g " + dg.name() + " -c " + name
                + " startrep " + rvg.name() + " SECHOST"));
        return 0;
    }

    private static SyncMode mode(Invocation inv) throws VolrepException {
        boolean verify = inv.args().flag("-verify");
        if (verify && (inv.args().flag("-full") || inv.args().flag("-c"))) {
            throw new VolrepException(ErrorCode.USAGE, "-verify only compares: it takes neither -full nor -c");
        }
        return verify ? SyncMode.VERIFY : inv.args().flag("-full") ? SyncMode.FULL : SyncMode.DIFF;
    }

    /** {@code vradmin -g DG [-c CKPT] [-full|-verify] syncrvg}, for the resume hint. */
    private static String command(Invocation inv) {
        return "vradmin -g " + inv.args().option("-g").orElse("") + inv.args().option("-c").map(c -> " -c " + c).orElse("")
                + (inv.args().flag("-full") ? " -full" : "") + (inv.args().flag("-verify") ? " -verify" : "") + " syncrvg";
    }

    /** One job per Secondary; checks everything first (bad input changes nothing). Caller holds the DG lock. */
    private List<SyncWatch.Planned> plan(Rvg rvg, SyncMode mode, List<String> hosts, Invocation inv) throws VolrepException {
        List<SyncWatch.Planned> plan = new ArrayList<>();
        for (String host : hosts) {
            Rlink l = Rds.targets(rvg, Optional.of(host)).get(0);
            checkDetached(rvg, l, mode);
            String key = SyncService.rvgKey(rvg.diskGroup().name(), rvg.name(), host);
            Optional<SyncJob> running = engine.sync().job(key).filter(SyncJob::running);
            if (running.isPresent() || plan.stream().anyMatch(p -> p.key().equals(key))) {
                throw new VolrepException(ErrorCode.SYNC_IN_PROGRESS, "a synchronization of " + rvg.name() + " to " + host
                        + " is already running or named twice: vradmin repstatus shows it");
            }
            SyncRequest req = new SyncRequest(mode, host, l.record().remoteDg(), l.record().remoteRvg(), pairs(rvg),
                    engine.sync().blockSize(), engine.sync().chunkBlocks(), engine.sync().digest(),
                    l.attributes().bandwidthBitsPerSecond() / 8);
            String what = "syncrvg" + (mode == SyncMode.DIFF ? "" : " -" + mode.word()) + " " + rvg.name() + " to " + host;
            plan.add(new SyncWatch.Planned(key, what, command(inv) + " " + rvg.name() + " " + host, req));
        }
        return plan;
    }

    private static void checkDetached(Rvg rvg, Rlink l, SyncMode mode) throws VolrepException {
        RlinkState s = l.state();
        boolean ok = mode == SyncMode.VERIFY ? s != RlinkState.ACTIVE : s == RlinkState.STALE;
        if (!ok) {
            String dg = rvg.diskGroup().name();
            throw new VolrepException(ErrorCode.RLINK_ATTACHED, "RLINK " + l.name() + " to " + l.remoteHost() + " is " + s
                    + ": " + (mode == SyncMode.VERIFY
                    ? "pause replication first (vradmin -g " + dg + " pauserep " + rvg.name() + " " + l.remoteHost() + ")"
                    : "syncrvg writes only detached Secondaries; stop replication first (vradmin -g " + dg + " stoprep "
                    + rvg.name() + " " + l.remoteHost() + ")"));
        }
    }

    /** The Primary's data volumes, each copied onto the Secondary's volume of the same name. */
    private static List<SyncRequest.Pair> pairs(Rvg rvg) throws VolrepException {
        List<SyncRequest.Pair> out = new ArrayList<>();
        for (String name : rvg.record().dataVolumes()) {
            Volume v = rvg.diskGroup().requireVolume(name);
            out.add(new SyncRequest.Pair(name, v.device(), v.record().size(), name));
        }
        return out;
    }

    /**
     * Ends the bracketing checkpoint when a copy succeeded (startrep -c replays from its start), or
     * deletes it when every copy failed, so that the same command can run again. Returns the error when
     * the checkpoint overflowed during the copy (then it cannot start a Secondary).
     */
    private static Optional<VolrepException> endCheckpoint(Invocation inv, DiskGroup dg, Rvg rvg, String name, boolean anyDone) {
        dg.lock().lock();
        try {
            if (anyDone) {
                rvg.checkend(false);
                inv.out("VxVM VVR vradmin INFO checkpoint " + name + " ended on " + rvg.name());
            } else {
                rvg.checkdelete(name, true);
                inv.err("vradmin: checkpoint " + name + " deleted: no copy completed");
            }
            return Optional.empty();
        } catch (VolrepException e) {
            if (e.code() == ErrorCode.CHECKPOINT_OVERFLOWED) {
                return Optional.of(new VolrepException(ErrorCode.CHECKPOINT_OVERFLOWED, "checkpoint " + name + " of RVG "
                        + rvg.name() + " overflowed during the copy (the SRL wrapped over its start): delete it (vxrvg -g "
                        + dg.name() + " -f -c " + name + " checkdelete " + rvg.name() + ") and run syncrvg -c again, with a"
                        + " larger SRL (vradmin resizesrl) or while the application writes less"));
            }
            return Optional.of(e);
        } catch (IOException e) {
            return Optional.of(new VolrepException(ErrorCode.IO_ERROR, "checkpoint " + name + ": " + e.getMessage()));
        } finally {
            dg.lock().unlock();
        }
    }
}
