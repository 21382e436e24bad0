package io.volrep.engine.command.vxassist;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.Volume;

/** The checks vxassist makes before it touches a volume. */
final class VolumeChecks {
    private VolumeChecks() {
    }

    static void notInRvg(DiskGroup dg, Volume v, String action) throws VolrepException {
        if (v.record().rvg().isPresent()) {
            throw new VolrepException(ErrorCode.VOLUME_IN_RVG, "volume " + v.name() + " belongs to RVG "
                    + v.record().rvg().get() + ": cannot " + action + " while it does (vradmin -g " + dg.name()
                    + " delpri " + v.record().rvg().get() + " releases it)");
        }
    }

    /** Refuses a volume that NBD clients hold open or that another command has claimed (createpri's zeros). */
    static void notBusy(Volume v, String action) throws VolrepException {
        v.checkUnclaimed(null, action);
        if (v.openers() > 0) {
            throw new VolrepException(ErrorCode.VOLUME_BUSY, "volume " + v.name() + " is open by " + v.openers()
                    + " NBD client(s): disconnect them, then " + action);
        }
    }
}
