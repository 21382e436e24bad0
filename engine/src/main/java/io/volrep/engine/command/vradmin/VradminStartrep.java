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
import io.volrep.engine.rvg.WritePath;
import io.volrep.engine.volume.DiskGroup;

/**
 * {@code vradmin -g DG {-a | -f} startrep RVG [SECHOST]}: attaches detached (STALE) RLINKs and starts
 * replication. {@code -a} synchronizes automatically: every region is copied from the DCMs while the
 * application keeps writing, the Secondary inconsistent until the copy and the writes made meanwhile
 * have arrived. {@code -f} trusts the admin that the Secondary's volumes already equal the Primary's
 * (zero-initialized on both sides, or copied with the application stopped): replication starts at the
 * end of the Primary's log and the Secondary is marked consistent.
 */
public final class VradminStartrep extends SimpleVerb {
    private final Engine engine;

    public VradminStartrep(Engine engine) {
        super("vradmin", "startrep", new Syntax("vradmin -g diskgroup {-a | -f} startrep rvg [sechost]",
                Map.of("-g", true, "-f", false, "-a", false), 1, 2), "start replication to Secondaries");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        boolean auto = inv.args().flag("-a");
        if (auto == inv.args().flag("-f")) {
            throw new VolrepException(ErrorCode.USAGE, "say how the Secondary gets the Primary's data: -a to synchronize it "
                    + "automatically while applications write, or -f when its volumes already hold the same data");
        }
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        dg.lock().lock();
        try {
            Rvg rvg = Rds.primary(engine, dg, inv.args().arg(0));
            WritePath wp = rvg.writePath().orElseThrow(() -> new VolrepException(ErrorCode.RVG_NOT_STARTED, "RVG "
                    + rvg.name() + " is not started: start it with vxrvg -g " + dg.name() + " start " + rvg.name()));
            List<Rlink> targets = Rds.targets(rvg, inv.args().optionalArg(1));
            for (Rlink l : targets) {
                if (l.state() != RlinkState.STALE) {
                    throw new VolrepException(ErrorCode.WRONG_STATE, "RLINK " + l.name() + " to " + l.remoteHost() + " is "
                            + l.state() + ", not detached: replication to it is already started (stoprep detaches it)");
                }
            }
            if (auto) {
                if (targets.size() > 1 || rvg.rlinks().stream().anyMatch(Rlink::dcmMode)) {
                    throw new VolrepException(ErrorCode.WRONG_STATE, "one Secondary at a time synchronizes from the DCMs: "
                            + "name one host, and wait until no other autosync or resync runs (vradmin repstatus)");
                }
                Rlink l = targets.get(0);
                rvg.startDcmLogging();
                for (int i = 0; i < rvg.record().dataVolumes().size(); i++) {
                    rvg.dcm(i).ifPresent(io.volrep.engine.volume.DcmBitmap::markAll);
                }
                Rds.mirror(engine, l, Map.of("state", RlinkState.ACTIVE.name(), "flags-on", Rlink.AUTOSYNC + " " + Rlink.INCONSISTENT));
                l.setFlag(Rlink.AUTOSYNC, true);
                l.setFlag(Rlink.DCM_LOGGING, true);
                l.setFlag(Rlink.INCONSISTENT, true);
                l.moveTo(RlinkState.ACTIVE);
                rvg.rlinkChanged(l);
                Rds.done(inv, "Autosync started to", l);
                return 0;
            }
            for (Rlink l : targets) {
                long from = wp.srl().durableLsn();
                l.attaching(from);
                engine.requirePeers().call(l.remoteHost(), RemoteOps.START_FROM, Map.of("dg", l.record().remoteDg(),
                        "rvg", l.record().remoteRvg(), "lsn", Long.toString(from)));
                Rds.mirror(engine, l, Map.of("state", RlinkState.ACTIVE.name(), "flags-off", Rlink.INCONSISTENT));
                l.moveTo(RlinkState.ACTIVE);
                l.setFlag(Rlink.INCONSISTENT, false);
                rvg.rlinkChanged(l);
                Rds.done(inv, "Replication started to", l);
            }
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }
}
