package io.volrep.engine.command.vradmin;

import java.util.ArrayList;
import java.util.List;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/** Which RVGs a print command shows: those named, else all in -g DG, else all on the host. */
public final class RvgSelection {
    private RvgSelection() {
    }

    public static List<Rvg> select(Engine engine, Invocation inv) throws VolrepException {
        List<String> names = inv.args().positionals();
        if (inv.args().option("-g").isPresent()) {
            DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
            if (names.isEmpty()) {
                return engine.rvgs().in(dg.name());
            }
            ArrayList<Rvg> out = new ArrayList<>();
            for (String n : names) {
                out.add(engine.rvgs().require(dg, n));
            }
            return out;
        }
        List<Rvg> all = engine.rvgs().all();
        if (names.isEmpty()) {
            return all;
        }
        ArrayList<Rvg> out = new ArrayList<>();
        for (String n : names) {
            List<Rvg> hits = all.stream().filter(r -> r.name().equals(n)).toList();
            if (hits.isEmpty()) {
                throw new VolrepException(ErrorCode.NO_SUCH_RVG, "RVG " + n
                        + " does not exist on this host: vradmin printrvg lists the RVGs");
            }
            if (hits.size() > 1) {
                throw new VolrepException(ErrorCode.USAGE, "RVG " + n
                        + " exists in several disk groups: name one with -g");
            }
            out.addAll(hits);
        }
        return out;
    }
}
