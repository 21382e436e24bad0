package io.volrep.engine.command.vxrvg;

import java.io.IOException;
import java.util.Map;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/**
 * {@code vxrvg [-f] -g DG -c CKPT checkdelete RVG}: deletes a checkpoint of a Primary RVG, started or
 * stopped. A checkpoint that is still started (no checkend yet) is deleted only with {@code -f}.
 */
public final class VxrvgCheckdelete extends SimpleVerb {
    private final Engine engine;

    public VxrvgCheckdelete(Engine engine) {
        super("vxrvg", "checkdelete", new Syntax("vxrvg [-f] -g diskgroup -c checkpoint checkdelete rvg",
                Map.of("-g", true, "-c", true, "-f", false), 1, 1), "delete a checkpoint of a Primary RVG");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        String name = VxrvgCheckstart.checkpointName(inv, "checkdelete");
        dg.lock().lock();
        try {
            Rvg rvg = engine.rvgs().require(dg, inv.args().arg(0));
            rvg.checkdelete(name, inv.args().flag("-f"));
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }
}
