package io.volrep.engine.command.vxrvg;

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
 * {@code vxrvg [-f] -g DG stop RVG}: drains the SRL onto the data volumes and disables the RVG.
 * Refused while applications have its data volumes open, unless -f (their writes then fail).
 */
public final class VxrvgStop extends SimpleVerb {
    private final Engine engine;

    public VxrvgStop(Engine engine) {
        super("vxrvg", "stop", new Syntax("vxrvg [-f] -g diskgroup stop rvg", Map.of("-g", true, "-f", false), 1, 1),
                "disable an RVG");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        dg.lock().lock();
        try {
            Rvg rvg = engine.rvgs().require(dg, inv.args().arg(0));
            if (!rvg.started()) {
                throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " is not started (state " + rvg.state() + ")");
            }
            if (!inv.args().flag("-f")) {
                rvg.checkClosed("stop the application first, or use -f");
            }
            rvg.stop();
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }
}
