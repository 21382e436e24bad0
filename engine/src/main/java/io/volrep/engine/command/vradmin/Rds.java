package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.remote.RemoteOps;
import io.volrep.engine.role.LeftBehind;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;

/**
 * What the RDS-wide verbs share ({@code vradmin}, and {@code vxrlink} for one RLINK): finding the
 * Primary RVG, the RLINKs a command targets, and telling the other end of an RLINK pair.
 */
public final class Rds {
    private Rds() {
    }

    /** The Primary RVG named by the command on this host; on a Secondary, says where to run it. */
    public static Rvg primary(Engine engine, DiskGroup dg, String name) throws VolrepException {
        Rvg rvg = engine.rvgs().require(dg, name);
        if (!rvg.isPrimary()) {
            String pri = LeftBehind.toPrimary(rvg).map(Rlink::remoteHost).orElse("the Primary host");
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + name + " on " + engine.config().host()
                    + " is a Secondary: run this command on " + pri);
        }
        return rvg;
    }

    /** The RLINKs to {@code sechost}, or to every Secondary when it is absent. */
    static List<Rlink> targets(Rvg rvg, Optional<String> sechost) throws VolrepException {
        if (rvg.rlinks().isEmpty()) {
            throw new VolrepException(ErrorCode.NO_SUCH_RLINK, "RVG " + rvg.name() + " has no Secondary: add one with "
                    + "vradmin -g " + rvg.diskGroup().name() + " addsec " + rvg.name() + " PRIHOST SECHOST");
        }
        if (sechost.isEmpty()) {
            return rvg.rlinks();
        }
        List<Rlink> out = new ArrayList<>();
        for (Rlink l : rvg.rlinks()) {
            if (l.remoteHost().equals(sechost.get())) {
                out.add(l);
            }
        }
        if (out.isEmpty()) {
            throw new VolrepException(ErrorCode.NO_SUCH_RLINK, "host " + sechost.get() + " is not a Secondary of RVG "
                    + rvg.name() + ": vradmin -g " + rvg.diskGroup().name() + " printrvg " + rvg.name() + " lists them");
        }
        return out;
    }

    /** Applies the same change to the other end of the RLINK pair (the Secondary's, or from a Secondary the Primary's). */
    public static void mirror(Engine engine, Rlink link, Map<String, String> change) throws VolrepException, IOException {
        Map<String, String> f = new LinkedHashMap<>(change);
        f.put("dg", link.record().remoteDg());
        f.put("rvg", link.record().remoteRvg());
        f.put("rlink", link.record().remoteRlink());
        engine.requirePeers().call(link.remoteHost(), RemoteOps.RLINK_SET, f);
    }

    /** Prints one line per target, as vradmin does for multi-Secondary operations. */
    static void done(Invocation inv, String what, Rlink link) {
        inv.out("Message from Primary:");
        inv.out("VxVM VVR vradmin INFO " + what + " " + link.remoteHost() + " (RLINK " + link.name() + ")");
    }
}
