package io.volrep.engine.command.vxassist;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.Sizes;

/** {@code vxassist -g DG maxsize}: the largest volume that can be made in the disk group's directory. */
public final class VxassistMaxsize extends SimpleVerb {
    private final Engine engine;

    public VxassistMaxsize(Engine engine) {
        super("vxassist", "maxsize", new Syntax("vxassist -g diskgroup maxsize", Map.of("-g", true), 0, 0),
                "largest volume that fits");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        long free = Files.getFileStore(dg.dir()).getUsableSpace() / Sizes.BLOCK * Sizes.BLOCK;
        inv.out("Maximum volume size: " + Sizes.sectors(free) + " (" + (free >> 20) + "Mb)");
        return 0;
    }
}
