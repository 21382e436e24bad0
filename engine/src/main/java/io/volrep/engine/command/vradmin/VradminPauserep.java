package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.Map;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/**
 * {@code vradmin -g DG pauserep RVG [SECHOST]} and {@code resumerep}: pause from the Primary stops
 * shipping (writes accumulate in the SRL) and the hosts stop talking; resume ships the backlog.
 * See {@link RlinkPause}.
 */
public final class VradminPauserep extends SimpleVerb {
    private final Engine engine;
    private final boolean pause;

    private VradminPauserep(Engine engine, boolean pause) {
        super("vradmin", pause ? "pauserep" : "resumerep", new Syntax("vradmin -g diskgroup " + (pause ? "pauserep" : "resumerep")
                + " rvg [sechost]", Map.of("-g", true), 1, 2), pause ? "pause replication" : "resume paused replication");
        this.engine = engine;
        this.pause = pause;
    }

    public static VradminPauserep pause(Engine engine) {
        return new VradminPauserep(engine, true);
    }

    public static VradminPauserep resume(Engine engine) {
        return new VradminPauserep(engine, false);
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        dg.lock().lock();
        try {
            Rvg rvg = Rds.primary(engine, dg, inv.args().arg(0));
            var targets = Rds.targets(rvg, inv.args().optionalArg(1));
            for (Rlink l : targets) {
                if (pause) {
                    RlinkPause.checkPause(l);
                } else {
                    RlinkPause.checkResume(rvg, l);
                }
            }
            for (Rlink l : targets) {
                if (pause) {
                    RlinkPause.pause(engine, rvg, l);
                } else {
                    RlinkPause.resume(engine, rvg, l);
                }
                Rds.done(inv, pause ? "Replication paused to" : "Replication resumed to", l);
            }
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }
}
