package io.volrep.engine.command.vxassist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.Volume;
import io.volrep.engine.volume.VolumeRecord;

/**
 * {@code vxassist -g DG remove volume VOL}: forgets a volume and deletes its file if volrep made it.
 * Refused while the volume belongs to an RVG or a client has it open.
 */
public final class VxassistRemove extends SimpleVerb {
    private final Engine engine;

    public VxassistRemove(Engine engine) {
        super("vxassist", "remove", new Syntax("vxassist -g diskgroup remove volume volume", Map.of("-g", true), 2, 2),
                "remove a volume");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        if (!inv.args().arg(0).equals("volume")) {
            throw new VolrepException(ErrorCode.USAGE, "vxassist remove takes the object type 'volume' first, not '"
                    + inv.args().arg(0) + "'");
        }
        dg.lock().lock();
        try {
            Volume v = dg.requireVolume(inv.args().arg(1));
            VolumeChecks.notInRvg(dg, v, "remove it");
            VolumeChecks.notBusy(v, "remove it");
            VolumeRecord removed = dg.removeVolume(v.name());
            if (removed.owned()) {
                Files.deleteIfExists(Path.of(removed.path()));
            }
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }
}
