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
 * {@code vxrlink [-g dg] [-r rvg] resume rlink}: resumes an RLINK pair paused from this end (the
 * Primary ships what accumulated in its SRL). See {@link RlinkPause}.
 */
public final class VxrlinkResume extends SimpleVerb {
    private final Engine engine;

    public VxrlinkResume(Engine engine) {
        super("vxrlink", "resume", new Syntax("vxrlink [-g diskgroup] [-r rvg] resume rlink", Map.of("-g", true, "-r", true), 1, 1),
                "resume a paused RLINK");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        RlinkTarget t = RlinkTarget.find(engine, inv.args(), inv.args().arg(0));
        t.dg().lock().lock();
        try {
            RlinkPause.checkResume(t.rvg(), t.link());
            RlinkPause.resume(engine, t.rvg(), t.link());
            inv.out("VxVM VVR vxrlink INFO RLINK " + t.link().name() + " to " + t.link().remoteHost() + " resumed");
            return 0;
        } finally {
            t.dg().lock().unlock();
        }
    }
}
