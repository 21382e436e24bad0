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
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/**
 * {@code vradmin -g DG [-f] [-s] stoprep RVG [SECHOST]}: detaches RLINKs (state STALE). The
 * Secondary keeps a consistent but stale image; starting again needs a synchronization. Asks for
 * confirmation unless -s.
 */
public final class VradminStoprep extends SimpleVerb {
    private final Engine engine;

    public VradminStoprep(Engine engine) {
        super("vradmin", "stoprep", new Syntax("vradmin -g diskgroup [-f] [-s] stoprep rvg [sechost]",
                Map.of("-g", true, "-f", false, "-s", false), 1, 2), "stop replication to Secondaries");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        dg.lock().lock();
        try {
            Rvg rvg = Rds.primary(engine, dg, inv.args().arg(0));
            List<Rlink> targets = Rds.targets(rvg, inv.args().optionalArg(1)).stream()
                    .filter(l -> l.state() != RlinkState.STALE).toList();
            if (targets.isEmpty()) {
                throw new VolrepException(ErrorCode.WRONG_STATE, "replication of RVG " + rvg.name()
                        + (inv.args().optionalArg(1).map(h -> " to " + h).orElse("")) + " is already stopped");
            }
            String hosts = String.join(", ", targets.stream().map(Rlink::remoteHost).toList());
            if (!inv.confirm("Stopping replication to " + hosts + " detaches the RLINK(s); restarting needs a full or "
                    + "checkpoint synchronization. Continue?")) {
                throw new VolrepException(ErrorCode.NOT_CONFIRMED, "not confirmed: replication to " + hosts + " is unchanged");
            }
            for (Rlink l : targets) {
                try {
                    Rds.mirror(engine, l, Map.of("state", RlinkState.STALE.name()));
                } catch (IOException | VolrepException e) {
                    if (!inv.args().flag("-f")) {
                        throw e;
                    }
                    inv.err("vradmin: warning: " + l.remoteHost() + " was not told (" + e.getMessage() + ")");
                }
                l.moveTo(RlinkState.STALE);
                rvg.rlinkChanged(l);
                Rds.done(inv, "Replication stopped to", l);
            }
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }
}
