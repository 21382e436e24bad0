package io.volrep.engine.command.vxrlink;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/** The RLINK a vxrlink command names ({@code -g DG [-r RVG] ... RLINK}) and the RVG it belongs to. */
record RlinkLookup(DiskGroup dg, Rvg rvg, Rlink link) {

    static RlinkLookup of(Engine engine, Invocation inv, String name) throws VolrepException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        Optional<String> only = inv.args().option("-r");
        List<RlinkLookup> found = new ArrayList<>();
        for (Rvg rvg : engine.rvgs().in(dg.name())) {
            if (only.isEmpty() || only.get().equals(rvg.name())) {
                rvg.rlink(name).ifPresent(l -> found.add(new RlinkLookup(dg, rvg, l)));
            }
        }
        if (found.isEmpty()) {
            throw new VolrepException(ErrorCode.NO_SUCH_RLINK, "disk group " + dg.name() + " has no RLINK " + name
                    + only.map(r -> " in RVG " + r).orElse("") + ": vxprint -g " + dg.name() + " lists its RLINKs");
        }
        return found.get(0);
    }
}
