package io.volrep.engine.command.vxrlink;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.command.vradmin.RlinkPause;

/**
 * {@code vxrlink [-c checkpoint | -w] [-g dg] [-r rvg] pause rlink}: pauses replication over an RLINK
 * pair from this end. On the Primary it is a Primary pause ({@code primary_paused}); on the Secondary a
 * Secondary pause, which the Primary's RLINK shows as {@code secondary_paused}. Updates accumulate in
 * the Primary's SRL until {@code vxrlink resume} on the same end. See {@link RlinkPause}.
 *
 * <p>On the Secondary only: {@code -c CKPT} also takes an RLINK checkpoint once paused (every update
 * received is applied; the Primary records where the Secondary stands, so a backup taken now can be
 * restored later with {@code vxrlink -c CKPT restore}); {@code -w} puts both ends in FAIL so the
 * Secondary's volumes are writable for that restore. See {@link io.volrep.engine.sync.SecondaryCheckpoints}.
 */
public final class VxrlinkPause extends SimpleVerb {
    private final Engine engine;

    public VxrlinkPause(Engine engine) {
        super("vxrlink", "pause", new Syntax("vxrlink [-c checkpoint | -w] [-g diskgroup] [-r rvg] pause rlink",
                Map.of("-g", true, "-r", true, "-c", true, "-w", false), 1, 1),
                "pause an RLINK; on a Secondary, -c takes an RLINK checkpoint and -w fails the RLINK for a restore");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        RlinkTarget t = RlinkTarget.find(engine, inv.args(), inv.args().arg(0));
        Optional<String> ckpt = inv.args().option("-c");
        boolean forRestore = inv.args().flag("-w");
        if (ckpt.isPresent() && forRestore) {
            throw new VolrepException(ErrorCode.USAGE, "give -c CKPT (pause with a checkpoint) or -w (fail the RLINK for "
                    + "a restore), not both");
        }
        if ((ckpt.isPresent() || forRestore) && t.rvg().isPrimary()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + t.rvg().name() + " is the Primary: "
                    + (forRestore ? "-w" : "-c") + " pause is run on the Secondary, on its RLINK to the Primary");
        }
        if (forRestore) {
            engine.sync().secondaryCheckpoints().failForRestore(t.rvg(), t.link());
            inv.out("VxVM VVR vxrlink INFO RLINK " + t.link().name() + " failed for a restore: the volumes of RVG "
                    + t.rvg().name() + " are writable; restore them, then vxrlink -g " + t.dg().name()
                    + " -c CHECKPOINT restore " + t.link().name());
            return 0;
        }
        t.dg().lock().lock();
        try {
            RlinkPause.checkPause(t.link());
            RlinkPause.pause(engine, t.rvg(), t.link());
        } finally {
            t.dg().lock().unlock();
        }
        inv.out("VxVM VVR vxrlink INFO RLINK " + t.link().name() + " to " + t.link().remoteHost() + " paused");
        if (ckpt.isPresent()) {
            long lsn = engine.sync().secondaryCheckpoints().checkpoint(t.rvg(), t.link(), ckpt.get());
            inv.out("VxVM VVR vxrlink INFO checkpoint " + ckpt.get() + " taken at update " + lsn
                    + ": back up the volumes now, then vxrlink -g " + t.dg().name() + " resume " + t.link().name());
        }
        return 0;
    }
}
