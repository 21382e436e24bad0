package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;

/**
 * Detaching one RLINK pair ({@code vxrlink det}, from either end): both RLINKs go STALE and drop what
 * only an attached RLINK has (autosync, DCM logging, resync, pause flags); the Secondary keeps its
 * consistency flag, so a Secondary detached mid-autosync stays inconsistent. The other end is told
 * first, but a detach is never refused because the peer cannot be reached: the caller gets a warning
 * saying what to run there. Callers hold the disk group lock.
 */
public final class RlinkDetach {
    private static final String DROPPED = String.join(" ", Rlink.AUTOSYNC, Rlink.DCM_LOGGING, Rlink.RESYNC_STARTED,
            Rlink.PRIMARY_PAUSED, Rlink.SECONDARY_PAUSED);

    private RlinkDetach() {
    }

    public static void check(Rlink l) throws VolrepException {
        if (l.state() == RlinkState.STALE) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RLINK " + l.name() + " to " + l.remoteHost()
                    + " is already detached (STALE)");
        }
    }

    /** Detaches the pair; returns a warning when the other end could not be told. */
    public static Optional<String> detach(Engine engine, Rvg rvg, Rlink l) throws IOException {
        Optional<String> warning = Optional.empty();
        try {
            Rds.mirror(engine, l, Map.of("state", RlinkState.STALE.name(), "flags-off", DROPPED));
        } catch (IOException | VolrepException e) {
            warning = Optional.of(l.remoteHost() + " was not told (" + e.getMessage() + "): detach its end there with "
                    + "vxrlink -g " + l.record().remoteDg() + " det " + l.record().remoteRlink());
        }
        l.moveTo(RlinkState.STALE);
        for (String f : DROPPED.split(" ")) {
            l.setFlag(f, false);
        }
        if (rvg.isPrimary()) {
            rvg.dcmLinkLeft(l);
        }
        rvg.rlinkChanged(l);
        return warning;
    }
}
