package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.Map;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.event.EventType;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;

/**
 * Pausing and resuming one RLINK pair from this end, for {@code vradmin pauserep/resumerep} and
 * {@code vxrlink pause/resume}. On the Primary it is a Primary pause (flag {@code primary_paused}),
 * on a Secondary a Secondary pause ({@code secondary_paused}); both ends of the pair record it, the
 * other end first, so a peer that cannot be told leaves both unchanged. An RLINK is resumed from the
 * end that paused it. Callers hold the disk group lock and check before they change anything.
 */
public final class RlinkPause {
    private RlinkPause() {
    }

    /** The flag a pause from this end sets. */
    static String flag(Rvg rvg) {
        return rvg.isPrimary() ? Rlink.PRIMARY_PAUSED : Rlink.SECONDARY_PAUSED;
    }

    public static void checkPause(Rlink l) throws VolrepException {
        if (l.state() == RlinkState.PAUSE) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RLINK " + l.name() + " to " + l.remoteHost()
                    + " is already paused" + by(l) + ": resume it first if you want to pause it from here");
        }
        if (l.state() != RlinkState.ACTIVE) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RLINK " + l.name() + " to " + l.remoteHost() + " is "
                    + l.state() + ": only an ACTIVE RLINK can be paused");
        }
    }

    public static void checkResume(Rvg rvg, Rlink l) throws VolrepException {
        if (l.state() != RlinkState.PAUSE) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RLINK " + l.name() + " to " + l.remoteHost() + " is "
                    + l.state() + ": only a paused RLINK can be resumed");
        }
        if (!l.record().has(flag(rvg))) {
            String there = rvg.isPrimary() ? "on the Secondary " + l.remoteHost() + ": resume it there with vxrlink -g "
                    + l.record().remoteDg() + " resume " + l.record().remoteRlink()
                    : "from the Primary " + l.remoteHost() + ": resume it there with vradmin -g " + l.record().remoteDg()
                    + " resumerep " + l.record().remoteRvg();
            throw new VolrepException(ErrorCode.WRONG_STATE, "RLINK " + l.name() + " was paused " + there);
        }
    }

    private static String by(Rlink l) {
        return l.record().has(Rlink.PRIMARY_PAUSED) ? " (by the Primary)"
                : l.record().has(Rlink.SECONDARY_PAUSED) ? " (by the Secondary)" : "";
    }

    /** Pauses the pair from this end; the other end is told first. */
    public static void pause(Engine engine, Rvg rvg, Rlink l) throws VolrepException, IOException {
        String flag = flag(rvg);
        Rds.mirror(engine, l, Map.of("state", RlinkState.PAUSE.name(), "flags-on", flag));
        boolean copying = l.dcmCopying();
        l.moveTo(RlinkState.PAUSE);
        l.setFlag(flag, true);
        rvg.rlinkChanged(l);
        rvg.events().publish(EventType.RLK_PAUSED, rvg.name(), "RLINK " + l.name() + " to " + l.remoteHost()
                + " paused " + (rvg.isPrimary() ? "on the Primary" : "on the Secondary"));
        if (copying) {
            rvg.events().publish(EventType.RESYNC_PAUSED, rvg.name(), "synchronization over RLINK " + l.name()
                    + " paused with it");
        }
    }

    /** Resumes the pair from this end; the other end is told first. */
    public static void resume(Engine engine, Rvg rvg, Rlink l) throws VolrepException, IOException {
        String flag = flag(rvg);
        Rds.mirror(engine, l, Map.of("state", RlinkState.ACTIVE.name(), "flags-off", flag));
        l.moveTo(RlinkState.ACTIVE);
        l.setFlag(flag, false);
        rvg.rlinkChanged(l);
    }
}
