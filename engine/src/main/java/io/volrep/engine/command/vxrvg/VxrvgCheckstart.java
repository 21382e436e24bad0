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
 * {@code vxrvg [-f] -g DG -c CKPT checkstart RVG}: marks the start of a checkpoint in the Primary's SRL
 * before a block-level backup; returns once every earlier write is on the data volumes. {@code -f}
 * replaces an existing checkpoint of the same name.
 */
public final class VxrvgCheckstart extends SimpleVerb {
    private final Engine engine;

    public VxrvgCheckstart(Engine engine) {
        super("vxrvg", "checkstart", new Syntax("vxrvg [-f] -g diskgroup -c checkpoint checkstart rvg",
                Map.of("-g", true, "-c", true, "-f", false), 1, 1), "start a checkpoint in the SRL of a Primary RVG");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        String name = checkpointName(inv, "checkstart");
        dg.lock().lock();
        try {
            Rvg rvg = engine.rvgs().require(dg, inv.args().arg(0));
            rvg.checkstart(name, inv.args().flag("-f"));
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }

    /** The -c value, required by checkstart and checkdelete. */
    static String checkpointName(Invocation inv, String verb) throws VolrepException {
        return inv.args().option("-c").orElseThrow(() -> new VolrepException(ErrorCode.USAGE,
                "no checkpoint named: vxrvg " + verb + " needs -c checkpoint"));
    }
}
