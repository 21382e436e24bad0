package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.remote.RemoteOps;
import io.volrep.engine.rvg.Checkpoint;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;

/**
 * {@code vradmin -c CKPT startrep}: attaches detached RLINKs at the start of RVG checkpoint CKPT, after
 * each Secondary's volumes were restored from a copy of the Primary's taken between checkstart and
 * checkend (a block-level backup, or {@code syncrvg -c}). The Primary ships every update logged from the
 * checkpoint's start; the Secondary is inconsistent until it holds every update logged before the
 * checkpoint's end, then the RLINK's sender clears the flag on both ends. The same checkpoint starts
 * several Secondaries while the SRL still holds its start.
 *
 * <p>Retention: until the attach the checkpoint only keeps the SRL while the log has room; from the
 * attach on the RLINK holds the log from the checkpoint's start like any attached RLINK, as far as its
 * srlprot allows (SRL overflow protection).
 */
final class CheckpointAttach {
    private final Engine engine;
    private final Rvg rvg;
    private final String name;

    CheckpointAttach(Engine engine, Rvg rvg, String name) {
        this.engine = engine;
        this.rvg = rvg;
        this.name = name;
    }

    /** Attaches each of {@code targets} (detached RLINKs). Caller holds the disk group lock. */
    void attach(Invocation inv, List<Rlink> targets) throws VolrepException, IOException {
        Checkpoint c = usable();
        for (Rlink l : targets) {
            l.attaching(c.startLsn());
            try {
                usable();  // the RLINK holds the log from here on; the tail may have passed the start before
                engine.requirePeers().call(l.remoteHost(), RemoteOps.ATTACH_AT, Map.of("dg", l.record().remoteDg(),
                        "rvg", l.record().remoteRvg(), "rlink", l.record().remoteRlink(),
                        "lsn", Long.toString(c.startLsn()), "checkpoint", name));
            } catch (VolrepException | IOException e) {
                l.attachAbandoned();
                throw e;
            }
            l.setCheckpoint(name);
            l.setFlag(Rlink.INCONSISTENT, true);
            l.moveTo(RlinkState.ACTIVE);
            rvg.rlinkChanged(l);
            Rds.done(inv, "Replication started at checkpoint " + name + " (inconsistent until its end arrives) to", l);
        }
    }

    /** The checkpoint, if it can start a Secondary: it exists, has ended and the SRL still holds its start. */
    private Checkpoint usable() throws VolrepException {
        String dg = rvg.diskGroup().name();
        Checkpoint c = rvg.checkpoint(name).orElseThrow(() -> new VolrepException(ErrorCode.NO_SUCH_CHECKPOINT, "RVG "
                + rvg.name() + " has no checkpoint named " + name + ": vxrvg -g " + dg + " cplist " + rvg.name() + " lists them"));
        if (!c.valid()) {
            throw new VolrepException(ErrorCode.CHECKPOINT_OVERFLOWED, "checkpoint " + name + " of RVG " + rvg.name()
                    + " overflowed (the SRL wrapped over its start) and cannot start a Secondary: synchronize it another way"
                    + " (vradmin -a startrep, or a new checkpoint with a larger SRL)");
        }
        if (!c.ended()) {
            throw new VolrepException(ErrorCode.CHECKPOINT_OPEN, "checkpoint " + name + " of RVG " + rvg.name()
                    + " is still started: end it with vxrvg -g " + dg + " checkend " + rvg.name()
                    + " once the copy of the Primary's volumes is complete, then start replication");
        }
        return c;
    }
}
