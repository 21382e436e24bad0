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
 * {@code vxrvg [-f] -g DG checkend RVG}: marks the end of the started checkpoint in the Primary's SRL
 * after the backup. {@code -f} ends it even when it has overflowed.
 */
public final class VxrvgCheckend extends SimpleVerb {
    private final Engine engine;

    public VxrvgCheckend(Engine engine) {
        super("vxrvg", "checkend", new Syntax("vxrvg [-f] -g diskgroup checkend rvg", Map.of("-g", true, "-f", false), 1, 1),
                "end the started checkpoint of a Primary RVG");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        dg.lock().lock();
        try {
            Rvg rvg = engine.rvgs().require(dg, inv.args().arg(0));
            rvg.checkend(inv.args().flag("-f"));
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }
}
