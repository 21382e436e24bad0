package io.volrep.engine.command.vxrlink;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.Repeater;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.command.vradmin.RlinkAttach;
import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.RlinkBacklog;
import io.volrep.engine.rvg.RlinkState;
import io.volrep.engine.rvg.Rvg;

/**
 * {@code vxrlink [-g dg] [-i interval [-t timestamp_freq]] [-r rvg] [-T] status rlink}, on the Primary:
 * how far the Secondary of the RLINK is behind (spec/vvr-features.md §2.3, §8.1): its outstanding
 * writes and the Kbytes and share of the SRL they occupy (counted until the Secondary holds them, also
 * in synchronous mode), or that it is up-to-date; during autosync or a DCM resync what the DCM still
 * holds and the share of the copy that is done. {@code -T} adds how long ago the oldest outstanding
 * write was made; {@code -i} repeats every interval seconds until interrupted, with a date line every
 * {@code -t} reports.
 */
public final class VxrlinkStatus extends SimpleVerb {
    private static final String INFO = "VxVM VVR vxrlink INFO ";
    private final Engine engine;

    public VxrlinkStatus(Engine engine) {
        super("vxrlink", "status", new Syntax("vxrlink [-g diskgroup] [-i interval [-t timestamp_freq]] [-r rvg] [-T] status rlink",
                Map.of("-g", true, "-i", true, "-t", true, "-r", true, "-T", false), 1, 1),
                "show how far the Secondary of an RLINK is behind");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        RlinkTarget t = RlinkTarget.find(engine, inv.args(), inv.args().arg(0));
        Rvg rvg = t.rvg();
        Rlink l = t.link();
        if (!rvg.isPrimary()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RLINK " + l.name() + " belongs to Secondary RVG " + rvg.name()
                    + ": run vxrlink -g " + l.record().remoteDg() + " status " + l.record().remoteRlink() + " on the Primary "
                    + l.remoteHost() + " (vxrlink updates shows this Secondary's view)");
        }
        RlinkAttach.started(rvg);
        var interval = Repeater.seconds(inv.args(), "-i");
        long stampEvery = Repeater.positive(inv.args(), "-t", 1_000_000).orElse(0L);
        if (stampEvery > 0 && interval.isEmpty()) {
            throw new VolrepException(ErrorCode.USAGE, "-t sets how often -i repeats print a date: give -i interval too");
        }
        boolean times = inv.args().flag("-T");
        Repeater.run(inv, interval, Optional.empty(), stampEvery, round -> {
            for (String line : lines(rvg, l, times)) {
                inv.out(line);
            }
        });
        return 0;
    }

    static List<String> lines(Rvg rvg, Rlink l, boolean times) {
        RlinkBacklog b = RlinkBacklog.of(rvg, l, System.currentTimeMillis());
        String r = "Rlink " + l.name();
        long dcmK = b.dcmBytes() / 1024;
        String done = b.syncPercent() >= 0 ? " " + b.syncPercent() + "% done." : "";
        if (l.state() == RlinkState.STALE) {
            return List.of(INFO + r + " is detached (STALE): it does not replicate; attach it with vxrlink -a att "
                    + l.name() + " or vradmin -a startrep");
        }
        if (l.dcmMode() && l.record().has(Rlink.AUTOSYNC)) {
            return List.of(INFO + "V-5-1-4464 " + r + " is in AUTOSYNC. " + dcmK + " Kbytes remaining." + done);
        }
        if (l.dcmCopying()) {
            return List.of(INFO + "V-5-1-4348 DCM is in use on " + r + ". DCM contains " + dcmK + " Kbytes." + done);
        }
        if (l.dcmMode()) {
            return List.of(INFO + r + " has a full SRL. DCM contains " + dcmK + " Kbytes.");
        }
        if (b.upToDate()) {
            return List.of(INFO + "V-5-1-4467 " + r + " is up-to-date");
        }
        String line = INFO + "V-5-1-4640 " + r + " has " + b.writes() + " outstanding writes, occupying " + (b.bytes() + 1023) / 1024
                + " Kbytes (" + b.srlPercent() + "%) on the SRL";
        return times ? List.of(line, INFO + r + " is behind by " + RlinkBacklog.hms(b.behindMillis()))
                : List.of(line);
    }
}
