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
import io.volrep.engine.rvg.RlinkAttributes;
import io.volrep.engine.sync.SyncJob;
import io.volrep.engine.sync.SyncMode;
import io.volrep.engine.sync.SyncRequest;
import io.volrep.engine.sync.SyncService;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.Volume;
import io.volrep.engine.volume.VolumeRecord;

/**
 * {@code vradmin -g DG [-full | -verify] [-s] syncvol VOL[,VOL...] HOST[:DG[:VOL[,VOL...]]]...
 * [bandwidth_limit=VALUE]}: the synchronization engine of syncrvg for volumes that are not (yet) in an RVG,
 * or that belong to a detached Secondary: each host's volumes (same names and disk group unless given)
 * are made equal to this host's, sending only the differing blocks (default), every block ({@code -full})
 * or nothing ({@code -verify}, which lists the differing ranges). Asks for confirmation before writing
 * unless {@code -s}.
 */
public final class VradminSyncvol extends SimpleVerb {
    private final Engine engine;

    public VradminSyncvol(Engine engine) {
        super("vradmin", "syncvol", new Syntax("vradmin -g diskgroup [-full | -verify] [-s] syncvol volumelist "
                + "host[:dg[:volumelist]]... [bandwidth_limit=value]",
                Map.of("-g", true, "-full", false, "-verify", false, "-s", false), 2, Syntax.MANY),
                "synchronize volumes on other hosts with this host's (difference-based, -full, or -verify)");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        if (inv.args().flag("-verify") && inv.args().flag("-full")) {
            throw new VolrepException(ErrorCode.USAGE, "-verify only compares: it does not take -full");
        }
        SyncMode mode = inv.args().flag("-verify") ? SyncMode.VERIFY : inv.args().flag("-full") ? SyncMode.FULL : SyncMode.DIFF;
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        List<String> names = RvgCreation.splitVolumes(inv.args().arg(0));
        List<Volume> sources = sources(dg, names);
        List<String> rest = inv.args().positionals().subList(1, inv.args().positionals().size());
        long bandwidth = bandwidth(rest.stream().filter(a -> a.contains("=")).toList());
        List<SyncWatch.Planned> plan = new ArrayList<>();
        for (String target : rest.stream().filter(a -> !a.contains("=")).toList()) {
            plan.add(planned(inv, mode, dg, sources, target, bandwidth));
        }
        if (plan.isEmpty()) {
            throw new VolrepException(ErrorCode.USAGE, "name at least one target: HOST[:DG[:VOLUMES]]");
        }
        if (mode.writes() && !inv.confirm("The volumes " + String.join(",", names) + " on "
                + String.join(", ", plan.stream().map(p -> p.request().host()).toList()) + " will be overwritten. Continue?")) {
            throw new VolrepException(ErrorCode.NOT_CONFIRMED, "not confirmed: nothing was copied");
        }
        SyncWatch watch = new SyncWatch(engine, inv);
        watch.start(plan);
        watch.await();
        Optional<VolrepException> error = watch.report(failed -> "vradmin -g " + dg.name() + (mode == SyncMode.FULL ? " -full" : "")
                + " -s syncvol " + inv.args().arg(0) + " " + String.join(" ", rest.stream().filter(a -> failed.stream()
                .anyMatch(h -> a.equals(h) || a.startsWith(h + ":")) || a.contains("=")).toList()));
        if (error.isPresent()) {
            throw error.get();
        }
        return 0;
    }

    private static List<Volume> sources(DiskGroup dg, List<String> names) throws VolrepException {
        List<Volume> out = new ArrayList<>();
        for (String n : names) {
            Volume v = dg.requireVolume(n);
            v.checkUnclaimed(null, "synchronize it");
            if (v.record().use() == VolumeRecord.Use.SRL) {
                throw new VolrepException(ErrorCode.VOLUME_IN_RVG, "volume " + n + " is the SRL of RVG "
                        + v.record().rvg().orElse("?") + ": syncvol copies data volumes only");
            }
            out.add(v);
        }
        return out;
    }

    private static long bandwidth(List<String> attributes) throws VolrepException {
        long bits = 0;
        for (String a : attributes) {
            if (!a.startsWith("bandwidth_limit=")) {
                throw new VolrepException(ErrorCode.BAD_ATTRIBUTE, "syncvol takes one attribute, bandwidth_limit=VALUE"
                        + " (for example 30mbps, or none), not " + a);
            }
            bits = RlinkAttributes.DEFAULTS.with(List.of(a)).bandwidthBitsPerSecond();
        }
        return bits / 8;
    }

    /** One job for a target {@code HOST[:DG[:VOLUMES]]}. */
    private SyncWatch.Planned planned(Invocation inv, SyncMode mode, DiskGroup dg, List<Volume> sources, String target,
                                      long bandwidth) throws VolrepException {
        String[] parts = target.split(":", -1);
        String host = parts[0];
        String targetDg = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : dg.name();
        List<String> targetVols = parts.length > 2 ? RvgCreation.splitVolumes(parts[2])
                : sources.stream().map(Volume::name).toList();
        if (parts.length > 3 || host.isEmpty() || targetVols.size() != sources.size()) {
            throw new VolrepException(ErrorCode.USAGE, "target '" + target + "' is not HOST[:DG[:VOLUMES]] naming "
                    + sources.size() + " volume(s)");
        }
        if (host.equals(engine.config().host())) {
            throw new VolrepException(ErrorCode.USAGE, "target host " + host + " is this host: syncvol copies to other hosts");
        }
        List<SyncRequest.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Volume v = sources.get(i);
            pairs.add(new SyncRequest.Pair(v.name(), v.device(), v.record().size(), targetVols.get(i)));
        }
        String key = SyncService.volumeKey(dg.name(), sources.stream().map(Volume::name).toList(), host);
        if (engine.sync().job(key).filter(SyncJob::running).isPresent()) {
            throw new VolrepException(ErrorCode.SYNC_IN_PROGRESS, "a syncvol of these volumes to " + host + " is already running");
        }
        SyncRequest req = new SyncRequest(mode, host, targetDg, "", pairs, engine.sync().blockSize(),
                engine.sync().chunkBlocks(), engine.sync().digest(), bandwidth);
        String what = "syncvol" + (mode == SyncMode.DIFF ? "" : " -" + mode.word()) + " " + inv.args().arg(0) + " to " + target;
        return new SyncWatch.Planned(key, what, "vradmin -g " + dg.name() + " -s syncvol " + inv.args().arg(0) + " " + target, req);
    }
}
