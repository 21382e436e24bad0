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

/** {@code vxrvg [-f] -g DG start RVG}: enables the RVG for I/O, recovering its SRL first. */
public final class VxrvgStart extends SimpleVerb {
    private final Engine engine;

    public VxrvgStart(Engine engine) {
        super("vxrvg", "start", new Syntax("vxrvg [-f] -g diskgroup start rvg", Map.of("-g", true, "-f", false), 1, 1),
                "enable an RVG for I/O");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        dg.lock().lock();
        try {
            Rvg rvg = engine.rvgs().require(dg, inv.args().arg(0));
            if (rvg.started()) {
                throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name() + " is already started");
            }
            rvg.start();
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }
}
