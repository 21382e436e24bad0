package io.volrep.engine.command.vxrlink;

import java.io.IOException;
import java.util.Map;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.command.vradmin.RlinkPause;

/**
 * {@code vxrlink [-g dg] [-r rvg] pause rlink}: pauses replication over an RLINK pair from this end.
 * On the Primary it is a Primary pause ({@code primary_paused}); on the Secondary a Secondary pause,
 * which the Primary's RLINK shows as {@code secondary_paused}. Updates accumulate in the Primary's
 * SRL until {@code vxrlink resume} on the same end. See {@link RlinkPause}.
 */
public final class VxrlinkPause extends SimpleVerb {
    private final Engine engine;

    public VxrlinkPause(Engine engine) {
        super("vxrlink", "pause", new Syntax("vxrlink [-g diskgroup] [-r rvg] pause rlink", Map.of("-g", true, "-r", true), 1, 1),
                "pause an RLINK");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        RlinkTarget t = RlinkTarget.find(engine, inv.args(), inv.args().arg(0));
        t.dg().lock().lock();
        try {
            RlinkPause.checkPause(t.link());
            RlinkPause.pause(engine, t.rvg(), t.link());
            inv.out("VxVM VVR vxrlink INFO RLINK " + t.link().name() + " to " + t.link().remoteHost() + " paused");
            return 0;
        } finally {
            t.dg().lock().unlock();
        }
    }
}
