package io.volrep.engine.command.vxrlink;

import java.io.IOException;
import java.util.Map;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;

/** {@code vxrlink -g DG [-r RVG] -c CKPT checkdelete RLINK}, on the Primary: forgets an RLINK checkpoint. */
public final class VxrlinkCheckdelete extends SimpleVerb {
    private final Engine engine;

    public VxrlinkCheckdelete(Engine engine) {
        super("vxrlink", "checkdelete", new Syntax("vxrlink -g diskgroup [-r rvg] -c checkpoint checkdelete rlink",
                Map.of("-g", true, "-r", true, "-c", true), 1, 1), "delete an RLINK (Secondary) checkpoint, on the Primary");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        String ckpt = inv.args().option("-c").orElseThrow(() -> new VolrepException(ErrorCode.USAGE,
                "name the RLINK checkpoint to delete with -c CKPT"));
        RlinkLookup r = RlinkLookup.of(engine, inv, inv.args().arg(0));
        r.dg().lock().lock();
        try {
            engine.sync().secondaryCheckpoints().delete(r.rvg(), r.link(), ckpt);
        } finally {
            r.dg().lock().unlock();
        }
        return 0;
    }
}
