package io.volrep.engine.command.vradmin;

import java.util.Map;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.Sizes;
import io.volrep.engine.volume.Volume;

/** {@code vradmin -g DG printvol [RVG...]}: the data volumes of each RDS on this host. */
public final class VradminPrintvol extends SimpleVerb {
    private final Engine engine;

    public VradminPrintvol(Engine engine) {
        super("vradmin", "printvol", new Syntax("vradmin [-g diskgroup] printvol [rvg...]", Map.of("-g", true), 0, Syntax.MANY),
                "show the data volumes of RDSs");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException {
        for (Rvg rvg : RvgSelection.select(engine, inv)) {
            inv.out("Replicated Data Set: " + rvg.name());
            inv.out(rvg.isPrimary() ? "Primary:" : "Secondary:");
            inv.out("\tHostName: " + engine.config().host() + "\t<localhost>");
            inv.out("\tRvgName: " + rvg.name());
            inv.out("\tDgName: " + rvg.diskGroup().name());
            inv.out(String.format("%-20s %s", "datavol", "size"));
            for (String v : rvg.record().dataVolumes()) {
                Volume vol = rvg.diskGroup().requireVolume(v);
                inv.out(String.format("%-20s %s", v, Sizes.human(vol.record().size())));
            }
            inv.out("");
        }
        return 0;
    }
}
