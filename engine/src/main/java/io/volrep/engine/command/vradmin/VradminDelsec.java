package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.command.remote.RemoteOps;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/**
 * {@code vradmin -g DG delsec RVG [SECHOST]}: removes a Secondary from the RDS: the RLINK pair and
 * the Secondary RVG; its volumes stay. Replication to it must be stopped first.
 */
public final class VradminDelsec extends SimpleVerb {
    private final Engine engine;

    public VradminDelsec(Engine engine) {
        super("vradmin", "delsec", new Syntax("vradmin -g diskgroup delsec rvg [sechost]", Map.of("-g", true), 1, 2),
                "remove a Secondary from an RDS");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        dg.lock().lock();
        try {
            Rvg rvg = Rds.primary(engine, dg, inv.args().arg(0));
            List<Rlink> targets = Rds.targets(rvg, inv.args().optionalArg(1));
            if (targets.size() > 1) {
                throw new VolrepException(ErrorCode.USAGE, "RVG " + rvg.name() + " has several Secondaries: name the one to remove");
            }
            Rlink l = targets.get(0);
            if (l.state() != RlinkState.STALE) {
                throw new VolrepException(ErrorCode.WRONG_STATE, "replication to " + l.remoteHost() + " is " + l.state()
                        + ": stop it first with vradmin -g " + dg.name() + " stoprep " + rvg.name() + " " + l.remoteHost());
            }
            engine.requirePeers().call(l.remoteHost(), RemoteOps.DELETE_SECONDARY,
                    Map.of("dg", l.record().remoteDg(), "rvg", l.record().remoteRvg()));
            rvg.removeRlink(l.name());
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }
}
