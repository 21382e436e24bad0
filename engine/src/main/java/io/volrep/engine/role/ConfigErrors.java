package io.volrep.engine.role;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.RvgRecord;
import io.volrep.engine.volume.TransferRecord;

/**
 * The configuration errors of an RDS as this host sees them from its RVG's role transfer record,
 * one line each, {@code <host>: <what>}, for {@code printrvg -l} and {@code repstatus}. The first
 * word names the other host: for the two-Primaries error, the host {@code makesec} expects.
 */
public final class ConfigErrors {
    private ConfigErrors() {
    }

    public static List<String> of(String here, Rvg rvg) {
        List<String> out = new ArrayList<>();
        Optional<TransferRecord> rec = rvg.record().transfer();
        if (rec.isEmpty()) {
            return out;
        }
        TransferRecord t = rec.get();
        String fix = "vradmin -g " + rvg.diskGroup().name();
        switch (t.kind()) {
            case TransferRecord.TAKEOVER -> out.add(tookOver(here, rvg, t, fix));
            case TransferRecord.TAKEN_OVER -> {
                if (!RvgRecord.SECONDARY.equals(rvg.record().role())) {
                    out.add(t.peer() + ": Primary-Primary configuration: " + t.peer() + " took over the Primary role of "
                            + rvg.name() + " from " + here + "; " + (t.has(Takeover.NONE)
                            ? "run " + fix + " makesec " + rvg.name() + " " + t.peer() + " on " + here
                            : here + " is an acting Secondary: run " + fix + " fbsync " + rvg.name()));
                }
            }
            case TransferRecord.MIGRATE -> migrating(here, t, out);
            default -> {
                if (t.rebasePending()) {
                    out.add(here + ": finishing a role transfer with " + t.peer());
                }
            }
        }
        return out;
    }

    /** On the host that took the role over. */
    private static String tookOver(String here, Rvg rvg, TransferRecord t, String fix) {
        String resolve = t.has(Takeover.NONE) ? "run " + fix + " makesec " + rvg.name() + " " + here + " on " + t.peer()
                : "run " + fix + " fbsync " + rvg.name();
        if (TakeoverStep.valueOf(t.step()) == TakeoverStep.WAITING) {
            return t.peer() + ": the original Primary has not been reached since " + here + " took over the Primary role"
                    + " (when it returns, " + resolve + ")";
        }
        return t.peer() + ": Primary-Primary configuration: " + t.peer() + " was the Primary of " + rvg.name() + " until "
                + here + " took the role over; " + resolve;
    }

    /** On the old Primary while a migration it drives is not finished. */
    private static void migrating(String here, TransferRecord t, List<String> out) {
        MigrateStep s = MigrateStep.valueOf(t.step());
        if (s != MigrateStep.REBASED) {
            out.add(t.peer() + ": migration of the Primary role to " + t.peer() + " under way (step " + s
                    + "); it completes once every host answers");
            return;
        }
        for (String h : t.hosts()) {
            out.add(h.split(":")[0] + ": does not replicate from the new Primary " + t.peer() + " yet; " + here
                    + " retries until it does");
        }
    }
}
