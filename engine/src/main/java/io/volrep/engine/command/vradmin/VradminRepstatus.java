package io.volrep.engine.command.vradmin;

import java.util.List;
import java.util.Map;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.role.ConfigErrors;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.sync.SyncService;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.Sizes;

/**
 * {@code vradmin -g DG [-l] repstatus RVG}: the consolidated status of an RDS as the Primary sees it
 * (spec/vvr-features.md §8.2): the Primary block, then per Secondary its data status, replication
 * status, current mode, what it is logging to and how far behind it is.
 */
public final class VradminRepstatus extends SimpleVerb {
    private static final String ROW = "  %-28s%s";
    private final Engine engine;

    public VradminRepstatus(Engine engine) {
        super("vradmin", "repstatus", new Syntax("vradmin -g diskgroup [-l] repstatus rvg", Map.of("-g", true, "-l", false), 1, 1),
                "show the replication status of an RDS");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        List<String> errors = ConfigErrors.of(engine.config().host(), engine.rvgs().require(dg, inv.args().arg(0)));
        if (!errors.isEmpty() && !engine.rvgs().require(dg, inv.args().arg(0)).isPrimary()) {
            inv.out("Replicated Data Set: " + inv.args().arg(0));
            configErrors(inv, errors);
            return 0;
        }
        Rvg rvg = Rds.primary(engine, dg, inv.args().arg(0));
        boolean longForm = inv.args().flag("-l");
        inv.out("Replicated Data Set: " + rvg.name());
        inv.out("Primary:");
        row(inv, "Host name:", engine.config().host());
        row(inv, "RVG name:", rvg.name());
        row(inv, "DG name:", dg.name());
        row(inv, "RVG state:", rvg.started() ? "enabled for I/O" : "disabled for I/O (" + rvg.state() + ")");
        row(inv, "Data volumes:", Integer.toString(rvg.record().dataVolumes().size()));
        row(inv, "VSets:", "0");
        row(inv, "SRL name:", rvg.record().srl());
        row(inv, "SRL size:", Sizes.human(dg.volume(rvg.record().srl()).map(v -> v.record().size()).orElse(0L)));
        row(inv, "Total secondaries:", Integer.toString(rvg.rlinks().size()));
        long durable = rvg.writePath().map(wp -> wp.srl().durableLsn()).orElse(0L);
        long capacity = rvg.writePath().map(wp -> wp.capacity()).orElse(1L);
        for (Rlink l : rvg.rlinks()) {
            inv.out("");
            inv.out("Secondary:");
            row(inv, "Host name:", l.remoteHost());
            row(inv, "RVG name:", l.record().remoteRvg());
            row(inv, "DG name:", l.record().remoteDg());
            if (longForm) {
                row(inv, "Rlink from Primary:", l.name());
                row(inv, "Rlink to Primary:", l.record().remoteRlink());
                row(inv, "Configured mode:", l.attributes().synchronous().equals("off") ? "asynchronous" : "synchronous");
                row(inv, "Latency protection:", l.attributes().latencyprot());
                row(inv, "SRL protection:", l.attributes().srlprot());
            }
            long behind = Math.max(0, durable - l.ackedLsn());
            boolean upToDate = l.state() != RlinkState.STALE && behind == 0;
            row(inv, "Data status:", (l.consistent() ? "consistent" : "inconsistent")
                    + (l.state() == RlinkState.STALE ? ", stale" : upToDate ? ", up-to-date" : l.consistent() ? ", behind" : ""));
            row(inv, "Replication status:", replicationStatus(l));
            row(inv, "Current mode:", l.currentMode());
            boolean syncing = l.dcmMode() || l.record().has(Rlink.AUTOSYNC);
            row(inv, "Logging to:", l.state() == RlinkState.STALE ? "none"
                    : l.dcmMode() ? String.format("DCM (contains %d Kbytes)%s", rvg.dcmBytes(l) / 1024,
                            l.record().has(Rlink.AUTOSYNC) ? " (autosync)" : l.dcmCopying() ? " (resync)" : "")
                    : behind == 0 ? "SRL" : String.format("SRL (%d Kbytes behind, %d %% full)", behind / 1024, behind * 100 / capacity));
            row(inv, "Timestamp Information:", l.state() == RlinkState.STALE || syncing ? "N/A" : behindBy(l, upToDate));
            row(inv, "Bandwidth Limit:", l.attributes().bandwidthBitsPerSecond() == 0 ? "N/A" : l.attributes().bandwidthText());
            engine.sync().job(SyncService.rvgKey(dg.name(), rvg.name(), l.remoteHost()))
                    .ifPresent(j -> row(inv, "Synchronization:", j.statusLine()));
        }
        if (!errors.isEmpty()) {
            inv.out("");
            configErrors(inv, errors);
        }
        return 0;
    }

    private static void configErrors(Invocation inv, List<String> errors) {
        inv.out("Config Errors:");
        errors.forEach(e -> inv.out("  " + e));
    }

    static String replicationStatus(Rlink l) {
        if (l.state() == RlinkState.ACTIVE && l.record().has(Rlink.AUTOSYNC)) {
            return "resync in progress (autosync)";
        }
        if (l.state() == RlinkState.ACTIVE && l.dcmCopying()) {
            return "resync in progress (dcm resynchronization)";
        }
        if (l.state() == RlinkState.ACTIVE && l.dcmMode() && l.record().has(Rlink.FAILBACK_LOGGING)) {
            return "needs failback synchronization";
        }
        if (l.state() == RlinkState.ACTIVE && l.dcmMode()) {
            return "logging to DCM (needs dcm resynchronization)";
        }
        return switch (l.state()) {
            case STALE -> "stopped";
            case FAIL -> "paused due to error";
            case PAUSE -> l.record().has(Rlink.SECONDARY_PAUSED) ? "paused by user (on the Secondary)" : "paused by user";
            case ACTIVE -> l.connected() ? "replicating (connected)" : "paused due to network disconnection";
        };
    }

    private static String behindBy(Rlink l, boolean upToDate) {
        if (!upToDate && l.ackedTimestamp() == 0) {
            return "N/A";
        }
        long ms = upToDate ? 0 : Math.max(0, System.currentTimeMillis() - l.ackedTimestamp());
        long s = ms / 1000;
        return String.format("behind by %dh %dm %ds", s / 3600, s / 60 % 60, s % 60);
    }

    private static void row(Invocation inv, String label, String value) {
        inv.out(String.format(ROW, label, value));
    }
}
