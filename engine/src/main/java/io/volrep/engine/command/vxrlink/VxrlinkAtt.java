package io.volrep.engine.command.vxrlink;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.command.vradmin.RlinkAttach;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.WritePath;

/**
 * {@code vxrlink [-a | -f] [-g dg] [-r rvg] att rlink...}: attaches detached (STALE) RLINKs of a Primary
 * RVG, as {@code vradmin startrep} does for a host: {@code -a} synchronizes the Secondary automatically
 * from the DCMs (one RLINK at a time), {@code -f} trusts that its volumes already hold the Primary's data.
 * A Secondary's RLINK is attached from the Primary. Every RLINK is checked before any is attached.
 */
public final class VxrlinkAtt extends SimpleVerb {
    private final Engine engine;

    public VxrlinkAtt(Engine engine) {
        super("vxrlink", "att", new Syntax("vxrlink [-a | -f] [-g diskgroup] [-r rvg] att rlink...",
                Map.of("-a", false, "-f", false, "-g", true, "-r", true), 1, Syntax.MANY),
                "attach RLINKs (-a autosync, -f force)");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        boolean auto = inv.args().flag("-a");
        if (auto == inv.args().flag("-f")) {
            throw new VolrepException(ErrorCode.USAGE, "say how the Secondary gets the Primary's data: -a to synchronize it "
                    + "automatically while applications write, or -f when its volumes already hold the same data");
        }
        List<RlinkTarget> targets = RlinkTarget.findAll(engine, inv.args(), inv.args().positionals());
        RlinkTarget first = targets.get(0);
        first.dg().lock().lock();
        try {
            Rvg rvg = first.rvg();
            for (RlinkTarget t : targets) {
                if (!t.rvg().isPrimary()) {
                    throw new VolrepException(ErrorCode.WRONG_STATE, "RLINK " + t.link().name() + " belongs to Secondary RVG "
                            + t.rvg().name() + ": attach the pair from the Primary " + t.link().remoteHost() + " with vxrlink -g "
                            + t.link().record().remoteDg() + (auto ? " -a" : " -f") + " att " + t.link().record().remoteRlink());
                }
                if (t.rvg() != rvg) {
                    throw new VolrepException(ErrorCode.USAGE, "RLINKs " + first.link().name() + " and " + t.link().name()
                            + " belong to different RVGs: attach them with one command each");
                }
            }
            List<Rlink> links = targets.stream().map(RlinkTarget::link).toList();
            WritePath wp = RlinkAttach.started(rvg);
            RlinkAttach.check(engine, rvg, links, auto);
            for (Rlink l : links) {
                if (auto) {
                    RlinkAttach.autosync(engine, rvg, l);
                } else {
                    RlinkAttach.force(engine, rvg, wp, l);
                }
                inv.out("VxVM VVR vxrlink INFO RLINK " + l.name() + " attached" + (auto ? "; autosync to " : "; replicating to ")
                        + l.remoteHost() + " started");
            }
            return 0;
        } finally {
            first.dg().lock().unlock();
        }
    }
}
