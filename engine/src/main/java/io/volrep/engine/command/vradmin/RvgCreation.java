package io.volrep.engine.command.vradmin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import io.volrep.engine.api.ErrorCode;
import io.volrep.engine.api.VolrepException;
import io.volrep.engine.command.Engine;
import io.volrep.engine.command.ProgressLines;
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
 * Making an RVG out of existing volumes, the same way for a Primary ({@code createpri}) and for a
 * Secondary ({@code addsec} on the Secondary host), in three steps. {@link #claim}: under the disk group
 * lock, every check, then the volumes are claimed ({@link Volume.Claim}) and the lock released.
 * {@link #formatSrl}: zeros over the SRL and its header, without the lock: on a large SRL that takes
 * minutes, which the other RVGs of the disk group (an SRL overflow, a role change) must not wait
 * for. {@link #create}: under the lock again, the checks once more, then DCMs, the membership record
 * and the start of the RVG. {@link #close} gives the volumes back. A daemon killed at any step leaves
 * the volumes as they were recorded: free (their contents written over, as the command said it would).
 */
public final class RvgCreation implements AutoCloseable {
    private final Engine engine;
    private final DiskGroup dg;
    private final String name;
    private final List<String> dataNames;
    private final String srlName;
    private final Volume.Claim dataClaim;
    private final Volume.Claim srlClaim;
    private List<Volume> data;
    private Volume srl;

    private RvgCreation(Engine engine, DiskGroup dg, String name, List<String> dataNames, String srlName) {
        this.engine = engine;
        this.dg = dg;
        this.name = name;
        this.dataNames = List.copyOf(dataNames);
        this.srlName = srlName;
        this.dataClaim = new Volume.Claim("a data volume of RVG " + name);
        this.srlClaim = new Volume.Claim("the SRL of RVG " + name);
    }

    /**
     * Checks the names, the volumes and the SRL under the disk group lock and claims the volumes; the
     * caller closes the result (in a try-with-resources) to give them back.
     */
    public static RvgCreation claim(Engine engine, DiskGroup dg, String name, List<String> dataNames, String srlName)
            throws VolrepException {
        RvgCreation c = new RvgCreation(engine, dg, name, dataNames, srlName);
        dg.lock().lock();
        try {
            c.check();
            c.claimVolumes();
            return c;
        } finally {
            dg.lock().unlock();
        }
    }

    private void claimVolumes() throws VolrepException {
        for (Volume v : data) {
            take(v, dataClaim);
        }
        take(srl, srlClaim);
    }

    private void take(Volume v, Volume.Claim c) throws VolrepException {
        if (!v.claim(c)) {
            close();
            v.checkUnclaimed(c, "run the command again"); // throws: another claim holds it
        }
    }

    /** Gives the claimed volumes back (they stay in the RVG if {@link #create} made it). Idempotent. */
    @Override
    public void close() {
        for (Volume v : data) {
            v.release(dataClaim);
        }
        if (srl != null) {
            srl.release(srlClaim);
        }
    }

    /** The names, the volumes and the SRL, as they are now; the caller holds the lock. Changes nothing. */
    private void check() throws VolrepException {
        DiskGroups.checkName("RVG", name);
        DiskGroupConfig cfg = dg.config();
        if (cfg.nameTaken(name)) {
            throw new VolrepException(ErrorCode.DUPLICATE_NAME, "disk group " + dg.name() + " on " + engine.config().host()
                    + " already has an object named " + name + ": choose another RVG name");
        }
        List<Volume> data = new ArrayList<>();
        for (String v : dataNames) {
            data.add(free(dg, v, "data volume", dataClaim));
        }
        Volume srl = free(dg, srlName, "SRL", srlClaim);
        if (dataNames.contains(srlName)) {
            throw new VolrepException(ErrorCode.SRL_IS_DATA_VOLUME, "volume " + srlName
                    + " is named both as a data volume and as the SRL: the SRL must be a volume of its own");
        }
        long min = engine.config().srlMinSize();
        if (srl.record().size() < min) {
            throw new VolrepException(ErrorCode.SRL_TOO_SMALL, "SRL " + srlName + " on " + engine.config().host() + " is "
                    + Sizes.human(srl.record().size()) + "; an SRL needs at least " + Sizes.human(min)
                    + ": grow it with vxassist -g " + dg.name() + " growto " + srlName + " " + (min >> 20) + "m");
        }
        for (Volume v : data) {
            if (v.openers() > 0) {
                throw new VolrepException(ErrorCode.VOLUME_BUSY, "volume " + v.name() + " is open by NBD clients: "
                        + "disconnect them before it joins an RVG");
            }
        }
        if (srl.openers() > 0) {
            throw new VolrepException(ErrorCode.VOLUME_BUSY, "volume " + srlName + " is open by NBD clients: "
                    + "disconnect them before it becomes an SRL");
        }
        if (this.srl != null && (this.srl != srl || !this.data.equals(data))) {
            throw new IllegalStateException("claimed volumes of RVG " + name + " were replaced"); // claims forbid it
        }
        this.data = data;
        this.srl = srl;
    }

    /**
     * Writes the SRL's zeros and header; the caller does not hold the lock. Writing zeros over a
     * file-backed SRL takes about a second per GiB: {@code progress} gets a line every 2 s while it lasts.
     */
    public void formatSrl(String rvgId, Consumer<String> progress) throws VolrepException, IOException {
        Srl.format(srl.device(), rvgId, engine.config().srlInitialize(),
                new ProgressLines("writing zeros over SRL " + srl.name(), progress)::report);
    }

    /**
     * Checks again (the RVG name may have been taken meanwhile, an NBD client may have opened a data
     * volume just before the claim), then adds the DCMs (region 0: none), records the RVG and starts it.
     * The caller holds the lock and has formatted the SRL with the same {@code rvgId}.
     */
    public Rvg create(String role, String rvgId, long dcmRegion) throws VolrepException, IOException {
        check();
        for (Volume v : data) {
            dg.setDcm(v, dcmRegion);
        }
        RvgRecord rec = new RvgRecord(name, rvgId, role, srl.name(), data.stream().map(Volume::name).toList(),
                RvgState.EMPTY.name());
        Set<String> members = new LinkedHashSet<>(rec.dataVolumes());
        DiskGroupConfig next = dg.config().mapVolumes(v -> members.contains(v.name())
                ? v.inRvg(name, VolumeRecord.Use.DATA, dcmRegion)
                : v.name().equals(srl.name()) ? v.inRvg(name, VolumeRecord.Use.SRL, 0) : v).withRvg(rec);
        dg.commit(next);
        Rvg rvg = engine.rvgs().register(dg, rec);
        rvg.start();
        return rvg;
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    private static Volume free(DiskGroup dg, String name, String role, Volume.Claim mine) throws VolrepException {
        Volume v = dg.requireVolume(name);
        v.checkUnclaimed(mine, "name it again");
        if (v.record().rvg().isPresent()) {
            throw new VolrepException(ErrorCode.VOLUME_IN_RVG, role + " " + name + " already belongs to RVG "
                    + v.record().rvg().get() + ": a volume can be in one RVG only; choose another volume");
        }
        return v;
    }

    /** Splits {@code vol1,vol2}; an empty or repeated name is an error. */
    public static List<String> splitVolumes(String list) throws VolrepException {
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

    /** Removes an RVG: stops it, drops DCMs and RLINK records, releases the volumes. Caller holds the lock. */
    public static void remove(Engine engine, Rvg rvg) throws IOException {
        DiskGroup dg = rvg.diskGroup();
        if (rvg.started()) {
            rvg.stop();
        }
        for (String v : rvg.record().dataVolumes()) {
            dg.volume(v).ifPresent(vol -> {
                try {
                    dg.setDcm(vol, 0);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        for (var l : rvg.rlinks()) {
            rvg.removeRlink(l.name());
        }
        String name = rvg.name();
        dg.commit(dg.config().mapVolumes(v -> v.rvg().filter(name::equals).isPresent() ? v.released() : v).withoutRvg(name));
        engine.rvgs().unregister(rvg);
    }
}
