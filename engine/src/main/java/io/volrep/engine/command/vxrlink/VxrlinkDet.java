package io.volrep.engine.command.vxrlink;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.command.vradmin.RlinkDetach;

/**
 * {@code vxrlink [-g dg] [-r rvg] det rlink}: detaches an RLINK pair, on the Primary or on the
 * Secondary: both ends go STALE ({@code detached}) and replication stops; starting it again needs a
 * synchronization ({@code vxrlink -a att} or {@code vradmin -a startrep}). See {@link RlinkDetach}.
 */
public final class VxrlinkDet extends SimpleVerb {
    private final Engine engine;

    public VxrlinkDet(Engine engine) {
        super("vxrlink", "det", new Syntax("vxrlink [-g diskgroup] [-r rvg] det rlink", Map.of("-g", true, "-r", true), 1, 1),
                "detach an RLINK (state STALE)");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        RlinkTarget t = RlinkTarget.find(engine, inv.args(), inv.args().arg(0));
        t.dg().lock().lock();
        try {
            RlinkDetach.check(t.link());
            Optional<String> warning = RlinkDetach.detach(engine, t.rvg(), t.link());
            warning.ifPresent(w -> inv.err("vxrlink: warning: " + w));
            inv.out("VxVM VVR vxrlink INFO RLINK " + t.link().name() + " to " + t.link().remoteHost() + " detached (STALE)");
            return 0;
        } finally {
            t.dg().lock().unlock();
        }
    }
}
