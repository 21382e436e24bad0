package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.Invocation;
import io.volrep.engine.command.SimpleVerb;
import io.volrep.engine.command.Syntax;
import io.volrep.engine.rvg.Rvg;
import io.volrep.engine.rvg.RvgState;
import io.volrep.engine.srl.Srl;
import io.volrep.engine.volume.DiskGroup;
import io.volrep.engine.volume.DiskGroupConfig;
import io.volrep.engine.volume.DiskGroups;
import io.volrep.engine.volume.RvgRecord;
import io.volrep.engine.volume.Sizes;
import io.volrep.engine.volume.Volume;
import io.volrep.engine.volume.VolumeRecord;

/**
 * {@code vradmin -g DG [-nodcm] createpri RVG VOL[,VOL...] SRL}: makes a Primary RVG of existing
 * volumes and an SRL, adds a DCM to every data volume unless -nodcm, formats the SRL and starts
 * the RVG. Every check runs before anything changes.
 */
public final class VradminCreatepri extends SimpleVerb {
    private final Engine engine;

    public VradminCreatepri(Engine engine) {
        super("vradmin", "createpri", new Syntax("vradmin -g diskgroup [-nodcm] createpri rvg volume[,volume...] srl",
                Map.of("-g", true, "-nodcm", false), 3, 3), "create the Primary RVG of a new RDS");
        this.engine = engine;
    }

    @Override
    public int run(Invocation inv) throws VolrepException, IOException {
        DiskGroup dg = engine.diskGroups().require(inv.args().diskGroup());
        String name = inv.args().arg(0);
        DiskGroups.checkName("RVG", name);
        List<String> dataNames = splitVolumes(inv.args().arg(1));
        String srlName = inv.args().arg(2);
        long region = inv.args().flag("-nodcm") ? 0 : engine.config().dcmRegionSize();
        dg.lock().lock();
        try {
            DiskGroupConfig cfg = dg.config();
            if (cfg.nameTaken(name)) {
                throw new VolrepException(ErrorCode.DUPLICATE_NAME, "disk group " + dg.name() + " already has an object named "
                        + name + ": choose another RVG name");
            }
            List<Volume> data = new ArrayList<>();
            for (String v : dataNames) {
                data.add(checkFree(dg, v, "data volume"));
            }
            Volume srl = checkFree(dg, srlName, "SRL");
            if (dataNames.contains(srlName)) {
                throw new VolrepException(ErrorCode.SRL_IS_DATA_VOLUME, "volume " + srlName
                        + " is named both as a data volume and as the SRL: the SRL must be a volume of its own");
            }
            if (srl.record().size() < engine.config().srlMinSize()) {
                throw new VolrepException(ErrorCode.SRL_TOO_SMALL, "SRL " + srlName + " is " + Sizes.human(srl.record().size())
                        + "; an SRL needs at least " + Sizes.human(engine.config().srlMinSize()) + ": grow it with vxassist -g "
                        + dg.name() + " growto " + srlName + " " + (engine.config().srlMinSize() >> 20) + "m");
            }
            for (Volume v : data) {
                if (v.openers() > 0 || srl.openers() > 0) {
                    throw new VolrepException(ErrorCode.VOLUME_BUSY, "volume " + (v.openers() > 0 ? v.name() : srlName)
                            + " is open by NBD clients: disconnect them before it joins an RVG");
                }
            }
            create(dg, name, data, srl, region);
            return 0;
        } finally {
            dg.lock().unlock();
        }
    }

    private void create(DiskGroup dg, String name, List<Volume> data, Volume srl, long region)
            throws VolrepException, IOException {
        Srl.format(srl.device(), UUID.randomUUID().toString());
        for (Volume v : data) {
            dg.setDcm(v, region);
        }
        RvgRecord rec = new RvgRecord(name, UUID.randomUUID().toString(), RvgRecord.PRIMARY, srl.name(),
                data.stream().map(Volume::name).toList(), RvgState.EMPTY.name());
        Set<String> dataNames = new LinkedHashSet<>(rec.dataVolumes());
        DiskGroupConfig next = dg.config().mapVolumes(v -> dataNames.contains(v.name())
                ? v.inRvg(name, VolumeRecord.Use.DATA, region)
                : v.name().equals(srl.name()) ? v.inRvg(name, VolumeRecord.Use.SRL, 0) : v).withRvg(rec);
        dg.commit(next);
        Rvg rvg = engine.rvgs().register(dg, rec);
        rvg.start();
    }

    private static Volume checkFree(DiskGroup dg, String name, String role) throws VolrepException {
        Volume v = dg.requireVolume(name);
        if (v.record().rvg().isPresent()) {
            throw new VolrepException(ErrorCode.VOLUME_IN_RVG, role + " " + name + " already belongs to RVG "
                    + v.record().rvg().get() + ": a volume can be in one RVG only; choose another volume");
        }
        return v;
    }

    static List<String> splitVolumes(String list) throws VolrepException {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",", -1)) {
            if (s.isBlank()) {
                throw new VolrepException(ErrorCode.USAGE, "volume list '" + list + "' has an empty name: write vol1,vol2");
            }
            if (out.contains(s)) {
                throw new VolrepException(ErrorCode.DUPLICATE_NAME, "volume " + s + " is listed twice in '" + list + "'");
            }
            out.add(s);
        }
        return out;
    }
}
