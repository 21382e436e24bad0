package io.volrep.engine.command.vxrlink;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.sync.SecondaryCheckpoints;

/**
 * {@code vxrlink -g DG [-r RVG] cplist RLINK}, on the Primary: the RLINK (Secondary) checkpoints taken
 * by that Secondary, oldest first: name, the Primary LSN it stands at, bytes logged since, the percent of
 * the SRL they fill (100 = overflowed: the SRL no longer holds it), when it was taken.
 */
public final class VxrlinkCplist extends SimpleVerb {
    private static final String FORMAT = "%-16s %12s %12s %5s  %-24s %s";
    private final Engine engine;

    public VxrlinkCplist(Engine engine) {
        super("vxrlink", "cplist", new Syntax("vxrlink -g diskgroup [-r rvg] cplist rlink", Map.of("-g", true, "-r", true), 1, 1),
                "list the RLINK (Secondary) checkpoints of an RLINK, on the Primary");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        RlinkLookup r = RlinkLookup.of(engine, inv, inv.args().arg(0));
        inv.out(String.format(FORMAT, "Name", "LSN", "Bytes since", "% Log", "Taken", "Status"));
        inv.out(String.format(FORMAT, "----", "---", "-----------", "-----", "-----", "------"));
        for (SecondaryCheckpoints.View v : engine.sync().secondaryCheckpoints().list(r.rvg(), r.link())) {
            inv.out(String.format(FORMAT, v.name(), v.lsn(), v.valid() ? Long.toString(v.bytesSince()) : "-",
                    v.valid() ? v.percentOfLog() : 100, Instant.ofEpochMilli(v.createdMillis()).toString(),
                    v.valid() ? "valid" : "Checkpoint overflowed"));
        }
        return 0;
    }
}
