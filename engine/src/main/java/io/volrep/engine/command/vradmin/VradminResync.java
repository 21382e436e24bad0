package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/**
 * {@code vradmin -g DG [-wait] resync RVG}: replays the DCM to the Secondaries whose RLINKs switched
 * to DCM logging when the SRL would have overflowed. Each such Secondary is inconsistent until the
 * replay and the writes made meanwhile have arrived. With -wait the command reports progress and
 * returns when every replay has finished.
 */
public final class VradminResync extends SimpleVerb {
    private final Engine engine;

    public VradminResync(Engine engine) {
        super("vradmin", "resync", new Syntax("vradmin -g diskgroup [-wait] resync rvg", Map.of("-g", true, "-wait", false), 1, 1),
                "replay the DCM after an SRL overflow");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        Rvg rvg;
        List<Rlink> targets;
        dg.lock().lock();
        try {
            rvg = Rds.primary(engine, dg, inv.args().arg(0));
            targets = rvg.rlinks().stream().filter(l -> l.dcmMode() && !l.dcmCopying()).toList();
            if (targets.isEmpty()) {
                throw new VolrepException(ErrorCode.WRONG_STATE, "no RLINK of RVG " + rvg.name() + " is logging to the DCM: "
                        + "there is nothing to resynchronize (vradmin repstatus shows what each Secondary logs to)");
            }
            for (Rlink l : targets) {
                Rds.mirror(engine, l, Map.of("flags-on", Rlink.INCONSISTENT));
                l.setFlag(Rlink.RESYNC_STARTED, true);
                l.setFlag(Rlink.INCONSISTENT, true);
                rvg.rlinkChanged(l);
                rvg.events().publish(io.volrep.engine.event.EventType.RESYNC_STARTED, rvg.name(), "DCM resynchronization of "
                        + l.remoteHost() + " over RLINK " + l.name() + " started");
                Rds.done(inv, "DCM resynchronization started to", l);
            }
        } finally {
            dg.lock().unlock();
        }
        if (!inv.args().flag("-wait")) {
            return 0;
        }
        long start = System.nanoTime();
        long lastReport = 0;
        while (targets.stream().anyMatch(l -> l.dcmMode() || !l.consistent())) {
            if (System.nanoTime() - lastReport > 2_000_000_000L) {
                long left = targets.stream().mapToLong(rvg::dcmBytes).sum();
                double secs = (System.nanoTime() - start) / 1e9;
                inv.out(String.format("resync: %d Kbytes left in the DCM, %.0f s elapsed", left / 1024, secs));
                lastReport = System.nanoTime();
            }
            LockSupport.parkNanos(200_000_000L);
        }
        inv.out("resync: done; the Secondaries are consistent");
        return 0;
    }
}
