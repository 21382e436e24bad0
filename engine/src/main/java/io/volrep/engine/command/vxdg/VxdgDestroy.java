package io.volrep.engine.command.vxdg;

import java.io.IOException;
import java.util.Map;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;

/** {@code vxdg destroy DG}: removes an empty disk group; refused while it holds volumes or RVGs. */
public final class VxdgDestroy extends SimpleVerb {
    private final Engine engine;

    public VxdgDestroy(Engine engine) {
        super("vxdg", "destroy", new Syntax("vxdg destroy diskgroup", Map.of(), 1, 1), "remove an empty disk group");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        engine.diskGroups().destroy(engine.diskGroups().require(inv.args().arg(0)));
        return 0;
    }
}
