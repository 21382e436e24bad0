package io.volrep.engine.command.vxrvg;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.rvg.Checkpoint;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.SrlPosition;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.Sizes;

/**
 * {@code vxrvg -g DG cplist RVG}: the checkpoints of a Primary RVG, oldest first: name, start and end
 * LSN, bytes from start to end (to the end of the log while started), the percent of the SRL the log
 * fills from the start to its current end (100 = overflowed), the state, and how many more bytes the
 * log may take before it wraps over the checkpoint's start.
 */
public final class VxrvgCplist extends SimpleVerb {
    static final String FORMAT = "%-16s %12s %12s %12s %5s  %-21s %s";
    private final Engine engine;

    public VxrvgCplist(Engine engine) {
        super("vxrvg", "cplist", new Syntax("vxrvg -g diskgroup cplist rvg", Map.of("-g", true), 1, 1),
                "list the checkpoints of a Primary RVG");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        Rvg rvg = engine.rvgs().require(dg, inv.args().arg(0));
        if (!rvg.isPrimary()) {
            throw new VolrepException(ErrorCode.WRONG_STATE, "RVG " + rvg.name()
                    + " is a Secondary: run vxrvg cplist on the Primary of the RDS");
        }
        Optional<SrlPosition> pos = rvg.srlPosition();
        List<Checkpoint> list = rvg.checkpoints();
        inv.out(String.format(FORMAT, "Name", "Start LSN", "End LSN", "Bytes", "% Log", "Started/Completed", "Overflow"));
        inv.out(String.format(FORMAT, "----", "---------", "-------", "-----", "-----", "-----------------", "--------"));
        for (Checkpoint c : list) {
            inv.out(line(c, pos));
        }
        if (pos.isPresent() && !pos.get().live()) {
            inv.out("(RVG " + rvg.name() + " is stopped: the end of the log is the one recorded at its last stop)");
        }
        return 0;
    }

    static String line(Checkpoint c, Optional<SrlPosition> pos) {
        String end = c.ended() ? Long.toString(c.endLsn()) : "-";
        if (!c.valid()) {
            return String.format(FORMAT, c.name(), c.startLsn(), end, c.ended() ? c.endLsn() - c.startLsn() : "-", 100,
                    c.state().label(), "the SRL wrapped over its start");
        }
        if (pos.isEmpty()) {
            return String.format(FORMAT, c.name(), c.startLsn(), end, c.ended() ? c.endLsn() - c.startLsn() : "-", "?",
                    c.state().label(), "unknown: the SRL header cannot be read");
        }
        SrlPosition p = pos.get();
        long bytes = c.ended() ? c.endLsn() - c.startLsn() : p.bytesSince(c.startLsn());
        long left = p.bytesBeforeWrap(c.startLsn());
        return String.format(FORMAT, c.name(), c.startLsn(), end, bytes, p.percentSince(c.startLsn()), c.state().label(),
                "SRL wraps over it after " + left + " more bytes (" + Sizes.human(left) + ")");
    }
}
