package io.volrep.engine.command.vxdg;

import java.io.IOException;
import java.util.Map;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;

/** {@code vxdg init DG}: creates an empty disk group. */
public final class VxdgInit extends SimpleVerb {
    private final Engine engine;

    public VxdgInit(Engine engine) {
        super("vxdg", "init", new Syntax("vxdg init diskgroup", Map.of(), 1, 1), "create a disk group");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        engine.diskGroups().init(inv.args().arg(0));
        return 0;
    }
}
