package io.volrep.engine.command.vxprint;

import java.util.ArrayList;
import java.util.List;

import io.volrep.engine.command.Engine;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.WritePath;
import io.volrep.engine.volume.DcmBitmap;
import io.volrep.engine.volume.Sizes;
import io.volrep.engine.volume.Volume;
import io.volrep.engine.volume.VolumeRecord;

/** Renders {@link PrintRecord}s in vxprint's default, -t and -l layouts. Lengths are in sectors. */
final class RecordRenderer {
    private static final String PLAIN = "%-2s %-16s %-12s %-8s %-10s %-6s %-8s %-6s %s";
    private final Engine engine;
    private final boolean table;

    RecordRenderer(Engine engine, boolean table) {
        this.engine = engine;
        this.table = table;
    }

    List<String> header() {
        if (!table) {
            return List.of(String.format(PLAIN, "TY", "NAME", "ASSOC", "KSTATE", "LENGTH", "PLOFFS", "STATE", "TUTIL0", "PUTIL0"));
        }
        return List.of(
                "DG NAME             NCONFIG      NLOG     MINORS   GROUP-ID",
                "RV NAME             RLINK_CNT    KSTATE   STATE    PRIMARY  DATAVOLS  SRL",
                "RL NAME             RVG          KSTATE   STATE    REM_HOST REM_DG    REM_RLNK",
                "V  NAME             RVG/VSET/CO  KSTATE   STATE    LENGTH     READPOL   PREFPLEX UTYPE",
                "DC NAME             PARENTVOL    LOGVOL");
    }

    String line(PrintRecord r) {
        return table ? tableLine(r) : plainLine(r);
    }

    private String plainLine(PrintRecord r) {
        String ty = r.type().name().toLowerCase();
        return switch (r.type()) {
            case DG -> String.format(PLAIN, ty, r.name(), r.name(), "-", "-", "-", "-", "-", "-");
            case RV -> String.format(PLAIN, ty, r.name(), "-", kstate(r.rvg().get()), "-", "-", r.rvg().get().state(), "-", "-");
            case V -> String.format(PLAIN, ty, r.name(), r.volume().get().record().rvg().orElse("fsgen"), "ENABLED",
                    Sizes.sectors(r.volume().get().record().size()), "-", "ACTIVE", "-", "-");
            case DC -> String.format(PLAIN, ty, r.name(), r.volume().get().name(), "ENABLED", dcmSectors(r.volume().get()),
                    "-", "ACTIVE", "-", "-");
            case RL -> String.format(PLAIN, ty, r.name(), r.rvg().map(Rvg::name).orElse("-"), rlinkKstate(r.rlink().get()),
                    "-", "-", r.rlink().get().state(), "-", "-");
        };
    }

    private String tableLine(PrintRecord r) {
        return switch (r.type()) {
            case DG -> String.format("dg %-16s %-12s %-8s %-8s %s", r.name(), "default", "default", "0", r.dg().config().id());
            case RV -> {
                Rvg rvg = r.rvg().get();
                yield String.format("rv %-16s %-12d %-8s %-8s %-8s %-9d %s", r.name(), rvg.rlinks().size(), kstate(rvg), rvg.state(),
                        rvg.isPrimary() ? "true" : "false", rvg.record().dataVolumes().size(), rvg.record().srl());
            }
            case V -> {
                VolumeRecord v = r.volume().get().record();
                yield String.format("v  %-16s %-12s %-8s %-8s %-10d %-9s %-8s %s", r.name(), v.rvg().orElse("-"), "ENABLED",
                        "ACTIVE", Sizes.sectors(v.size()), "SELECT", "-", v.use() == VolumeRecord.Use.SRL ? "SRL" : "fsgen");
            }
            case DC -> String.format("dc %-16s %-12s %s", r.name(), r.volume().get().name(), r.name());
            case RL -> {
                Rlink l = r.rlink().get();
                yield String.format("rl %-16s %-12s %-8s %-8s %-8s %-9s %s", r.name(), r.rvg().map(Rvg::name).orElse("-"),
                        rlinkKstate(l), l.state(), l.remoteHost(), l.record().remoteDg(), l.record().remoteRlink());
            }
        };
    }

    List<String> longForm(PrintRecord r) {
        List<String> out = new ArrayList<>();
        switch (r.type()) {
            case DG -> {
                out.add("Group:    " + r.name());
                out.add("info:     dgid=" + r.dg().config().id());
                out.add("volumes:  " + r.dg().config().volumes().size() + "  rvgs: " + r.dg().config().rvgs().size());
            }
            case RV -> rvgLong(r.rvg().get(), out);
            case V -> volumeLong(r.dg().name(), r.volume().get(), out);
            case DC -> {
                DcmBitmap d = r.volume().get().dcm().get();
                out.add("Dcm:      " + r.name());
                out.add("info:     len=" + dcmSectors(r.volume().get()) + " region_size=" + d.regionSize()
                        + " regions=" + d.regions());
                out.add("assoc:    vol=" + r.volume().get().name());
                out.add("dirty:    regions=" + d.dirtyRegions() + " bytes=" + d.dirtyBytes());
            }
            case RL -> rlinkLong(r.rlink().get(), r.rvg().get(), out);
        }
        return out;
    }

    private void rvgLong(Rvg rvg, List<String> out) {
        out.add("Rvg:      " + rvg.name());
        out.add("info:     rid=" + rvg.record().id());
        out.add("state:    state=" + rvg.state() + " kernel=" + kstate(rvg));
        out.add("assoc:    datavols=" + String.join(",", rvg.record().dataVolumes()));
        out.add("          srl=" + rvg.record().srl());
        out.add("          rlinks=" + String.join(",", rvg.rlinks().stream().map(Rlink::name).toList()));
        boolean open = rvg.record().dataVolumes().stream()
                .anyMatch(v -> rvg.diskGroup().volume(v).map(Volume::openers).orElse(0) > 0);
        boolean failback = rvg.rlinks().stream().anyMatch(l -> l.record().has(Rlink.FAILBACK_LOGGING));
        out.add("flags:    " + (open ? "open" : "closed") + " " + rvg.record().role() + " " + (rvg.started() ? "enabled" : "disabled")
                + (rvg.isPrimary() && rvg.dcmLogging() ? " dcm_logging" : "") + (failback ? " failback_logging" : ""));
        rvg.record().transfer().ifPresent(t -> out.add("transfer: " + t.kind() + " step=" + t.step() + " peer=" + t.peer()
                + (t.options().isEmpty() ? "" : " " + String.join(",", t.options()))));
        rvg.writePath().ifPresent(wp -> out.add(srlLine(wp)));
        rvg.lastCheckpoint().ifPresent(c -> out.add("checkpoint: " + c.name() + " state=" + c.state().name().toLowerCase()
                + " start_lsn=" + c.startLsn() + " end_lsn=" + (c.ended() ? Long.toString(c.endLsn()) : "-")));
        if (!rvg.failure().isEmpty()) {
            out.add("failure:  " + rvg.failure());
        }
    }

    private static String srlLine(WritePath wp) {
        long used = wp.usedBytes();
        long cap = wp.capacity();
        return String.format("srl:      used=%s of %s (%d%%) next_lsn=%d applied_lsn=%d epoch=%d", Sizes.human(used),
                Sizes.human(cap), cap == 0 ? 0 : used * 100 / cap, wp.nextLsn(), wp.appliedLsn(), wp.epoch());
    }

    private void volumeLong(String dg, Volume v, List<String> out) {
        VolumeRecord rec = v.record();
        out.add("Volume:   " + rec.name());
        out.add("info:     len=" + Sizes.sectors(rec.size()) + " (" + Sizes.human(rec.size()) + ")");
        out.add("type:     usetype=" + (rec.use() == VolumeRecord.Use.SRL ? "SRL" : "fsgen"));
        out.add("state:    state=ACTIVE kernel=ENABLED");
        out.add("assoc:    rvg=" + rec.rvg().orElse("-"));
        out.add("path:     " + rec.path() + (rec.owned() ? " (created by volrep)" : ""));
        out.add("open:     " + v.openers() + " NBD client(s)");
        out.add("nbd:      nbd+unix:///" + dg + "/" + rec.name() + "?socket=" + engine.config().nbdSocket());
        v.dcm().ifPresent(d -> out.add("dcm:      " + rec.name() + "_dcm regions=" + d.regions() + " region_size="
                + d.regionSize() + " dirty=" + d.dirtyRegions()));
    }

    private void rlinkLong(Rlink l, Rvg rvg, List<String> out) {
        var a = l.attributes();
        out.add("Rlink:    " + l.name());
        out.add("info:     timeout=500 packet_size=" + a.packetSize() + " latency_high_mark=" + a.latencyHighMark()
                + " latency_low_mark=" + a.latencyLowMark() + " bandwidth_limit=" + (a.bandwidthBitsPerSecond() == 0 ? "none"
                : a.bandwidthText().replace(" ", "")));
        out.add("state:    state=" + l.state() + " synchronous=" + a.synchronous() + " latencyprot=" + a.latencyprot()
                + " srlprot=" + a.srlprot());
        out.add("assoc:    rvg=" + rvg.name());
        out.add("remote_host=" + l.remoteHost() + " remote_dg=" + l.record().remoteDg() + " remote_rlink=" + l.record().remoteRlink());
        out.add("local_host=" + engine.config().host());
        out.add("protocol: TCP compression=" + (a.compression() ? "on" : "off"));
        out.add("checkpoint: " + (l.record().checkpoint().isEmpty() ? "" : l.record().checkpoint()));
        out.add("flags:    " + String.join(" ", l.flags()));
        if (rvg.isPrimary()) {
            out.add("progress: sent_lsn=" + l.sentLsn() + " acked_lsn=" + l.ackedLsn());
        }
        if (!l.lastError().isEmpty()) {
            out.add("error:    " + l.lastError());
        }
    }

    /** The kernel state column of an RLINK: CONNECT when connected, DETACHED when stale. */
    private static String rlinkKstate(Rlink l) {
        return switch (l.state()) {
            case STALE -> "DETACHED";
            case ACTIVE, PAUSE -> l.connected() ? "CONNECT" : "ENABLED";
            case FAIL -> "ENABLED";
        };
    }

    private static String kstate(Rvg rvg) {
        return rvg.started() ? "ENABLED" : "DISABLED";
    }

    private static long dcmSectors(Volume v) {
        return v.dcm().map(d -> Math.max(1, (d.regions() + 7) / 8 / Sizes.SECTOR + 1)).orElse(0L);
    }
}
