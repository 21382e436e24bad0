package io.volrep.engine.command.vxrlink;

import java.io.IOException;
import java.util.Map;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;

/**
 * {@code vxrlink -g DG [-r RVG] -c CKPT restore RLINK}, on a Secondary whose RLINK is FAIL after
 * {@code vxrlink -w pause} and whose volumes were restored from the backup taken at RLINK checkpoint
 * CKPT: the Primary resends from the checkpoint and both RLINKs are ACTIVE again, without a full
 * resynchronization ({@link io.volrep.engine.sync.SecondaryCheckpoints#restore}).
 */
public final class VxrlinkRestore extends SimpleVerb {
    private final Engine engine;

    public VxrlinkRestore(Engine engine) {
        super("vxrlink", "restore", new Syntax("vxrlink -g diskgroup [-r rvg] -c checkpoint restore rlink",
                Map.of("-g", true, "-r", true, "-c", true), 1, 1),
                "attach a Secondary restored from its own backup at an RLINK checkpoint");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        String ckpt = inv.args().option("-c").orElseThrow(() -> new VolrepException(io.volrep.engine.api.ErrorCode.USAGE,
                "name the RLINK checkpoint the backup was taken at with -c CKPT"));
        RlinkLookup r = RlinkLookup.of(engine, inv, inv.args().arg(0));
        engine.sync().secondaryCheckpoints().restore(r.rvg(), r.link(), ckpt);
        inv.out("VxVM VVR vxrlink INFO RLINK " + r.link().name() + " restored at checkpoint " + ckpt
                + "; the Primary resends the updates made since");
        return 0;
    }
}
