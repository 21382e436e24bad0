package io.volrep.engine.command.vxrlink;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Args;
import io.volrep.engine.command.Engine;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/**
 * The RLINK a vxrlink command names, found by the VxVM selection rules: in the disk group of
 * {@code -g}, or else in whichever disk group of this host has an RLINK of that name; in the RVG of
 * {@code -r} when given, else in the RVG it is associated with.
 */
record RlinkTarget(DiskGroup dg, Rvg rvg, Rlink link) {

    static RlinkTarget find(Engine engine, Args args, String name) throws VolrepException {
        Optional<String> dgName = args.option("-g");
        Optional<String> rvgName = args.option("-r");
        List<Rvg> candidates;
        if (dgName.isPresent()) {
            DiskGroup dg = engine.diskGroups().require(dgName.get());
            candidates = rvgName.isPresent() ? List.of(engine.rvgs().require(dg, rvgName.get())) : engine.rvgs().in(dg.name());
        } else {
            candidates = engine.rvgs().all().stream().filter(r -> rvgName.isEmpty() || r.name().equals(rvgName.get())).toList();
        }
        List<RlinkTarget> hits = new ArrayList<>();
        for (Rvg r : candidates) {
            r.rlink(name).ifPresent(l -> hits.add(new RlinkTarget(r.diskGroup(), r, l)));
        }
        if (hits.size() == 1) {
            return hits.get(0);
        }
        if (hits.size() > 1) {
            throw new VolrepException(ErrorCode.USAGE, "RLINK " + name + " exists in several disk groups: name one with -g");
        }
        String where;
        if (dgName.isPresent()) {
            where = rvgName.map(r -> "RVG " + r + " of ").orElse("") + "disk group " + dgName.get();
        } else {
            where = rvgName.map(r -> "RVG " + r + " on this host").orElse("this host");
        }
        throw new VolrepException(ErrorCode.NO_SUCH_RLINK, where + " has no RLINK " + name + ": vxprint"
                + dgName.map(d -> " -g " + d).orElse("") + " -P lists the RLINKs");
    }

    /** Several RLINKs of one command; they must be in one disk group ("one disk group at a time"). */
    static List<RlinkTarget> findAll(Engine engine, Args args, List<String> names) throws VolrepException {
        List<RlinkTarget> out = new ArrayList<>();
        for (String n : names) {
            RlinkTarget t = find(engine, args, n);
            if (!out.isEmpty() && out.get(0).dg() != t.dg()) {
                throw new VolrepException(ErrorCode.USAGE, "RLINKs " + out.get(0).link().name() + " and " + n
                        + " are in different disk groups: one command works on one disk group (name it with -g)");
            }
            if (out.stream().anyMatch(o -> o.link() == t.link())) {
                throw new VolrepException(ErrorCode.USAGE, "RLINK " + n + " is named twice");
            }
            out.add(t);
        }
        return out;
    }

    /** The name of the disk group, for messages that say what to run. */
    String dgName() {
        return dg.name();
    }
}
