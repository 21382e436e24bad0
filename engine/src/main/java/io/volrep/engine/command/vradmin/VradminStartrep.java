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
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.WritePath;
import io.volrep.engine.sync.SyncJob;
import io.volrep.engine.sync.SyncService;
import io.volrep.engine.volume.DiskGroup;

/**
 * {@code vradmin -g DG {-a | -c CKPT | -f} startrep RVG [SECHOST]}: attaches detached (STALE) RLINKs and
 * starts replication. {@code -a} synchronizes automatically: every region is copied from the DCMs while
 * the application keeps writing, the Secondary inconsistent until the copy and the writes made meanwhile
 * have arrived. {@code -c} attaches at an RVG checkpoint after its volumes were restored from a copy taken
 * between checkstart and checkend ({@link CheckpointAttach}). {@code -f} trusts the admin that the
 * Secondary's volumes already equal the Primary's (zero-initialized on both sides, or copied with the
 * application stopped): replication starts at the end of the Primary's log and the Secondary is marked
 * consistent.
 */
public final class VradminStartrep extends SimpleVerb {
    private final Engine engine;

    public VradminStartrep(Engine engine) {
        super("vradmin", "startrep", new Syntax("vradmin -g diskgroup {-a | -c checkpoint | -f} startrep rvg [sechost]",
                Map.of("-g", true, "-f", false, "-a", false, "-c", true), 1, 2), "start replication to Secondaries");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        boolean auto = inv.args().flag("-a");
        int modes = (auto ? 1 : 0) + (inv.args().flag("-f") ? 1 : 0) + (inv.args().flag("-c") ? 1 : 0);
        if (modes != 1) {
            throw new VolrepException(ErrorCode.USAGE, "say how the Secondary gets the Primary's data, with exactly one of: "
                    + "-a to synchronize it automatically while applications write, -c CKPT when its volumes were restored "
                    + "from a copy taken between checkstart and checkend of checkpoint CKPT, or -f when its volumes already "
                    + "hold the same data");
        }
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        dg.lock().lock();
        try {
            Rvg rvg = Rds.primary(engine, dg, inv.args().arg(0));
            WritePath wp = RlinkAttach.started(rvg);
            List<Rlink> targets = Rds.targets(rvg, inv.args().optionalArg(1));
            RlinkAttach.check(engine, rvg, targets, auto);
            if (inv.args().flag("-c")) {
                new CheckpointAttach(engine, rvg, inv.args().option("-c").orElseThrow()).attach(inv, targets);
            } else if (auto) {
                RlinkAttach.autosync(engine, rvg, targets.get(0));
                Rds.done(inv, "Autosync started to", targets.get(0));
            } else {
                for (Rlink l : targets) {
                    RlinkAttach.force(engine, rvg, wp, l);
                    Rds.done(inv, "Replication started to", l);
                }
            }
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }
}
