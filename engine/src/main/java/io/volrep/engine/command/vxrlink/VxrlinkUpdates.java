package io.volrep.engine.command.vxrlink;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.command.remote.StatusOps;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkBacklog;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.WritePath;

/**
 * {@code vxrlink [-g dg] [-r rvg] [-T] updates rlink}, on a Secondary: the ID of the last update on the
 * Primary, the ID of the last update this Secondary received (durable in its SRL) and how many updates
 * it is behind, plus the last update applied to its data volumes. An update ID is the Primary's log
 * position just past the update, a 64-bit number printed as {@code high.low}. {@code -T} adds the
 * time each of those updates was written on the Primary and how long the Secondary is behind. The
 * Primary's column comes from the Primary; when it cannot be reached it is printed as unknown.
 */
public final class VxrlinkUpdates extends SimpleVerb {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final String ROW = "%-12s %-28s %-28s %s";
    private final Engine engine;

    public VxrlinkUpdates(Engine engine) {
        super("vxrlink", "updates", new Syntax("vxrlink [-g diskgroup] [-r rvg] [-T] updates rlink",
                Map.of("-g", true, "-r", true, "-T", false), 1, 1),
                "show the last update a Secondary received (-T with times)");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        RlinkTarget t = RlinkTarget.find(engine, inv.args(), inv.args().arg(0));
        Rvg rvg = t.rvg();
        Rlink l = t.link();
        if (rvg.isPrimary()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RLINK " + l.name() + " belongs to Primary RVG " + rvg.name()
                    + ": vxrlink updates runs on a Secondary (on " + l.remoteHost() + ": vxrlink -g " + l.record().remoteDg()
                    + " updates " + l.record().remoteRlink() + "); vxrlink status shows the Primary's view");
        }
        WritePath wp = rvg.writePath().orElseThrow(() -> new VolrepException(ErrorCode.RVG_NOT_STARTED, "RVG " + rvg.name()
                + " is not started: start it with vxrvg -g " + t.dgName() + " start " + rvg.name()));
        long received = wp.sourceEnd();
        long receivedMillis = wp.sourceTimestamp();
        Map<String, String> pri = Map.of();
        try {
            pri = engine.requirePeers().call(l.remoteHost(), StatusOps.UPDATES, Map.of("dg", l.record().remoteDg(),
                    "rvg", l.record().remoteRvg(), "rlink", l.record().remoteRlink(), "from", Long.toString(received)));
        } catch (VolrepException | IOException e) {
            inv.err("vxrlink: warning: the Primary " + l.remoteHost() + " did not answer (" + e.getMessage()
                    + "); its column is unknown and this Secondary's may be out of date");
        }
        boolean times = inv.args().flag("-T");
        inv.out(String.format(ROW, "", "Last update on Primary", "Secondary up-to-date as of", "Secondary behind by"));
        String behind = pri.isEmpty() ? "unknown" : pri.get("behind") + " updates";
        inv.out(String.format(ROW, "ID", pri.isEmpty() ? "unknown" : id(Long.parseLong(pri.get("last-end"))), id(received), behind));
        if (times) {
            long priMillis = pri.isEmpty() ? 0 : Long.parseLong(pri.get("last-millis"));
            String lag = pri.isEmpty() ? "unknown" : pri.get("behind").equals("0") ? RlinkBacklog.hms(0)
                    : RlinkBacklog.hms(priMillis - receivedMillis);
            inv.out(String.format(ROW, "Time", time(priMillis), time(receivedMillis), lag));
        }
        inv.out("Last update applied to the data volumes: " + id(wp.appliedSourceEnd()));
        return 0;
    }

    /** A 64-bit update ID as two 32-bit halves, {@code high.low}. */
    static String id(long id) {
        return (id >>> 32) + "." + (id & 0xffff_ffffL);
    }

    private static String time(long millis) {
        return millis <= 0 ? "unknown" : TIME.format(Instant.ofEpochMilli(millis));
    }
}
