package io.volrep.engine.command.vradmin;

import java.util.List;
import java.util.Map;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.role.ConfigErrors;
import io.volrep.engine.role.LeftBehind;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.RvgRecord;
import io.volrep.engine.volume.TransferRecord;

/**
 * {@code vradmin -g DG [-l] printrvg [RVG...]}: the configuration of each RDS this host is part of;
 * with -l also the RLINKs and the configuration errors (two Primaries after a takeover, a role
 * transfer not finished).
 */
public final class VradminPrintrvg extends SimpleVerb {
    private final Engine engine;

    public VradminPrintrvg(Engine engine) {
        super("vradmin", "printrvg", new Syntax("vradmin [-g diskgroup] [-l] printrvg [rvg...]",
                Map.of("-g", true, "-l", false), 0, Syntax.MANY), "show the configuration of RDSs");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException {
        boolean longForm = inv.args().flag("-l");
        for (Rvg rvg : RvgSelection.select(engine, inv)) {
            DiskGroup dg = rvg.diskGroup();
            inv.out("Replicated Data Set: " + rvg.name());
            if (rvg.isPrimary()) {
                host(inv, "Primary:", engine.config().host() + "\t<localhost>", rvg.name(), dg.name());
                if (longForm) {
                    inv.out("\tdatavol_cnt: " + rvg.record().dataVolumes().size());
                    inv.out("\tsrl: " + rvg.record().srl());
                    inv.out("\tRLinks:");
                    for (Rlink l : rvg.rlinks()) {
                        inv.out("\t    name=" + l.name() + ", detached=" + (l.state() == RlinkState.STALE ? "on" : "off")
                                + ", " + String.join(", ", l.attributes().words()));
                    }
                }
                for (Rlink l : rvg.rlinks()) {
                    host(inv, "Secondary:", l.remoteHost(), l.record().remoteRvg(), l.record().remoteDg());
                    if (longForm) {
                        inv.out("\tRLinks:");
                        inv.out("\t    name=" + l.record().remoteRlink() + ", state=" + l.state());
                    }
                }
            } else {
                boolean acting = RvgRecord.ACTING_SECONDARY.equals(rvg.record().role());
                String takenBy = rvg.record().transfer().map(TransferRecord::peer).orElse("");
                for (Rlink l : rvg.rlinks()) {
                    if (!LeftBehind.is(l) && (!acting || l.remoteHost().equals(takenBy))) {
                        host(inv, "Primary:", l.remoteHost(), l.record().remoteRvg(), l.record().remoteDg());
                    }
                }
                host(inv, acting ? "Secondary (acting):" : "Secondary:", engine.config().host() + "\t<localhost>", rvg.name(), dg.name());
                if (longForm) {
                    inv.out("\tdatavol_cnt: " + rvg.record().dataVolumes().size());
                    inv.out("\tsrl: " + rvg.record().srl());
                    inv.out("\tRLinks:");
                    for (Rlink l : rvg.rlinks()) {
                        inv.out("\t    name=" + l.name() + ", state=" + l.state() + ", " + String.join(" ", l.flags()));
                    }
                }
            }
            List<String> errors = ConfigErrors.of(engine.config().host(), rvg);
            if (longForm && !errors.isEmpty()) {
                inv.out("Config Errors:");
                errors.forEach(e -> inv.out("\t" + e));
            }
            inv.out("");
        }
        return 0;
    }

    private static void host(Invocation inv, String role, String host, String rvg, String dg) {
        inv.out(role);
        inv.out("\tHostName: " + host);
        inv.out("\tRvgName: " + rvg);
        inv.out("\tDgName: " + dg);
    }
}
