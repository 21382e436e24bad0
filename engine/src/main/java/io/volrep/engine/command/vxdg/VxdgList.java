package io.volrep.engine.command.vxdg;

import java.util.Map;

import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.volume.DiskGroup;

/** {@code vxdg list}: the disk groups of this host, with offline ones and why. */
public final class VxdgList extends SimpleVerb {
    private final Engine engine;

    public VxdgList(Engine engine) {
        super("vxdg", "list", new Syntax("vxdg list", Map.of(), 0, 0), "list the disk groups");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) {
        inv.out(String.format("%-16s %-10s %s", "NAME", "STATE", "ID"));
        for (DiskGroup dg : engine.diskGroups().all()) {
            inv.out(String.format("%-16s %-10s %s", dg.name(), "enabled", dg.config().id()));
        }
        engine.diskGroups().offline().forEach((name, why) -> inv.out(String.format("%-16s %-10s %s", name, "offline", why)));
        return 0;
    }
}
