package io.volrep.engine.command.vxprint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.volrep.engine.rvg.Rlink;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.Volume;

/**
 * One line of vxprint: a disk group, RVG, RLINK, volume or DCM record, in hierarchy order (an RVG,
 * then its SRL and data volumes each followed by its DCM; then volumes in no RVG).
 *
 * @param ancestors names of the records above it (for -h with named objects)
 */
record PrintRecord(Type type, String name, List<String> ancestors, DiskGroup dg, Optional<Rvg> rvg, Optional<Volume> volume,
                   Optional<Rlink> rlink) {

    PrintRecord(Type type, String name, List<String> ancestors, DiskGroup dg, Optional<Rvg> rvg, Optional<Volume> volume) {
        this(type, name, ancestors, dg, rvg, volume, Optional.empty());
    }

    enum Type { DG, RV, RL, V, DC }

    static List<PrintRecord> of(DiskGroup dg, List<Rvg> rvgs) {
        List<PrintRecord> out = new ArrayList<>();
        out.add(new PrintRecord(Type.DG, dg.name(), List.of(), dg, Optional.empty(), Optional.empty()));
        for (Rvg rvg : rvgs) {
            List<String> up = List.of(rvg.name());
            out.add(new PrintRecord(Type.RV, rvg.name(), List.of(), dg, Optional.of(rvg), Optional.empty()));
            for (Rlink l : rvg.rlinks()) {
                out.add(new PrintRecord(Type.RL, l.name(), up, dg, Optional.of(rvg), Optional.empty(), Optional.of(l)));
            }
            List<String> members = new ArrayList<>(rvg.record().dataVolumes());
            members.add(0, rvg.record().srl());
            for (String m : members) {
                Optional<Volume> v = dg.volume(m);
                if (v.isEmpty()) {
                    continue;
                }
                out.add(new PrintRecord(Type.V, m, up, dg, Optional.of(rvg), v));
                if (v.get().dcm().isPresent()) {
                    out.add(new PrintRecord(Type.DC, m + "_dcm", List.of(rvg.name(), m), dg, Optional.of(rvg), v));
                }
            }
        }
        for (Volume v : dg.volumes()) {
            if (v.record().rvg().isEmpty()) {
                out.add(new PrintRecord(Type.V, v.name(), List.of(), dg, Optional.empty(), Optional.of(v)));
            }
        }
        return out;
    }
}
