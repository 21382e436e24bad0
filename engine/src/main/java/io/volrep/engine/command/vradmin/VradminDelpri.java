package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.Map;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/**
 * {@code vradmin -g DG [-f] delpri RVG}: removes the Primary RVG (the last step of tearing down an
 * RDS). The SRL is drained onto the data volumes first; the volumes stay, without their DCMs.
 * Refused while applications have data volumes open, unless -f.
 */
public final class VradminDelpri extends SimpleVerb {
    private final Engine engine;

    public VradminDelpri(Engine engine) {
        super("vradmin", "delpri", new Syntax("vradmin -g diskgroup [-f] delpri rvg", Map.of("-g", true, "-f", false), 1, 1),
                "remove the Primary RVG");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        dg.lock().lock();
        try {
            Rvg rvg = engine.rvgs().require(dg, inv.args().arg(0));
            if (!rvg.isPrimary()) {
                throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " is a Secondary: remove it with vradmin delsec from the Primary");
            }
            if (!inv.args().flag("-f")) {
                rvg.checkClosed("stop the application, or use -f to remove the RVG anyway");
            }
            if (!rvg.rlinks().isEmpty()) {
                throw new VolrepException(ErrorCode.RVG_HAS_SECONDARIES, "RVG " + rvg.name() + " still has "
                        + rvg.rlinks().size() + " Secondary(ies): remove them first with vradmin -g " + dg.name()
                        + " delsec " + rvg.name() + " HOST");
            }
            RvgCreation.remove(engine, rvg);
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }
}
