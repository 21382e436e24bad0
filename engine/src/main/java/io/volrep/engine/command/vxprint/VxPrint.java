package io.volrep.engine.command.vxprint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.volume.DiskGroup;

/**
 * {@code vxprint [-g DG] [-l] [-h] [-t] [-V] [-P] [object...]}: the records of disk groups, RVGs,
 * volumes and DCMs with their states and flags, in VxVM's layouts. -t one line per record with
 * column headers, -h the records below each named object, -l the long form, -V only RVGs,
 * -P only RLINKs.
 */
public final class VxPrint extends SimpleVerb {
    private final Engine engine;

    public VxPrint(Engine engine) {
        super("vxprint", "", new Syntax("vxprint [-g diskgroup] [-hltVP] [object...]",
                Map.of("-g", true, "-l", false, "-h", false, "-t", false, "-V", false, "-P", false), 0, Syntax.MANY),
                "print objects, their states and flags");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException {
        List<DiskGroup> groups = inv.args().option("-g").isPresent()
                ? List.of(engine.diskGroups().require(inv.args().diskGroup()))
                : engine.diskGroups().all();
        Set<String> wanted = new LinkedHashSet<>(inv.args().positionals());
        Set<String> found = new LinkedHashSet<>();
        RecordRenderer renderer = new RecordRenderer(engine, inv.args().flag("-t"));
        boolean first = true;
        for (DiskGroup dg : groups) {
            List<PrintRecord> records = select(dg, wanted, inv.args().flag("-h"), inv.args().flag("-V"), inv.args().flag("-P"));
            records.forEach(r -> found.add(r.name()));
            if (records.isEmpty()) {
                continue;
            }
            if (!first) {
                inv.out("");
            }
            first = false;
            inv.out("Disk group: " + dg.name());
            inv.out("");
            if (inv.args().flag("-l")) {
                for (PrintRecord r : records) {
                    renderer.longForm(r).forEach(inv::out);
                    inv.out("");
                }
            } else {
                renderer.header().forEach(inv::out);
                inv.out("");
                records.forEach(r -> inv.out(renderer.line(r)));
            }
        }
        for (String w : wanted) {
            if (!found.contains(w)) {
                inv.err("vxprint: " + ErrorCode.NO_SUCH_OBJECT.tag() + " ERROR: no object named " + w
                        + (inv.args().option("-g").isPresent() ? " in disk group " + inv.args().diskGroup() : "")
                        + ": vxprint without names lists every object");
            }
        }
        return found.containsAll(wanted) ? 0 : ErrorCode.NO_SUCH_OBJECT.exitStatus();
    }

    private List<PrintRecord> select(DiskGroup dg, Set<String> wanted, boolean hierarchy, boolean rvgsOnly, boolean rlinksOnly) {
        List<PrintRecord> all = PrintRecord.of(dg, engine.rvgs().in(dg.name()));
        List<PrintRecord> out = new ArrayList<>();
        for (PrintRecord r : all) {
            boolean named = wanted.isEmpty() || wanted.contains(r.name())
                    || hierarchy && r.ancestors().stream().anyMatch(wanted::contains);
            boolean kindOk = (!rvgsOnly && !rlinksOnly) || rvgsOnly && r.type() == PrintRecord.Type.RV
                    || rlinksOnly && r.type() == PrintRecord.Type.RL;
            if (named && kindOk) {
                out.add(r);
            }
        }
        if (!wanted.isEmpty() && !hierarchy) {
            return out.stream().filter(r -> wanted.contains(r.name())).toList();
        }
        return out;
    }
}
