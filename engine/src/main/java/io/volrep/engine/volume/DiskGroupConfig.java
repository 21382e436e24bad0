package io.volrep.engine.volume;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Everything a disk group records: its identity, its volumes and its RVGs. Immutable; a change
 * builds a new config that is persisted before it replaces the old one in memory.
 */
public record DiskGroupConfig(String name, String id, long created, List<VolumeRecord> volumes, List<RvgRecord> rvgs,
                              List<RlinkRecord> rlinks) {

    public DiskGroupConfig {
        volumes = List.copyOf(volumes);
        rvgs = List.copyOf(rvgs);
        rlinks = List.copyOf(rlinks);
    }

    /** A new disk group's config: no objects yet. */
    public static DiskGroupConfig empty(String name, String id, long created) {
        return new DiskGroupConfig(name, id, created, List.of(), List.of(), List.of());
    }

    public Optional<RlinkRecord> rlink(String rlinkName) {
        return rlinks.stream().filter(r -> r.name().equals(rlinkName)).findFirst();
    }

    /** The RLINKs of one RVG, in the order they were added. */
    public List<RlinkRecord> rlinksOf(String rvgName) {
        return rlinks.stream().filter(r -> r.rvg().equals(rvgName)).toList();
    }

    public DiskGroupConfig withRlink(RlinkRecord r) {
        List<RlinkRecord> out = new ArrayList<>();
        boolean replaced = false;
        for (RlinkRecord old : rlinks) {
            if (old.name().equals(r.name())) {
                out.add(r);
                replaced = true;
            } else {
                out.add(old);
            }
        }
        if (!replaced) {
            out.add(r);
        }
        return new DiskGroupConfig(name, id, created, volumes, rvgs, out);
    }

    public DiskGroupConfig withoutRlink(String rlinkName) {
        return new DiskGroupConfig(name, id, created, volumes, rvgs,
                rlinks.stream().filter(r -> !r.name().equals(rlinkName)).toList());
    }

    public Optional<VolumeRecord> volume(String volName) {
        return volumes.stream().filter(v -> v.name().equals(volName)).findFirst();
    }

    public Optional<RvgRecord> rvg(String rvgName) {
        return rvgs.stream().filter(r -> r.name().equals(rvgName)).findFirst();
    }

    /** True if any object of the group (volume or RVG) has this name; VxVM names are unique per group. */
    public boolean nameTaken(String objName) {
        return volume(objName).isPresent() || rvg(objName).isPresent() || rlink(objName).isPresent();
    }

    public DiskGroupConfig withVolume(VolumeRecord v) {
        List<VolumeRecord> out = new ArrayList<>();
        boolean replaced = false;
        for (VolumeRecord old : volumes) {
            if (old.name().equals(v.name())) {
                out.add(v);
                replaced = true;
            } else {
                out.add(old);
            }
        }
        if (!replaced) {
            out.add(v);
        }
        return new DiskGroupConfig(name, id, created, out, rvgs, rlinks);
    }

    public DiskGroupConfig withoutVolume(String volName) {
        return new DiskGroupConfig(name, id, created,
                volumes.stream().filter(v -> !v.name().equals(volName)).toList(), rvgs, rlinks);
    }

    public DiskGroupConfig mapVolumes(UnaryOperator<VolumeRecord> f) {
        return new DiskGroupConfig(name, id, created, volumes.stream().map(f).toList(), rvgs, rlinks);
    }

    public DiskGroupConfig withRvg(RvgRecord r) {
        List<RvgRecord> out = new ArrayList<>(rvgs.stream().filter(x -> !x.name().equals(r.name())).toList());
        out.add(r);
        return new DiskGroupConfig(name, id, created, volumes, out, rlinks);
    }

    public DiskGroupConfig withoutRvg(String rvgName) {
        return new DiskGroupConfig(name, id, created, volumes,
                rvgs.stream().filter(r -> !r.name().equals(rvgName)).toList(), rlinks);
    }
}
