package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.Map;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.RvgRecord;

/**
 * {@code vradmin -g DG [-nodcm] createpri RVG VOL[,VOL...] SRL}: makes a Primary RVG of existing
 * volumes and an SRL, adds a DCM to every data volume unless -nodcm, formats the SRL and starts
 * the RVG. Every check runs before anything changes.
 */
public final class VradminCreatepri extends SimpleVerb {
    private final Engine engine;

    public VradminCreatepri(Engine engine) {
        super("vradmin", "createpri", new Syntax("vradmin -g diskgroup [-nodcm] createpri rvg volume[,volume...] srl",
                Map.of("-g", true, "-nodcm", false), 3, 3), "create the Primary RVG of a new RDS");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        String rvgId = RvgCreation.newId();
        try (RvgCreation creation = RvgCreation.claim(engine, dg, inv.args().arg(0),
                RvgCreation.splitVolumes(inv.args().arg(1)), inv.args().arg(2))) {
            creation.formatSrl(rvgId, line -> inv.out("vradmin: " + line));
            dg.lock().lock();
            try {
                creation.create(RvgRecord.PRIMARY, rvgId, inv.args().flag("-nodcm") ? 0 : engine.config().dcmRegionSize());
                return 0;
            } finally {
                dg.lock().unlock();
            }
        }
    }
}
