package io.volrep.engine.command.vradmin;

import java.util.Map;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/** {@code vradmin -g DG [-l] printrvg [RVG...]}: the configuration of each RDS this host is part of. */
public final class VradminPrintrvg extends SimpleVerb {
    private final Engine engine;

    public VradminPrintrvg(Engine engine) {
        super("vradmin", "printrvg", new Syntax("vradmin [-g diskgroup] [-l] printrvg [rvg...]",
                Map.of("-g", true, "-l", false), 0, Syntax.MANY), "show the configuration of RDSs");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException {
        for (Rvg rvg : RvgSelection.select(engine, inv)) {
            DiskGroup dg = rvg.diskGroup();
            inv.out("Replicated Data Set: " + rvg.name());
            inv.out(rvg.isPrimary() ? "Primary:" : "Secondary:");
            inv.out("\tHostName: " + engine.config().host() + "\t<localhost>");
            inv.out("\tRvgName: " + rvg.name());
            inv.out("\tDgName: " + dg.name());
            if (inv.args().flag("-l")) {
                inv.out("\tdatavol_cnt: " + rvg.record().dataVolumes().size());
                inv.out("\tsrl: " + rvg.record().srl());
                inv.out("\tRLinks:");
                inv.out("\tstate: " + rvg.state() + " kernel=" + rvg.state().kernelState());
            }
            inv.out("");
        }
        return 0;
    }
}
